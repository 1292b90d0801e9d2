// The page's way to learn what this browser and GPU are, and how fast its WebGPU device multiplies
// matrices: each asked once per document, in a worker of its own that stays (it holds a WebGL
// context, and ending a worker that does waits on the GPU process).
import type { Environment } from './environment.js';
import type { GpuPeakResult } from './measure/gpu-peak.js';
import { WorkerClient } from './worker/client.js';
import type { EnvironmentProtocol } from './worker/environment-protocol.js';
import EnvironmentWorker from './worker/environment.worker?worker';

/** Asking a software GPU for its adapter beside busy cells can take a while. */
const DESCRIBE_TIMEOUT_MS = 60_000;
/** The matmul probe compiles a shader and runs for about a second; on a busy software GPU, longer. */
const PEAK_TIMEOUT_MS = 120_000;

let client: WorkerClient<EnvironmentProtocol> | undefined;
let described: Promise<Environment> | undefined;
let peak: Promise<GpuPeakResult> | undefined;

const environmentWorker = () =>
	(client ??= new WorkerClient<EnvironmentProtocol>(
		() => new EnvironmentWorker({ name: 'environment' })
	));

export function describedEnvironment(): Promise<Environment> {
	described ??= environmentWorker()
		.request({ type: 'describe' }, DESCRIBE_TIMEOUT_MS)
		.then((reply) => reply.environment);
	return described;
}

/** The WebGPU device's matmul rate (see gpu-peak.ts), or why there is none. */
export function measuredGpuPeak(): Promise<GpuPeakResult> {
	peak ??= environmentWorker()
		.request({ type: 'gpu-peak' }, PEAK_TIMEOUT_MS)
		.then(
			(reply) => reply.peak,
			(e: Error) => ({ missing: e.message })
		);
	return peak;
}

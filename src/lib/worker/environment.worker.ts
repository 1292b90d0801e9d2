// Describes this browser and GPU off the page's thread: asking WebGL for its renderer waits on the GPU
// process, and at load, beside GPU cells compiling on a software GPU, that froze the page 0.3 s. It
// also times the WebGPU device's matmul, once asked, on a device of its own.
/// <reference types="@webgpu/types" />
import { describeEnvironment } from '../environment.js';
import { measureGpuPeak, type GpuPeakResult } from '../measure/gpu-peak.js';
import type { EnvironmentReply, EnvironmentRequest } from './environment-protocol.js';

const reply = (message: EnvironmentReply) => self.postMessage(message);

async function gpuPeak(): Promise<GpuPeakResult> {
	const adapter = await navigator.gpu?.requestAdapter();
	if (!adapter) return { missing: 'no WebGPU adapter' };
	const device = await adapter.requestDevice();
	try {
		return await measureGpuPeak(device);
	} finally {
		device.destroy();
	}
}

const answer = async (request: EnvironmentRequest): Promise<EnvironmentReply> =>
	request.type === 'describe'
		? { id: request.id, type: 'described', environment: await describeEnvironment() }
		: { id: request.id, type: 'gpu-peak-measured', peak: await gpuPeak() };

self.onmessage = ({ data: request }: MessageEvent<EnvironmentRequest>) =>
	answer(request).then(reply, (e: Error) =>
		reply({ id: request.id, type: 'error', message: e.message, unavailable: false })
	);

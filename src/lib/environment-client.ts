// The page's way to learn what this browser and GPU are: asked once per document, in a worker of its
// own that stays (it holds a WebGL context, and ending a worker that does waits on the GPU process).
import type { Environment } from './environment.js';
import { WorkerClient } from './worker/client.js';
import type { EnvironmentProtocol } from './worker/environment-protocol.js';
import EnvironmentWorker from './worker/environment.worker?worker';

/** Asking a software GPU for its adapter beside busy cells can take a while. */
const DESCRIBE_TIMEOUT_MS = 60_000;

let described: Promise<Environment> | undefined;

export function describedEnvironment(): Promise<Environment> {
	described ??= new WorkerClient<EnvironmentProtocol>(
		() => new EnvironmentWorker({ name: 'environment' })
	)
		.request({ type: 'describe' }, DESCRIBE_TIMEOUT_MS)
		.then((reply) => reply.environment);
	return described;
}

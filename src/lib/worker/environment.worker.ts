// Describes this browser and GPU off the page's thread: asking WebGL for its renderer waits on the GPU
// process, and at load, beside GPU cells compiling on a software GPU, that froze the page 0.3 s.
import { describeEnvironment } from '../environment.js';
import type { EnvironmentReply, EnvironmentRequest } from './environment-protocol.js';

const reply = (message: EnvironmentReply) => self.postMessage(message);

self.onmessage = ({ data: request }: MessageEvent<EnvironmentRequest>) =>
	describeEnvironment().then(
		(environment) => reply({ id: request.id, type: 'described', environment }),
		(e: Error) => reply({ id: request.id, type: 'error', message: e.message, unavailable: false })
	);

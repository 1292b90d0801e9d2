// The page's way to prepare a model: in a worker of its own (so the page stays responsive while it
// converts), the files transferred there, progress heard, the worker ended afterwards; the same for
// counting a model's work again.
import PrepareWorker from '../worker/prepare.worker?worker';
import { WorkerClient } from '../worker/client.js';
import type { PrepareProtocol } from '../worker/prepare-protocol.js';
import type { ModelFileSet } from './files.js';
import type { PreparedModel } from './prepare.js';
import type { ExternalFile } from '../runtimes/types.js';

/** A conversion of a large model on a slow machine takes minutes; past this, something is wrong. */
const PREPARE_TIMEOUT_MS = 600_000;

/** `use` with a prepare worker of its own, ended afterwards. */
async function inWorker<T>(use: (client: WorkerClient<PrepareProtocol>) => Promise<T>): Promise<T> {
	const client = new WorkerClient<PrepareProtocol>(() => new PrepareWorker({ name: 'prepare' }));
	try {
		return await use(client);
	} finally {
		client.terminate();
	}
}

/** Prepares `set` in a worker; with `keep`, the worker also keeps it in "Your models". */
export function prepareInWorker(
	set: ModelFileSet,
	progress?: (stage: string, fraction: number) => void,
	keep?: { startedAt: number }
): Promise<PreparedModel> {
	return inWorker(async (client) => {
		const reply = await client.request(
			{ type: 'prepare', set, keep },
			PREPARE_TIMEOUT_MS,
			Object.values(set.files).map((f) => f.buffer as ArrayBuffer),
			progress
		);
		return reply.model;
	});
}

/** The ONNX model's multiply-adds a run at `inputShapes`, counted in a worker (the model is copied there). */
export function countInWorker(
	onnx: { bytes: Uint8Array; externalData?: ExternalFile[] },
	inputShapes: Record<string, number[]>
): Promise<number | undefined> {
	return inWorker(
		async (client) =>
			(await client.request({ type: 'count', onnx, inputShapes }, PREPARE_TIMEOUT_MS)).multiplyAdds
	);
}

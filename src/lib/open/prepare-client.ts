// The page's way to prepare a model: in a worker of its own (so the page stays responsive while it
// converts), the files transferred there, progress heard, the worker ended afterwards.
import PrepareWorker from '../worker/prepare.worker?worker';
import { WorkerClient } from '../worker/client.js';
import type { PrepareProtocol } from '../worker/prepare-protocol.js';
import type { ModelFileSet } from './files.js';
import type { PreparedModel } from './prepare.js';

/** A conversion of a large model on a slow machine takes minutes; past this, something is wrong. */
const PREPARE_TIMEOUT_MS = 600_000;

/** Prepares `set` in a worker; with `keep`, the worker also keeps it in "Your models". */
export async function prepareInWorker(
	set: ModelFileSet,
	progress?: (stage: string, fraction: number) => void,
	keep?: { startedAt: number }
): Promise<PreparedModel> {
	const client = new WorkerClient<PrepareProtocol>(() => new PrepareWorker({ name: 'prepare' }));
	try {
		const reply = await client.request(
			{ type: 'prepare', set, keep },
			PREPARE_TIMEOUT_MS,
			Object.values(set.files).map((f) => f.buffer as ArrayBuffer),
			progress
		);
		return reply.model;
	} finally {
		client.terminate();
	}
}

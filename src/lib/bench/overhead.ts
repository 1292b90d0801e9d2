// Harness overhead: the bare loop's steady-state timings for a cell, to set against the harness's own.
import { toModelInput } from '../models/preprocess.js';
import { timingStats, type TimingStats } from '../measure/stats.js';
import type { BareReply, BareRequest } from '../worker/protocol.js';
import type { CellRequest } from './cell.js';

export async function bareLoop(cell: CellRequest): Promise<TimingStats | string> {
	const { framework, backend, model, card, image, plan, timeouts } = cell;
	const worker = cell.spawn();
	try {
		const request: BareRequest = {
			framework,
			backend,
			model,
			input: toModelInput(image, card),
			...plan
		};
		const reply = await new Promise<BareReply>((resolve) => {
			const timer = setTimeout(
				() => resolve({ ok: false, message: `no answer within ${timeouts.measureMs / 1000} s` }),
				timeouts.measureMs
			);
			worker.onmessage = (event: MessageEvent<BareReply>) => {
				clearTimeout(timer);
				resolve(event.data);
			};
			worker.onerror = (event) => resolve({ ok: false, message: event.message });
			worker.postMessage(request);
		});
		return reply.ok ? timingStats(reply.runs) : reply.message;
	} finally {
		worker.terminate();
	}
}

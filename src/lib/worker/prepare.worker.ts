// Opens a user's model off the main thread: reads and checks its files, converts a TF.js model to its
// ONNX twins with the same converter as `npm run convert`, counts its work again at the shapes the
// user chose, and always replies (progress on the way).
import { guessChoices } from '../open/choices.js';
import { countWork, prepareModel } from '../open/prepare.js';
import { saveModel } from '../open/store.js';
import type { PrepareReply, PrepareRequest } from './prepare-protocol.js';

function reply(message: PrepareReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

self.onmessage = async ({ data: request }: MessageEvent<PrepareRequest>) => {
	try {
		if (request.type === 'count') {
			const multiplyAdds = await countWork(request.onnx, request.inputShapes);
			reply({ id: request.id, type: 'counted', multiplyAdds });
			return;
		}
		const model = await prepareModel(request.set, {
			inputShapes: request.inputShapes,
			onProgress: (stage, fraction) => reply({ id: request.id, type: 'progress', stage, fraction })
		});
		if (request.keep) {
			const coldMs = Date.now() - request.keep.startedAt;
			const choices = guessChoices(model);
			await saveModel({
				name: model.name,
				savedAt: Date.now(),
				prepared: model,
				choices,
				coldMs
			}).catch((e: Error) =>
				model.problems.push(`kept for this visit only, not in this browser: ${e.message}`)
			);
		}
		// The twins go back transferred, not copied: the page's thread never copies a model.
		const { tfjs, onnx, onnxWebgl } = model.source;
		const buffers = new Set(
			[tfjs, onnx, onnxWebgl].flatMap((t) =>
				'bytes' in t
					? [t.bytes.buffer, ...(t.externalData ?? []).map((f) => f.data.buffer)]
					: 'weights' in t
						? [t.weights.buffer, t.modelJson.buffer]
						: []
			)
		);
		reply({ id: request.id, type: 'prepared', model }, [...buffers] as ArrayBuffer[]);
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		reply({ id: request.id, type: 'error', message, unavailable: false });
	}
};

// One inference worker per (framework, backend) cell: loads one runtime, measures it, always replies.
import { ortAdapter } from '../runtimes/ort.js';
import { tfjsAdapter } from '../runtimes/tfjs.js';
import { UnavailableError, type LoadedModel, type OutputTensors } from '../runtimes/types.js';
import { measure } from '../measure/measure.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

let loaded: LoadedModel | undefined;

function reply(message: WorkerReply, outputs?: OutputTensors): void {
	const buffers = new Set(
		outputs ? Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer) : []
	);
	self.postMessage(message, { transfer: [...buffers] });
}

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.type) {
		case 'load': {
			const started = performance.now();
			const adapter = request.framework === 'tfjs' ? tfjsAdapter : ortAdapter;
			loaded = await adapter.load(request.model, request.options);
			reply({
				id: request.id,
				type: 'loaded',
				info: loaded.info,
				loadMs: performance.now() - started
			});
			return;
		}
		case 'measure': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const { outputs, firstRunMs, runs } = await measure(
				loaded,
				request.image,
				request.card,
				request.plan
			);
			reply({ id: request.id, type: 'measured', outputs, firstRunMs, runs }, outputs);
			return;
		}
		case 'dispose':
			await loaded?.dispose();
			loaded = undefined;
			reply({ id: request.id, type: 'disposed' });
	}
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
	handle(event.data).catch((e: unknown) => {
		const message = e instanceof Error ? e.message : String(e);
		reply({
			id: event.data.id,
			type: 'error',
			message,
			unavailable: e instanceof UnavailableError
		});
	});
};

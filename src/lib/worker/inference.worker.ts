// One inference worker per (framework, backend) cell: loads one runtime, measures it, always replies.
import { ortAdapter } from '../runtimes/ort.js';
import { tfjsAdapter } from '../runtimes/tfjs.js';
import {
	UnavailableError,
	type LoadedModel,
	type LoadOptions,
	type ModelSource,
	type OutputTensors
} from '../runtimes/types.js';
import { measure, timedRun } from '../measure/measure.js';
import { measureOverhead } from '../measure/overhead.js';
import { toModelInput } from '../models/preprocess.js';
import { bareRun } from './bare-run.js';
import { readFrame } from './frame.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

let loaded: { model: LoadedModel; source: ModelSource; options: LoadOptions } | undefined;

/** Milliseconds one call of `run` takes. */
async function time(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

function reply(message: WorkerReply, outputs?: OutputTensors, frame?: ImageBitmap): void {
	const buffers: Set<Transferable> = new Set(
		outputs ? Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer) : []
	);
	if (frame) buffers.add(frame);
	self.postMessage(message, { transfer: [...buffers] });
}

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.type) {
		case 'load': {
			const started = performance.now();
			const adapter = request.framework === 'tfjs' ? tfjsAdapter : ortAdapter;
			const model = await adapter.load(request.model, request.options);
			loaded = { model, source: request.model, options: request.options };
			reply({
				id: request.id,
				type: 'loaded',
				info: model.info,
				loadMs: performance.now() - started
			});
			return;
		}
		case 'measure': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const measurement = await measure(loaded.model, request.image, request.card, request.plan);
			reply({ id: request.id, type: 'measured', ...measurement }, measurement.outputs);
			return;
		}
		case 'infer': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const started = performance.now();
			const image = readFrame(request.frame);
			const readBack = performance.now() - started;
			const { outputs, task, timing } = await timedRun(loaded.model, image, request.card);
			timing.preprocess += readBack;
			// The frame goes back with its result: the page draws the overlay on the very frame it is for.
			const { frame } = request;
			reply({ id: request.id, type: 'inferred', outputs, task, timing, frame }, outputs, frame);
			return;
		}
		case 'overhead': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const { model, source, options } = loaded;
			const { image, card } = request;
			const bare = await bareRun(model.info.framework, source, options);
			const input = toModelInput(image, card);
			await bare(input);
			const overhead = await measureOverhead(
				async () => (await timedRun(model, image, card)).timing.inference,
				() => time(() => bare(input)),
				request.plan
			);
			reply({ id: request.id, type: 'overheadMeasured', overhead });
			return;
		}
		case 'dispose':
			await loaded?.model.dispose();
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

// One inference worker per (framework, backend) cell: loads its runtime, measures it (against a
// baseline in the same worker when asked, see baselines.ts), profiles it, and always replies.
import { frameRunner, measure, type RunTiming } from '../measure/measure.js';
import { summarize, type OpProfileResult } from '../measure/op-profile.js';
import { comparePaired } from '../measure/paired.js';
import { typicalMs, warmUp } from '../measure/warm-up.js';
import type { RgbaImage } from '../models/image.js';
import { FrameInputs, modelInputs } from '../models/preprocess.js';
import { ADAPTERS } from '../runtimes/adapters.js';
import { UnavailableError, type OutputTensors } from '../runtimes/types.js';
import { agreeing, baselineRun, type Loaded } from './baselines.js';
import { describeFault, unlessGpuLost, watchGpuLoss } from './faults.js';
import { memoryUse, tapMemory } from './memory-tap.js';
import { PixelInbox } from './pixel-inbox.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

// Before any runtime loads (they are imported when a model is).
tapMemory();
watchGpuLoss();

let loaded: Loaded | undefined;
/** The frames' pixels the frame reader sends this worker, when it runs a cell. */
let inbox: PixelInbox | undefined;
/** The last image the loaded model ran on: comparisons run on it. */
let lastImage: RgbaImage | undefined;

/** The loaded model's profile on `image`, or why its runtime gives none. */
async function profile(
	{ model, run }: Loaded,
	image: RgbaImage,
	runs: number
): Promise<OpProfileResult> {
	try {
		return summarize(await model.profile(modelInputs(image, run.inputs), runs));
	} catch (e) {
		if (e instanceof UnavailableError) return { unavailable: e.message };
		throw e;
	}
}

function reply(message: WorkerReply, outputs?: OutputTensors): void {
	const buffers: Set<Transferable> = new Set(
		outputs ? Object.values(outputs).map((o) => o.data.buffer as ArrayBuffer) : []
	);
	self.postMessage(message, { transfer: [...buffers] });
}

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.type) {
		case 'load': {
			const started = performance.now();
			const model = await ADAPTERS[request.framework].load(request.model, request.options);
			const frames = new FrameInputs(request.run.inputs);
			// A runtime with an image path of its own says which path the cell's frames take.
			const inputPath = request.options.inputPath ?? 'kernel';
			loaded = {
				model,
				source: request.model,
				run: request.run,
				options: request.options,
				frames,
				runFrame: frameRunner(model, request.run, inputPath, frames)
			};
			if (request.frames) inbox = new PixelInbox(request.frames);
			const info = model.imagePath
				? { ...model.info, settings: { ...model.info.settings, inputPath } }
				: model.info;
			reply({
				id: request.id,
				type: 'loaded',
				info,
				loadMs: performance.now() - started,
				memory: memoryUse()
			});
			return;
		}
		case 'measure': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const measurement = await measure(
				loaded.model,
				request.image,
				loaded.run,
				request.plan,
				loaded.runFrame
			);
			lastImage = request.image;
			reply(
				{ id: request.id, type: 'measured', ...measurement, memory: memoryUse() },
				measurement.outputs
			);
			return;
		}
		case 'infer': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const { pixels } = request;
			if ('token' in pixels && !inbox) throw new Error('no frame reader sends this worker pixels');
			const image = 'image' in pixels ? pixels.image : await inbox!.take(pixels.token);
			const { outputs, task, timing } = await loaded.runFrame(image);
			lastImage = image;
			const memory = memoryUse();
			reply({ id: request.id, type: 'inferred', outputs, task, timing, memory }, outputs);
			return;
		}
		case 'compare': {
			if (!loaded || !lastImage) throw new Error('the model has not run in this worker yet');
			const image = lastImage;
			const { runFrame } = loaded;
			// Against the runtime's image path, the cell's own way to the input counts too.
			const part = (t: RunTiming) =>
				request.baseline.kind === 'runtime-image' ? t.preprocess + t.inference : t.inference;
			const cellRun = async () => part((await runFrame(image)).timing);
			const baseline = await baselineRun(loaded, request.baseline, image);
			try {
				// Another framework's runs, or another way to the input, are not the cell's to come
				// near: they warm until they settle.
				const own = request.baseline.kind === 'bare' || request.baseline.kind === 'optimization';
				await warmUp(baseline.run, own ? await typicalMs(cellRun) : undefined);
				const comparison = await comparePaired(cellRun, baseline.run, request.plan);
				const agreement = baseline.answer && (await agreeing(loaded, image, baseline.answer));
				reply({ id: request.id, type: 'compared', comparison, ...(agreement && { agreement }) });
			} finally {
				await baseline.dispose();
			}
			return;
		}
		case 'profile': {
			if (!loaded || !lastImage) throw new Error('the model has not run in this worker yet');
			reply({
				id: request.id,
				type: 'profiled',
				profile: await profile(loaded, lastImage, request.runs)
			});
			return;
		}
		case 'dispose':
			await loaded?.model.dispose();
			loaded = undefined;
			lastImage = undefined;
			reply({ id: request.id, type: 'disposed' });
	}
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
	unlessGpuLost(handle(event.data)).catch((e: unknown) => {
		reply({
			id: event.data.id,
			type: 'error',
			message: describeFault(e),
			unavailable: e instanceof UnavailableError
		});
	});
};

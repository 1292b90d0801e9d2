// One inference worker per (framework, backend) cell: loads its runtime, measures it (against a
// baseline in the same worker when asked: bare calls, a second session, the other framework), and
// always replies.
import { ortAdapter } from '../runtimes/ort.js';
import { tfjsAdapter } from '../runtimes/tfjs.js';
import {
	UnavailableError,
	type Framework,
	type LoadedModel,
	type LoadOptions,
	type ModelSource,
	type OutputTensors,
	type RuntimeAdapter
} from '../runtimes/types.js';
import { runAgreement, type Answer } from '../measure/agreement.js';
import { measure, timedRun, type RunTiming } from '../measure/measure.js';
import { summarize, type OpProfileResult } from '../measure/op-profile.js';
import { comparePaired } from '../measure/paired.js';
import { timed, typicalMs, warmUp } from '../measure/warm-up.js';
import type { RunSpec } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import { FrameInputs, modelInputs } from '../models/preprocess.js';
import { findTask } from '../tasks/index.js';
import { bareRun } from './bare-run.js';
import { describeFault, unlessGpuLost, watchGpuLoss } from './faults.js';
import { memoryUse, tapMemory } from './memory-tap.js';
import { PixelInbox } from './pixel-inbox.js';
import type { AnswersAgree, Baseline, WorkerReply, WorkerRequest } from './protocol.js';

const adapters: Record<Framework, RuntimeAdapter> = { ort: ortAdapter, tfjs: tfjsAdapter };

// Before any runtime loads (they are imported when a model is).
tapMemory();
watchGpuLoss();

type Loaded = {
	model: LoadedModel;
	source: ModelSource;
	run: RunSpec;
	options: LoadOptions;
	/** The arrays each frame's inputs are written into. */
	frames: FrameInputs;
};
let loaded: Loaded | undefined;
/** The frames' pixels the frame reader sends this worker, when it runs a cell. */
let inbox: PixelInbox | undefined;
/** The last image the loaded model ran on: comparisons run on it. */
let lastImage: RgbaImage | undefined;

/** `framework`'s twin on the cell's backend, or an error where that runtime fell back to another. */
async function otherFramework(
	framework: Framework,
	source: ModelSource,
	options: LoadOptions
): Promise<LoadedModel> {
	const other = await adapters[framework].load(source, options);
	if (other.info.actual === options.backend) return other;
	await other.dispose();
	throw new UnavailableError(
		`${framework} ran on ${other.info.actual}, not ${options.backend}: no pair to compare`
	);
}

/** The model a baseline of a second session or the other framework runs, loaded in this worker. */
function otherModel(
	framework: Framework,
	baseline: Extract<Baseline, { kind: 'framework' | 'optimization' }>,
	source: ModelSource,
	options: LoadOptions
): Promise<LoadedModel> {
	if (baseline.kind === 'framework') return otherFramework(baseline.framework, source, options);
	if (framework !== 'ort')
		throw new Error('graph optimization levels are an ONNX Runtime setting; this cell runs TF.js');
	return ortAdapter.load(source, { ...options, graphOptimization: baseline.level });
}

/** A baseline in the cell's worker: one timed run, its answer where it has one of its own, its clean-up. */
interface BaselineRun {
	run: () => Promise<number>;
	answer?: () => Promise<Answer>;
	dispose: () => Promise<void>;
}

/** The cell's model fed by its runtime's own image path (timed without the task's decoding). */
async function runtimeImageRun({ model, run }: Loaded, image: RgbaImage): Promise<BaselineRun> {
	if (!model.imagePath)
		throw new UnavailableError(
			`${model.info.framework} has no image path of its own: its inputs are made on the CPU`
		);
	const path = await model.imagePath(image, run.inputs);
	try {
		await path.run();
	} catch (e) {
		path.dispose();
		throw e;
	}
	return {
		run: () => timed(() => path.run()),
		answer: async () => {
			const outputs = await path.run();
			return { outputs, task: findTask(run.task.id).decode(outputs, run.task) };
		},
		dispose: async () => path.dispose()
	};
}

/** How the baseline's answer on `image` agrees with the cell's own. */
async function agreeing(
	{ model, run, frames }: Loaded,
	image: RgbaImage,
	answer: () => Promise<Answer>
): Promise<AnswersAgree> {
	const { outputs, task } = await timedRun(model, image, run, frames);
	const { same, line, worstRelToPeak } = runAgreement(
		run.task.id,
		{ outputs, task },
		await answer(),
		image
	);
	return { same, line, worstRelToPeak };
}

/** One timed run of the baseline on `image` (after a first, untimed one), and its clean-up. */
async function baselineRun(
	loaded: Loaded,
	baseline: Baseline,
	image: RgbaImage
): Promise<BaselineRun> {
	const { model, source, run, options } = loaded;
	if (baseline.kind === 'runtime-image') return runtimeImageRun(loaded, image);
	if (baseline.kind === 'bare') {
		const bare = await bareRun(model.info.framework, source, options);
		const inputs = modelInputs(image, run.inputs);
		await bare(inputs);
		return { run: () => timed(() => bare(inputs)), dispose: async () => {} };
	}
	const other = await otherModel(model.info.framework, baseline, source, options);
	const frames = new FrameInputs(run.inputs);
	await timedRun(other, image, run, frames);
	return {
		run: async () => (await timedRun(other, image, run, frames)).timing.inference,
		dispose: () => other.dispose()
	};
}

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
			const model = await adapters[request.framework].load(request.model, request.options);
			loaded = {
				model,
				source: request.model,
				run: request.run,
				options: request.options,
				frames: new FrameInputs(request.run.inputs)
			};
			if (request.frames) inbox = new PixelInbox(request.frames);
			reply({
				id: request.id,
				type: 'loaded',
				info: model.info,
				loadMs: performance.now() - started,
				memory: memoryUse()
			});
			return;
		}
		case 'measure': {
			if (!loaded) throw new Error('no model is loaded in this worker');
			const measurement = await measure(loaded.model, request.image, loaded.run, request.plan);
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
			const { outputs, task, timing } = await timedRun(
				loaded.model,
				image,
				loaded.run,
				loaded.frames
			);
			lastImage = image;
			const memory = memoryUse();
			reply({ id: request.id, type: 'inferred', outputs, task, timing, memory }, outputs);
			return;
		}
		case 'compare': {
			if (!loaded || !lastImage) throw new Error('the model has not run in this worker yet');
			const { model, run, frames } = loaded;
			const image = lastImage;
			// Against the runtime's image path, the cell's own way to the input counts too.
			const part = (t: RunTiming) =>
				request.baseline.kind === 'runtime-image' ? t.preprocess + t.inference : t.inference;
			const cellRun = async () => part((await timedRun(model, image, run, frames)).timing);
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

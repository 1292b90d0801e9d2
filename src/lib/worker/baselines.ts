// What a cell's runs are compared with, in the cell's own worker (see Baseline): the library called
// directly on the cell's own session, a second ONNX Runtime session, the other framework's twin, or the runtime's own image path; each
// gives timed runs, and its own answer where it has one.
import { runAgreement, type Answer } from '../measure/agreement.js';
import { toleranceOf } from '../measure/tolerance.js';
import { imagePathOf, timedRun, type FrameRun } from '../measure/measure.js';
import { timed } from '../measure/warm-up.js';
import type { RunSpec } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import { FrameInputs, modelInputs } from '../models/preprocess.js';
import { ADAPTERS } from '../runtimes/adapters.js';
import {
	UnavailableError,
	type Framework,
	type LoadedModel,
	type LoadOptions,
	type ModelSource
} from '../runtimes/types.js';
import { findTask } from '../tasks/index.js';
import type { AnswersAgree, Baseline } from './protocol.js';

/** The cell's model as its worker holds it. */
export type Loaded = {
	model: LoadedModel;
	source: ModelSource;
	run: RunSpec;
	options: LoadOptions;
	/** The arrays each frame's inputs are written into (by Twinfer's kernel). */
	frames: FrameInputs;
	/** How the cell runs a frame (its input path: see frameRunner). */
	runFrame: FrameRun;
};

/** `framework`'s twin on the cell's backend, or an error where that runtime fell back to another. */
async function otherFramework(
	framework: Framework,
	source: ModelSource,
	options: LoadOptions
): Promise<LoadedModel> {
	const other = await ADAPTERS[framework].load(source, options);
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
	return ADAPTERS.ort.load(source, { ...options, graphOptimization: baseline.level });
}

/** A baseline in the cell's worker: one timed run, its answer where it has one of its own, its clean-up. */
export interface BaselineRun {
	run: () => Promise<number>;
	answer?: () => Promise<Answer>;
	dispose: () => Promise<void>;
}

/** The cell's model fed by its runtime's own image path (timed without the task's decoding). */
async function runtimeImageRun({ model, run }: Loaded, image: RgbaImage): Promise<BaselineRun> {
	const path = await imagePathOf(model)(image, run.inputs);
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
export async function agreeing(
	{ model, run, runFrame }: Loaded,
	image: RgbaImage,
	answer: () => Promise<Answer>
): Promise<AnswersAgree> {
	const { outputs, task } = await runFrame(image);
	const backend = model.info.requested;
	const { same, line, worstRelToPeak } = runAgreement(
		run.task.id,
		{ outputs, task },
		await answer(),
		image,
		toleranceOf(backend, backend)
	);
	return { same, line, worstRelToPeak };
}

/**
 * One timed run of the baseline on `image` (one with a session of its own has had a first, untimed
 * run), and its clean-up.
 */
export async function baselineRun(
	loaded: Loaded,
	baseline: Baseline,
	image: RgbaImage
): Promise<BaselineRun> {
	const { model, source, run, options } = loaded;
	if (baseline.kind === 'runtime-image') return runtimeImageRun(loaded, image);
	if (baseline.kind === 'bare') {
		const inputs = modelInputs(image, run.inputs);
		return { run: () => timed(() => model.direct(inputs)), dispose: async () => {} };
	}
	const other = await otherModel(model.info.framework, baseline, source, options);
	const frames = new FrameInputs(run.inputs);
	await timedRun(other, image, run, frames);
	return {
		run: async () => (await timedRun(other, image, run, frames)).timing.inference,
		dispose: () => other.dispose()
	};
}

// The measurement loop, run inside the worker with performance.now(): a compile-only pass if asked,
// a first run (shader compile on GPU backends), warm-up until run times settle, then steady-state runs split into pre-processing,
// inference (including the download of every output) and post-processing, for at least N runs and T s.
import type { RunSpec } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import { FrameInputs, modelInputs } from '../models/preprocess.js';
import {
	UnavailableError,
	type InputPath,
	type LoadedModel,
	type OutputTensors
} from '../runtimes/types.js';
import { findTask } from '../tasks/index.js';
import type { TaskResult } from '../tasks/types.js';
import { median } from './stats.js';

/**
 * How long to measure: at least `warmups` untimed runs (the first included) and `warmupSeconds`, more
 * until run times settle (for at most SETTLE_FACTOR times as long), then at least `runs` timed runs and `seconds`.
 */
export interface MeasurePlan {
	warmups: number;
	warmupSeconds: number;
	runs: number;
	seconds: number;
	/** Compile every kernel ahead of the first run, where the runtime can (see LoadedModel.compileAhead). */
	compileAhead?: boolean;
}

/** What the warm-up took, and whether run times had settled when it ended. */
export interface Warmup {
	runs: number;
	ms: number;
	settled: boolean;
}

/** The fewest warm-up runs that can count as settled. */
const FEWEST = 10;
/** How much longer than `warmupSeconds` a warm-up may go on waiting for run times to settle. */
export const SETTLE_FACTOR = 6;

/**
 * Whether run times have settled: the median of the last third of the warm-up runs is within 10% of
 * the median of the third before. A browser compiles WASM twice: fast baseline code first, then
 * optimized code for the functions that get hot, in the background (which on two cores also slows the
 * page's own work); runs get faster gradually, over tens of seconds for a large module, so the windows
 * grow with the warm-up instead of comparing the last few runs.
 */
export function settled(times: readonly number[]): boolean {
	if (times.length < FEWEST) return false;
	const third = Math.floor(times.length / 3);
	const last = median(times.slice(-third));
	const before = median(times.slice(-2 * third, -third));
	return Math.abs(last - before) <= 0.1 * before;
}

/** One steady-state run, in milliseconds. */
export interface RunTiming {
	preprocess: number;
	inference: number;
	postprocess: number;
}

export interface Measurement {
	/** The last run's outputs, and the task's result for them. */
	outputs: OutputTensors;
	task: TaskResult;
	firstRunMs: number;
	/** With `compileAhead` asked for: the compile-only pass's time, or why the runtime has none. */
	compileAhead?: { ms: number } | { unavailable: string };
	warmup: Warmup;
	runs: RunTiming[];
}

/** The runtime's compile-only pass on the photo's inputs, timed, or why there is none. */
async function compileAhead(
	model: LoadedModel,
	image: RgbaImage,
	run: RunSpec
): Promise<NonNullable<Measurement['compileAhead']>> {
	if (!model.compileAhead)
		return {
			unavailable: `${model.info.framework} on ${model.info.actual} has no compile-only pass`
		};
	const start = performance.now();
	await model.compileAhead(modelInputs(image, run.inputs));
	return { ms: performance.now() - start };
}

/**
 * One run as a user gets it: the photo to the model's inputs (into `frames`' arrays), the model, the
 * task's result.
 */
export async function timedRun(
	model: LoadedModel,
	image: RgbaImage,
	run: RunSpec,
	frames: FrameInputs
): Promise<{ outputs: OutputTensors; task: TaskResult; timing: RunTiming }> {
	const t0 = performance.now();
	const inputs = frames.lend(image);
	const t1 = performance.now();
	let outputs: OutputTensors;
	try {
		outputs = await model.run(inputs);
	} finally {
		frames.giveBack(inputs);
	}
	const t2 = performance.now();
	const task = findTask(run.task.id).decode(outputs, run.task);
	const t3 = performance.now();
	return {
		outputs,
		task,
		timing: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 }
	};
}

/** One run as a user gets it, timed: a frame to the model's inputs, the model, the task's result. */
export type FrameRun = (
	image: RgbaImage
) => Promise<{ outputs: OutputTensors; task: TaskResult; timing: RunTiming }>;

/** `model`'s own image path, or an UnavailableError where its runtime has none. */
export function imagePathOf(model: LoadedModel): NonNullable<LoadedModel['imagePath']> {
	if (!model.imagePath)
		throw new UnavailableError(
			`${model.info.framework} has no image path of its own: its inputs are made on the CPU`
		);
	return model.imagePath.bind(model);
}

/**
 * How `model` runs a frame: through Twinfer's kernel into `frames`' arrays, or through the runtime's
 * own image path (the frame made ready for it, then the model makes its inputs on its backend: that
 * part counts as inference); an UnavailableError where the runtime has no image path.
 */
export function frameRunner(
	model: LoadedModel,
	run: RunSpec,
	path: InputPath,
	frames: FrameInputs
): FrameRun {
	if (path === 'kernel') return (image) => timedRun(model, image, run, frames);
	const imagePath = imagePathOf(model);
	return async (image) => {
		const t0 = performance.now();
		const ready = await imagePath(image, run.inputs);
		const t1 = performance.now();
		let outputs: OutputTensors;
		try {
			outputs = await ready.run();
		} finally {
			ready.dispose();
		}
		const t2 = performance.now();
		const task = findTask(run.task.id).decode(outputs, run.task);
		return {
			outputs,
			task,
			timing: { preprocess: t1 - t0, inference: t2 - t1, postprocess: performance.now() - t2 }
		};
	};
}

/** The measurement of `runFrame` (a frame to the inputs, the model, the task's result) on the photo. */
export async function measure(
	model: LoadedModel,
	image: RgbaImage,
	run: RunSpec,
	plan: MeasurePlan,
	runFrame: FrameRun
): Promise<Measurement> {
	const once = () => runFrame(image);
	const total = ({ preprocess, inference, postprocess }: RunTiming) =>
		preprocess + inference + postprocess;
	const ahead = plan.compileAhead ? await compileAhead(model, image, run) : undefined;
	const started = performance.now();
	const first = await once();
	let { outputs, task } = first;
	const warmups = [total(first.timing)];
	const warming = () => {
		const seconds = (performance.now() - started) / 1000;
		if (warmups.length < plan.warmups || seconds < plan.warmupSeconds) return true;
		return !settled(warmups) && seconds < SETTLE_FACTOR * plan.warmupSeconds;
	};
	while (warming()) {
		const run = await once();
		({ outputs, task } = run);
		warmups.push(total(run.timing));
	}
	const warmup = {
		runs: warmups.length,
		ms: performance.now() - started,
		settled: settled(warmups)
	};
	const runs: RunTiming[] = [];
	const begin = performance.now();
	while (runs.length < plan.runs || performance.now() - begin < plan.seconds * 1000) {
		const run = await once();
		({ outputs, task } = run);
		runs.push(run.timing);
	}
	return { outputs, task, firstRunMs: total(first.timing), compileAhead: ahead, warmup, runs };
}

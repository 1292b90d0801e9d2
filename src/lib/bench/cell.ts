// Runs one cell in its own worker: load, first run, steady state; never throws.
import type { Measurement, MeasurePlan, RunTiming, Warmup } from '../measure/measure.js';
import { timingStats, type TimingStats } from '../measure/stats.js';
import type { RunSpec } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import type { CellSpec } from '../runtimes/cells.js';
import type {
	CellSettings,
	Backend,
	Framework,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';
import { CellError, InferenceWorkerClient } from '../worker/client.js';
import type { MemoryUse } from '../worker/memory-tap.js';
import { compare, type Comparison, type ComparisonPlan } from '../worker/compare.js';
import type { TaskResult } from '../tasks/types.js';
import { runAgreement, type Answer, type RunAgreement } from '../measure/agreement.js';
import { numericsOf, toleranceOf } from '../measure/tolerance.js';
import type { OpProfileResult } from '../measure/op-profile.js';

export interface CellResult {
	/** The cell's id in the registry (runtimes/cells.ts), with its framework and backend. */
	cell: string;
	framework: Framework;
	backend: Backend;
	status: 'ok' | 'unavailable' | 'error';
	message?: string;
	info?: RuntimeInfo;
	loadMs?: number;
	firstRunMs?: number;
	/** The compile-only pass before the first run, when the plan asked for one, or why there is none. */
	compileAhead?: Measurement['compileAhead'];
	warmup?: Warmup;
	/** Steady-state timings per phase; `total` is their sum per run (none when no run was timed). */
	stats?: {
		preprocess: TimingStats;
		inference: TimingStats;
		postprocess: TimingStats;
		total: TimingStats;
	};
	/** The last run's outputs and the task's result for them. */
	outputs?: OutputTensors;
	task?: TaskResult;
	/** What the cell's worker held after its runs. */
	memory?: MemoryUse;
	/** The comparisons asked for, in the order asked. */
	comparisons?: Comparison[];
	/** Where the time goes, when asked for: the runtime's per-op times, or why there are none. */
	profile?: OpProfileResult;
}

export interface CellTimeouts {
	loadMs: number;
	measureMs: number;
}

/** One cell to run: which of the registry's cells, the model, the photo and how long to measure. */
export interface CellRequest {
	spawn: () => Worker;
	cell: CellSpec;
	model: ModelSource;
	run: RunSpec;
	image: RgbaImage;
	plan: MeasurePlan;
	timeouts: CellTimeouts;
	graphOptimization?: LoadOptions['graphOptimization'];
	/** The settings chosen for the cell (the runtimes' defaults where none is). */
	settings?: CellSettings;
	comparisons?: ComparisonPlan[];
	/** Runs to profile after the timed ones (none when absent or 0). */
	profileRuns?: number;
}

/** A cell's answer (its last run's outputs and the task's result), if it ran. */
export const answerOf = (r: CellResult | undefined): Answer | undefined =>
	r?.outputs && r.task ? { outputs: r.outputs, task: r.task } : undefined;

/** `result` as a row keeps it: without its answer (held only to work out agreement) or its raw profile. */
export function withoutAnswer(
	result: CellResult
): Omit<CellResult, 'outputs' | 'task' | 'profile'> {
	const row = { ...result };
	delete row.outputs;
	delete row.task;
	delete row.profile;
	return row;
}

/**
 * How `result` agrees with `reference` on task `taskId` on `image`, held to the tolerance of the two
 * as they ran; undefined where either gave no answer.
 */
export function agreementWith(
	reference: CellResult | undefined,
	result: CellResult,
	taskId: string,
	image: RgbaImage
): RunAgreement | undefined {
	const [expected, answer] = [answerOf(reference), answerOf(result)];
	if (!expected || !answer) return undefined;
	const numerics = (r: CellResult) => numericsOf(r.backend, r.info?.settings);
	return runAgreement(
		taskId,
		expected,
		answer,
		image,
		toleranceOf(numerics(reference!), numerics(result))
	);
}

/** A copy of the photo to transfer to the worker: the caller keeps its own. */
const copy = (image: RgbaImage): RgbaImage => ({
	width: image.width,
	height: image.height,
	data: image.data.slice()
});

/** Each phase's timings over the steady-state runs, and their sum per run. */
function steadyStats(runs: RunTiming[]): NonNullable<CellResult['stats']> {
	return {
		preprocess: timingStats(runs.map((r) => r.preprocess)),
		inference: timingStats(runs.map((r) => r.inference)),
		postprocess: timingStats(runs.map((r) => r.postprocess)),
		total: timingStats(runs.map((r) => r.preprocess + r.inference + r.postprocess))
	};
}

/** The cell's profile; a failure is said, never thrown (the cell's figures stand without it). */
async function profiled(
	client: InferenceWorkerClient,
	runs: number,
	timeoutMs: number
): Promise<OpProfileResult> {
	try {
		return (await client.request({ type: 'profile', runs }, timeoutMs)).profile;
	} catch (e) {
		return { error: (e as Error).message };
	}
}

export async function runCell(request: CellRequest): Promise<CellResult> {
	const { model, run, image, plan, timeouts, graphOptimization } = request;
	const { framework, backend } = request.cell;
	const client = new InferenceWorkerClient(request.spawn);
	const cell = { cell: request.cell.id, framework, backend };
	try {
		const loaded = await client.request(
			{
				type: 'load',
				framework,
				model,
				run,
				options: { ...request.cell.load, ...request.settings, backend, graphOptimization }
			},
			timeouts.loadMs
		);
		const pixels = copy(image);
		const measured = await client.request(
			{ type: 'measure', image: pixels, plan },
			timeouts.measureMs,
			[pixels.data.buffer]
		);
		const stats = measured.runs.length ? steadyStats(measured.runs) : undefined;
		// With no timed runs (a check of outputs only), comparison blocks are sized by the first run.
		const p50 = stats?.inference.median ?? measured.firstRunMs;
		const comparisons: Comparison[] = [];
		for (const plan of request.comparisons ?? [])
			comparisons.push(await compare(client, plan, p50, timeouts.measureMs));
		const profile = request.profileRuns
			? await profiled(client, request.profileRuns, timeouts.measureMs)
			: undefined;
		return {
			...cell,
			status: 'ok',
			info: loaded.info,
			loadMs: loaded.loadMs,
			firstRunMs: measured.firstRunMs,
			compileAhead: measured.compileAhead,
			warmup: measured.warmup,
			stats,
			outputs: measured.outputs,
			task: measured.task,
			memory: measured.memory,
			comparisons,
			profile
		};
	} catch (e) {
		const unavailable = e instanceof CellError && e.unavailable;
		return {
			...cell,
			status: unavailable ? 'unavailable' : 'error',
			message: (e as Error).message
		};
	} finally {
		client.terminate();
	}
}

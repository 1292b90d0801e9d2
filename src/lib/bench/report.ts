// What the bench page leaves for `npm run bench` and the browser tests (window.__twinferBench).
import type { Evidence } from '../claims/evidence.js';
import type { Verdict } from '../claims/verdict.js';
import { describeComparison, gflops, shareOfPeak } from '../format.js';
import type { Baseline } from '../worker/protocol.js';
import type { Environment } from '../environment.js';
import type { GpuPeakResult } from '../measure/gpu-peak.js';
import type { MeasurePlan } from '../measure/measure.js';
import type { RunAgreement } from '../measure/agreement.js';
import { toleranceBound } from '../measure/tolerance.js';
import type { OpProfile, OpProfileResult, OpTime } from '../measure/op-profile.js';
import type { GraphOptimization } from '../runtimes/types.js';
import type { CellResult } from './cell.js';

export interface BenchRow extends Omit<CellResult, 'outputs' | 'task' | 'profile'> {
	/** With profile=1: the op types by time per run, most first (see OpProfile). */
	profile?: OpTime[];
	/** What timed the ops, in how many runs, their sum and a profiled run's time; or why there are none. */
	profiler?: Omit<OpProfile, 'ops'> | { unavailable: string } | { error: string };
	/** Agreement with the reference cell (absent on the reference itself and on failed cells). */
	agreement?: RunAgreement;
	/** Billions of floating-point operations a second over the median run (where the model's work is known). */
	gflops?: number;
	/** With first-runs=1, a GPU cell's first run again in fresh workers (see BenchParams.firstRuns). */
	firstRuns?: FirstRuns;
}

/** A first run measured again, plainly and compiling ahead; a failure is said, never thrown. */
export interface FirstRuns {
	/** The first run in a fresh worker, the browser's shader caches warm from the cell's own. */
	secondVisit: { ms: number } | { error: string };
	/** The same, after the runtime compiled every kernel ahead (TF.js), or why it cannot. */
	compiledAhead:
		| {
				compileMs: number;
				firstRunMs: number;
				/** Whether that run's answer is the reference cell's (absent without a reference). */
				same?: boolean;
		  }
		| { unavailable: string }
		| { error: string };
}

export interface BenchReport {
	model: string;
	/** Floating-point operations of one run: two per multiply-add (absent where they could not be counted). */
	flops?: number;
	/** The WebGPU device's matmul rate, measured after the cells when a WebGPU cell was asked for. */
	gpuPeak?: GpuPeakResult;
	plan: MeasurePlan;
	/** The graph optimization level the ORT cells ran at. */
	optimization: GraphOptimization;
	/** What the model's conversion needed (the claims read it). */
	conversion?: Evidence['conversion'];
	reference: string;
	rows: BenchRow[];
	environment: Environment;
	/** Each claim of the framework comparison judged on these rows. */
	verdicts: { claim: string; quote: string; verdict: Verdict }[];
}

/** What the page leaves: the report, or why the run could not start (a wrong URL setting). */
export type BenchOutcome = BenchReport | { error: string };

/** The row's rate: the model's work over its median inference (model execution, reading outputs included). */
export function rowGflops(row: CellResult, multiplyAdds: number | undefined): number | undefined {
	const median = row.stats?.inference.median;
	return multiplyAdds !== undefined && median !== undefined
		? gflops(multiplyAdds, median)
		: undefined;
}

/** "0.02 (0.4% of peak)": a row's rate, and on WebGPU its share of the device's matmul rate. */
export function describeRate(row: BenchRow, peak: BenchReport['gpuPeak']): string {
	if (row.gflops === undefined) return '';
	const rate = row.gflops.toFixed(2);
	if (row.backend !== 'webgpu' || !peak || 'missing' in peak) return rate;
	return `${rate} (${shareOfPeak(row.gflops, peak.gflops)} of peak)`;
}

/** A GPU cell's first runs again, in words: the second visit's, and compiling ahead against it. */
export function describeFirstRuns({ secondVisit, compiledAhead }: FirstRuns): {
	secondVisit: string;
	compiledAhead: string;
} {
	const ms = (v: number) => `${v.toFixed(0)} ms`;
	const plain = 'ms' in secondVisit ? secondVisit.ms : undefined;
	let ahead: string;
	if ('compileMs' in compiledAhead) {
		const total = compiledAhead.compileMs + compiledAhead.firstRunMs;
		ahead = `${ms(compiledAhead.compileMs)} + ${ms(compiledAhead.firstRunMs)} = ${ms(total)}`;
		if (plain) ahead += ` (${(total / plain).toFixed(2)}x the second visit)`;
		if (compiledAhead.same === false) ahead += '; ITS ANSWER DIFFERS from the reference';
	} else ahead = 'unavailable' in compiledAhead ? compiledAhead.unavailable : compiledAhead.error;
	return {
		secondVisit:
			plain === undefined ? ('error' in secondVisit ? secondVisit.error : '') : ms(plain),
		compiledAhead: ahead
	};
}

/** The row's comparison with a baseline of `kind`, described, or '' when it made none. */
export function rowComparison(row: BenchRow, kind: Baseline['kind']): string {
	const found = row.comparisons?.find((c) => c.baseline.kind === kind);
	return found ? describeComparison(found) : '';
}

/** A cell's profile as a row carries it: the ops apart (`rows[].profile`), the rest as `profiler`. */
export function profileColumns(
	profile: OpProfileResult | undefined
): Pick<BenchRow, 'profile' | 'profiler'> {
	if (!profile) return {};
	if (!('ops' in profile)) return { profiler: profile };
	const { ops, ...profiler } = profile;
	return { profile: ops, profiler };
}

/** The row's profile back in one piece, or undefined when none was asked for. */
export function rowProfile(row: BenchRow): OpProfileResult | undefined {
	const { profile, profiler } = row;
	if (!profiler) return undefined;
	return 'source' in profiler ? { ops: profile ?? [], ...profiler } : profiler;
}

/** A row's agreement with the reference in words, with the tolerance it was held to. */
export const describeAgreement = (a: RunAgreement): string =>
	`${a.same ? 'same result' : 'DIFFERS'}, max diff ${a.worstRelToPeak.toExponential(1)} of peak (${a.within ? 'tolerance' : 'BEYOND the tolerance'} ${toleranceBound(a.tolerance)})`;

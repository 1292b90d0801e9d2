// The verdict a claim gets on this machine, and the helpers the rules share to reach it from evidence.
import { shortNameOf } from '../runtimes/cells.js';
import { sideOf, type Paired } from '../measure/paired.js';
import type { CellEvidence, Evidence } from './evidence.js';

export type VerdictKind =
	'supported' | 'contradicted' | 'mixed' | 'within noise' | 'insufficient data' | 'not testable';

export interface Verdict {
	kind: VerdictKind;
	/** One line that cites the numbers it rests on. */
	why: string;
}

/** Steady runs a cell needs before its latency counts. */
export const MIN_RUNS = 3;

export const verdict = (kind: VerdictKind, why: string): Verdict => ({ kind, why });

/** A cell as a verdict names it: "ORT webgpu native". */
export const label = (c: { cell: string }) => shortNameOf(c.cell);

export const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

/** Cells with enough steady runs for their latency to count. */
export const timed = (e: Evidence) =>
	e.cells.filter(
		(c): c is CellEvidence & { p50: number } =>
			c.status === 'ok' && c.runs >= MIN_RUNS && c.p50 !== undefined
	);

/**
 * The backends this browser does not offer: every cell on them unavailable, none ran (a browser with no
 * WebNN; one with no WebGPU). A cell there says nothing of a framework or a model.
 */
export function missingBackends(e: Evidence): string[] {
	const on = (b: string) => e.cells.filter((c) => c.backend === b);
	return [...new Set(e.cells.map((c) => c.backend))].filter((b) =>
		on(b).every((c) => c.status === 'unavailable')
	);
}

/** The cells on backends this browser offers. */
export const offered = (e: Evidence) => {
	const missing = missingBackends(e);
	return e.cells.filter((c) => !missing.includes(c.backend));
};

/** How many distinct backends `cells` run on. */
export const backendCount = (cells: CellEvidence[]) => new Set(cells.map((c) => c.backend)).size;

/** The fastest of `cells` by p50. */
export const fastest = <T extends { p50: number }>(cells: T[]): T | undefined =>
	cells.reduce<T | undefined>((best, c) => (!best || c.p50 < best.p50 ? c : best), undefined);

/** One test of a claim: it held, it failed, or its difference was within the run's own noise. */
export type Outcome = boolean | 'within noise';

/**
 * Over the tests that decided: "supported" when all held, "contradicted" when none did, "mixed"
 * otherwise; "within noise" when none decided. A test within noise leaves the verdict as the others
 * make it, so that a difference the noise can flip does not flip the verdict.
 */
export function tally(outcomes: Outcome[], why: string): Verdict {
	const decided = outcomes.filter((o): o is boolean => o !== 'within noise');
	if (!decided.length) return verdict('within noise', why);
	const won = decided.filter(Boolean).length;
	const kind = won === decided.length ? 'supported' : won === 0 ? 'contradicted' : 'mixed';
	return verdict(kind, why);
}

/**
 * How far a single figure (a first run, a share of one run's time) moves between bench runs on one
 * machine, where no paired blocks give its spread: ORT WebGL's first run on blazeface was 2.1x its
 * steady run in one run and under 2x in the next, emotion's pre+post share 4% in one and 6% in another.
 * A figure within this factor of a claim's line is at the line, within noise (the same 25% a
 * comparison's pairs may spread and still count as settled).
 */
export const LINE_MARGIN = 1.25;

/** A single figure against a claim's line: true when clearly above it, false when clearly below. */
export function lineOutcome(value: number, line: number): Outcome {
	if (value >= line * LINE_MARGIN) return true;
	if (value <= line / LINE_MARGIN) return false;
	return 'within noise';
}

/**
 * A paired comparison's outcome against `threshold`: true when the spread of its block pairs (all but
 * the extremes) is below it, false when above it, else within noise.
 */
export function pairedOutcome(comparison: Paired, threshold: number): Outcome {
	const side = sideOf(comparison, threshold);
	return side === 'within noise' ? side : side === 'below';
}

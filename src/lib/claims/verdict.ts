// The verdict a claim gets on this machine, and the helpers the rules share to reach it from evidence.
import type { CellEvidence, Evidence } from './evidence.js';

export type VerdictKind =
	'supported' | 'contradicted' | 'mixed' | 'insufficient data' | 'not testable';

export interface Verdict {
	kind: VerdictKind;
	/** One line that cites the numbers it rests on. */
	why: string;
}

/** Steady runs a cell needs before its latency counts. */
export const MIN_RUNS = 3;

export const verdict = (kind: VerdictKind, why: string): Verdict => ({ kind, why });

export const label = (c: { framework: string; backend: string }) =>
	`${c.framework === 'ort' ? 'ORT' : 'TF.js'} ${c.backend}`;

export const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

/** Cells with enough steady runs for their latency to count. */
export const timed = (e: Evidence) =>
	e.cells.filter(
		(c): c is CellEvidence & { p50: number } =>
			c.status === 'ok' && c.runs >= MIN_RUNS && c.p50 !== undefined
	);

/** The fastest of `cells` by p50. */
export const fastest = <T extends { p50: number }>(cells: T[]): T | undefined =>
	cells.reduce<T | undefined>((best, c) => (!best || c.p50 < best.p50 ? c : best), undefined);

/** "supported" when all of `wins` hold, "contradicted" when none does, "mixed" otherwise. */
export function tally(wins: boolean[], why: string): Verdict {
	const won = wins.filter(Boolean).length;
	const kind = won === wins.length ? 'supported' : won === 0 ? 'contradicted' : 'mixed';
	return verdict(kind, why);
}

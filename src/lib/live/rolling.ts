// The figures a tile shows live: p50, p95, the model's own p50 and frames per second over the last
// few seconds of runs.
import { timingStats } from '../measure/stats.js';
import type { RunPoint } from './live-cell.svelte.js';

export const ROLLING_MS = 10_000;

export interface Rolling {
	p50: number;
	p95: number;
	/** The median of the model's own part of each run (no pre- or post-processing). */
	inferenceP50: number;
	fps: number;
	count: number;
}

/**
 * A cell slower than the window still has figures: its last FEWEST runs, however old (a WebGPU
 * cell on a software GPU beside busy WASM cells has taken 36 s a run).
 */
export const FEWEST = 3;

/** The runs that ended in the last ROLLING_MS before `now`, or the last FEWEST runs if more. */
export function recentRuns(history: readonly RunPoint[], now: number): RunPoint[] {
	const recent = history.filter((p) => now - p.at <= ROLLING_MS);
	return recent.length >= FEWEST ? recent : history.slice(-FEWEST);
}

export function rolling(history: readonly RunPoint[], now: number): Rolling | undefined {
	const recent = recentRuns(history, now);
	if (recent.length === 0) return undefined;
	const stats = timingStats(recent.map((p) => p.ms));
	const span = Math.max(now - recent[0]!.at, 1000);
	return {
		p50: stats.median,
		p95: stats.p95,
		inferenceP50: timingStats(recent.map((p) => p.inference)).median,
		fps: (recent.length * 1000) / span,
		count: recent.length
	};
}

// The figures a tile shows live: p50, p95 and frames per second over the last few seconds of runs.
import { timingStats } from '../measure/stats.js';
import type { RunPoint } from './live-cell.svelte.js';

export const ROLLING_MS = 10_000;

export interface Rolling {
	p50: number;
	p95: number;
	fps: number;
	count: number;
}

/** The runs that ended in the last ROLLING_MS before `now`. */
export const recentRuns = (history: readonly RunPoint[], now: number) =>
	history.filter((p) => now - p.at <= ROLLING_MS);

export function rolling(history: readonly RunPoint[], now: number): Rolling | undefined {
	const recent = recentRuns(history, now);
	if (recent.length === 0) return undefined;
	const stats = timingStats(recent.map((p) => p.ms));
	const span = Math.max(now - recent[0]!.at, 1000);
	return {
		p50: stats.median,
		p95: stats.p95,
		fps: (recent.length * 1000) / span,
		count: recent.length
	};
}

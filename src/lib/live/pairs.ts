// Agreement of every pair of cells that answered the same frame: the playground's heatmap.
import { runAgreement, type RunAgreement } from '../measure/agreement.js';
import { toleranceOf, type Numerics } from '../measure/tolerance.js';
import type { FrameResult } from './live-cell.svelte.js';

export interface PairAgreement {
	/** Cell ids; `a` is the one compared against. */
	a: string;
	b: string;
	frame: number;
	agreement: RunAgreement;
	/** The two results compared. */
	results: [FrameResult, FrameResult];
}

/** The two cells' results for the newest frame both answered, if any. */
export function sharedFrame(
	a: FrameResult[],
	b: FrameResult[]
): [FrameResult, FrameResult] | undefined {
	for (const ra of [...a].reverse()) {
		const rb = b.find((r) => r.frame === ra.frame);
		if (rb) return [ra, rb];
	}
	return undefined;
}

/** Every pair (a before b in `cells`' order) that answered a frame in common, on the newest such frame. */
export function pairAgreements(
	taskId: string,
	cells: { id: string; results: FrameResult[]; numerics: Numerics }[]
): PairAgreement[] {
	const pairs: PairAgreement[] = [];
	cells.forEach(({ id: a, results: resultsA, numerics: numericsA }, i) => {
		for (const { id: b, results: resultsB, numerics: numericsB } of cells.slice(i + 1)) {
			const shared = sharedFrame(resultsA, resultsB);
			if (!shared) continue;
			const [ra, rb] = shared;
			const size = { width: ra.width, height: ra.height };
			pairs.push({
				a,
				b,
				frame: ra.frame,
				agreement: runAgreement(taskId, ra, rb, size, toleranceOf(numericsA, numericsB)),
				results: shared
			});
		}
	});
	return pairs;
}

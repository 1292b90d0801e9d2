// Agreement of every pair of cells that answered the same frame: the playground's heatmap.
import { cellAgreement, type CellAgreement } from '../bench/agreement.js';
import type { ModelCard } from '../models/card.js';
import type { FrameResult } from './live-cell.svelte.js';

export interface PairAgreement {
	/** Cell ids; `a` is the one compared against. */
	a: string;
	b: string;
	frame: number;
	agreement: CellAgreement;
}

/** Every pair (a before b in `cells`' order) whose results are for the same frame. */
export function pairAgreements(
	card: ModelCard,
	cells: { id: string; result: FrameResult | undefined }[]
): PairAgreement[] {
	const pairs: PairAgreement[] = [];
	cells.forEach(({ id: a, result: ra }, i) => {
		for (const { id: b, result: rb } of cells.slice(i + 1)) {
			if (!ra || !rb || ra.frame !== rb.frame) continue;
			const size = { width: ra.width, height: ra.height };
			pairs.push({
				a,
				b,
				frame: ra.frame,
				agreement: cellAgreement(card, ra.outputs, rb.outputs, size)
			});
		}
	});
	return pairs;
}

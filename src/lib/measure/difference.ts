// Where two runs of one output differ: the largest difference and its position, and how the
// differences spread (a histogram over decades), for the playground's pair detail.

export interface Difference {
	maxAbs: number;
	/** Position of the largest difference, one index per dimension. */
	at: number[];
	/** Differences that are exactly 0. */
	zeros: number;
	/** counts[i]: differences in [10^(first+i), 10^(first+i+1)). */
	decades: { first: number; counts: number[] };
}

const FIRST_DECADE = -9;
const LAST_DECADE = 3;

export function difference(a: ArrayLike<number>, b: ArrayLike<number>, dims: number[]): Difference {
	if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} and ${b.length}`);
	const counts = new Array<number>(LAST_DECADE - FIRST_DECADE).fill(0);
	let maxAbs = 0;
	let worst = 0;
	let zeros = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i]! - b[i]!);
		if (d > maxAbs || Number.isNaN(d)) [maxAbs, worst] = [d, i];
		if (d === 0) zeros++;
		else {
			const decade = Math.floor(Math.log10(d)) - FIRST_DECADE;
			counts[Math.min(Math.max(decade, 0), counts.length - 1)]!++;
		}
	}
	const at = dims.map(() => 0);
	for (let k = dims.length - 1, rest = worst; k >= 0; k--) {
		at[k] = rest % dims[k]!;
		rest = Math.floor(rest / dims[k]!);
	}
	return { maxAbs, at, zeros, decades: { first: FIRST_DECADE, counts } };
}

// Summary statistics of timings: the figures a latency report gives (median, p95, min, mean, sd, count).

export interface TimingStats {
	count: number;
	median: number;
	p95: number;
	min: number;
	max: number;
	mean: number;
	/** Sample standard deviation (0 for fewer than two samples). */
	sd: number;
}

/** The q-quantile (0..1) of sorted values, linearly interpolated between the closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The median of `values` (in any order; the array is not changed). */
export const median = (values: readonly number[]) =>
	quantile(
		[...values].sort((a, b) => a - b),
		0.5
	);

export function timingStats(samples: readonly number[]): TimingStats {
	const sorted = [...samples].sort((a, b) => a - b);
	const count = sorted.length;
	const mean = count ? sorted.reduce((a, b) => a + b, 0) / count : NaN;
	const variance = count > 1 ? sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1) : 0;
	return {
		count,
		median: quantile(sorted, 0.5),
		p95: quantile(sorted, 0.95),
		min: sorted[0] ?? NaN,
		max: sorted[count - 1] ?? NaN,
		mean,
		sd: Math.sqrt(variance)
	};
}

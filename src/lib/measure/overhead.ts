// Harness overhead measured fairly on a noisy machine: blocks of harness runs and bare runs alternate
// in one worker (ABBA order), and the figure is the median of each block pair's ratio of medians.
import { median } from './stats.js';

export interface OverheadPlan {
	blocks: number;
	runsPerBlock: number;
}

export interface Overhead {
	/** Median over block pairs of (harness block median / bare block median). */
	ratio: number;
	harnessP50: number;
	bareP50: number;
	/** Each pair's ratio, in the order measured. */
	ratios: number[];
}

/** `harness` and `bare` each run once and resolve to that run's milliseconds. */
export async function measureOverhead(
	harness: () => Promise<number>,
	bare: () => Promise<number>,
	plan: OverheadPlan
): Promise<Overhead> {
	const block = async (run: () => Promise<number>) => {
		const times: number[] = [];
		for (let i = 0; i < plan.runsPerBlock; i++) times.push(await run());
		return times;
	};
	const harnessTimes: number[] = [];
	const bareTimes: number[] = [];
	const ratios: number[] = [];
	for (let b = 0; b < plan.blocks; b++) {
		// Alternating which goes first cancels a drift within a pair (thermal, background work).
		const first = b % 2 === 0;
		const h = first ? await block(harness) : [];
		const base = await block(bare);
		if (!first) h.push(...(await block(harness)));
		harnessTimes.push(...h);
		bareTimes.push(...base);
		ratios.push(median(h) / median(base));
	}
	return {
		ratio: median(ratios),
		harnessP50: median(harnessTimes),
		bareP50: median(bareTimes),
		ratios
	};
}

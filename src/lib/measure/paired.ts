// Two ways of running the same model compared fairly on a noisy machine: blocks of each alternate in
// one worker (ABBA order), and the figure is the median of each block pair's ratio of medians.
import { median } from './stats.js';

export interface PairedPlan {
	blocks: number;
	runsPerBlock: number;
}

export interface Paired {
	/** Median over block pairs of (`a` block median / `b` block median). */
	ratio: number;
	/** The medians of all `a` runs and all `b` runs, in ms. */
	p50: [a: number, b: number];
	/** Each pair's ratio, in the order measured. */
	ratios: number[];
}

/** `a` and `b` each run once and resolve to that run's milliseconds. */
export async function comparePaired(
	a: () => Promise<number>,
	b: () => Promise<number>,
	plan: PairedPlan
): Promise<Paired> {
	const block = async (run: () => Promise<number>) => {
		const times: number[] = [];
		for (let i = 0; i < plan.runsPerBlock; i++) times.push(await run());
		return times;
	};
	const aTimes: number[] = [];
	const bTimes: number[] = [];
	const ratios: number[] = [];
	for (let k = 0; k < plan.blocks; k++) {
		// Alternating which goes first cancels a drift within a pair (thermal, background work, tier-up).
		const first = k % 2 === 0;
		const aBlock = first ? await block(a) : [];
		const bBlock = await block(b);
		if (!first) aBlock.push(...(await block(a)));
		aTimes.push(...aBlock);
		bTimes.push(...bBlock);
		ratios.push(median(aBlock) / median(bBlock));
	}
	return { ratio: median(ratios), p50: [median(aTimes), median(bTimes)], ratios };
}

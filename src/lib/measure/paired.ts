// Two ways of running the same model compared fairly on a noisy machine: blocks of each alternate in
// one worker (ABBA order), and the figure is the median of each block pair's ratio of medians; the
// pairs' spread says whether a difference is more than noise.
import { median } from './stats.js';

export interface PairedPlan {
	blocks: number;
	runsPerBlock: number;
	/**
	 * Block pairs at most: while the pairs' spread is wider than `SETTLED_WIDTH`, two more pairs are
	 * run, up to this many (a few disturbed pairs are then trimmed from the spread). `blocks` when absent.
	 */
	maxBlocks?: number;
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
	const most = Math.max(plan.blocks, plan.maxBlocks ?? plan.blocks);
	const wanted = () => {
		if (ratios.length < plan.blocks) return true;
		if (ratios.length >= most) return false;
		// Pairs beyond the plan come two at a time, so that as many start with `a` as with `b`.
		return (ratios.length - plan.blocks) % 2 === 1 || !settledSpread(ratios);
	};
	for (let k = 0; wanted(); k++) {
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

/** Pairs from which the lowest and the highest are left out of the spread. */
const TRIM_FROM = 5;

/**
 * The spread of the block pairs' ratios: their range, with five or more pairs the lowest and the
 * highest sixth (one pair at least) left out, so that a few disturbed pairs (pauses of the machine)
 * move neither the ratio (a median) nor its spread: one pair of 2.47 among five of 0.70-0.76 made a
 * clear difference read as noise.
 */
export function spreadOf(ratios: readonly number[]): [low: number, high: number] {
	const sorted = [...ratios].sort((a, b) => a - b);
	const trim = sorted.length >= TRIM_FROM ? Math.max(1, Math.floor(sorted.length / 6)) : 0;
	return [sorted[trim]!, sorted[sorted.length - 1 - trim]!];
}

/**
 * A spread no wider than this share of its median is settled: no more pairs are run. Blazeface's ORT
 * against TF.js on WASM read 0.64-0.77 (a fifth of its median) in one run and 0.60-0.94 (half) in
 * another, two of its six pairs disturbed, which put a clear difference within noise.
 */
export const SETTLED_WIDTH = 0.25;

/** Whether the spread of `ratios` is narrow enough that more pairs would not change a verdict. */
export function settledSpread(ratios: readonly number[]): boolean {
	const [low, high] = spreadOf(ratios);
	return (high - low) / median(ratios) <= SETTLED_WIDTH;
}

/** Where a paired comparison's ratio lies against `threshold`, given the spread of its block pairs. */
export type PairedSide = 'below' | 'above' | 'within noise';

/**
 * Whether `a` / `b` is below `threshold` over the whole spread of its block pairs, above it, or on
 * both sides: then the difference is within the run's own noise, and no faster or slower follows.
 */
export function sideOf({ ratios }: Paired, threshold: number): PairedSide {
	const [low, high] = spreadOf(ratios);
	if (high < threshold) return 'below';
	if (low > threshold) return 'above';
	return 'within noise';
}

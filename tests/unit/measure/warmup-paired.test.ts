// When run times count as settled, how blocks of two ways of running are paired into one ratio and
// read against a line, and how long a second session warms up beside a cell.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settled } from '../../../src/lib/measure/measure.js';
import { comparePaired, settledSpread, sideOf, spreadOf } from '../../../src/lib/measure/paired.js';
import { warmUp } from '../../../src/lib/measure/warm-up.js';

describe('settled', () => {
	const flat = (n: number, ms: number) => Array<number>(n).fill(ms);

	it('needs ten runs at least', () => {
		expect(settled(flat(9, 10))).toBe(false);
		expect(settled(flat(10, 10))).toBe(true);
	});

	it('is not settled while runs still get faster (WASM tiering up)', () => {
		expect(settled([...flat(10, 80), ...flat(10, 40), ...flat(10, 25)])).toBe(false);
		expect(settled([...flat(10, 40), ...flat(10, 20), ...flat(10, 19)])).toBe(true);
	});

	it('sees a slow plateau followed by a drop', () => {
		expect(settled([...flat(20, 50), ...flat(10, 20)])).toBe(false);
	});

	it('lets a few slow runs pass: it compares medians', () => {
		expect(settled([20, 20, 90, 20, 20, 20, 20, 20, 60, 20, 20, 20])).toBe(true);
	});
});

describe('comparePaired', () => {
	const counter = (times: number[]) => {
		let i = 0;
		return async () => times[i++ % times.length]!;
	};

	it('is the median of the block pairs, each a ratio of block medians', async () => {
		const order: string[] = [];
		const harness = counter([11, 11, 12, 22, 22, 24]);
		const bare = counter([10, 10, 10, 20, 20, 20]);
		const result = await comparePaired(
			() => (order.push('h'), harness()),
			() => (order.push('b'), bare()),
			{ blocks: 2, runsPerBlock: 3 }
		);
		// ABBA: harness first in even blocks, bare first in odd ones.
		expect(order.join('')).toBe('hhhbbbbbbhhh');
		expect(result.ratios).toEqual([1.1, 1.1]);
		expect(result.ratio).toBeCloseTo(1.1);
		expect(result.p50).toEqual([17, 15]);
	});

	it('runs two more pairs at a time while their spread is wide, up to the most planned', async () => {
		// Pairs 2 and 3 disturbed (ratios 2), then quiet ones: with twelve pairs both are left out.
		const harness = counter([10, 20, 20, ...Array<number>(13).fill(10)]);
		const wide = await comparePaired(harness, async () => 10, {
			blocks: 4,
			maxBlocks: 16,
			runsPerBlock: 1
		});
		expect(wide.ratios).toEqual([1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
		expect(spreadOf(wide.ratios)).toEqual([1, 1]);
		expect(settledSpread(wide.ratios.slice(0, 10))).toBe(false);
		const quiet = await comparePaired(counter([10, 11]), async () => 10, {
			blocks: 4,
			maxBlocks: 12,
			runsPerBlock: 1
		});
		expect(quiet.ratios).toHaveLength(4);
		const noisy = await comparePaired(counter([10, 30, 5]), async () => 10, {
			blocks: 4,
			maxBlocks: 9,
			runsPerBlock: 1
		});
		expect(noisy.ratios).toHaveLength(9);
	});

	it('is not moved by one disturbed pair', async () => {
		const harness = counter([10, 10, 10, 50, 10]);
		const result = await comparePaired(harness, async () => 10, { blocks: 5, runsPerBlock: 1 });
		expect(result.ratios).toEqual([1, 1, 1, 5, 1]);
		expect(result.ratio).toBe(1);
	});
});

describe('sideOf', () => {
	const paired = (ratios: number[]) => ({ ratio: 1, p50: [1, 1] as [number, number], ratios });

	it('is below or above a line only when the spread of the block pairs is', () => {
		expect(sideOf(paired([0.8, 0.85, 0.88]), 0.9)).toBe('below');
		expect(sideOf(paired([0.95, 1.02, 0.93]), 0.9)).toBe('above');
		expect(sideOf(paired([0.85, 0.95, 0.88]), 0.9)).toBe('within noise');
	});

	it('leaves one disturbed pair out of the spread, with five pairs or more', () => {
		const disturbed = [0.7, 0.74, 0.76, 0.74, 2.47, 0.7];
		expect(spreadOf(disturbed)).toEqual([0.7, 0.76]);
		expect(sideOf(paired(disturbed), 1 / 1.1)).toBe('below');
		expect(spreadOf([0.7, 2.47, 0.74])).toEqual([0.7, 2.47]);
	});

	it('leaves out a sixth of the pairs at each end when there are twelve or more', () => {
		// Two disturbed pairs of six put the second of them in the spread; of twelve, they are left out.
		const twoDisturbed = [0.7, 0.72, 0.74, 0.94, 0.95, 0.6];
		expect(spreadOf(twoDisturbed)).toEqual([0.7, 0.94]);
		expect(spreadOf([...twoDisturbed, 0.71, 0.73, 0.75, 0.7, 0.72, 0.74])).toEqual([0.7, 0.75]);
	});
});

describe('warmUp', () => {
	let now = 0;
	/** A run that takes `ms(i)` ms on its i-th call, on a clock it moves itself. */
	function clocked(ms: (i: number) => number) {
		now = 0;
		let i = 0;
		vi.spyOn(performance, 'now').mockImplementation(() => now);
		return async () => {
			now += ms(i++);
		};
	}
	afterEach(() => vi.restoreAllMocks());

	it("runs a second session until its runs come near the cell's own", async () => {
		// A new session's first runs (its threads' code not yet optimized), then its steady ones.
		const run = clocked((i) => (i < 30 ? 12 : 3));
		// Ten recent runs have a median near the cell's once six of them are fast.
		expect(await warmUp(run, 2.4)).toBe(36);
	});

	it('stops after 20 s when its runs neither come near nor settle', async () => {
		const run = clocked((i) => 100 * 1.05 ** i);
		await warmUp(run, 1);
		expect(now).toBeGreaterThanOrEqual(20_000);
		expect(now).toBeLessThan(25_000);
	});

	it('takes runs that settled after 5 s though they stay far from the cell (another setting)', async () => {
		const run = clocked(() => 50);
		expect(await warmUp(run, 5)).toBe(100);
	});
});

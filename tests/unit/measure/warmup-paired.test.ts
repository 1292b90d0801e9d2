// When run times count as settled, and how blocks of two ways of running are paired into one ratio.
import { describe, expect, it } from 'vitest';
import { settled } from '../../../src/lib/measure/measure.js';
import { comparePaired } from '../../../src/lib/measure/paired.js';

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

	it('is not moved by one disturbed pair', async () => {
		const harness = counter([10, 10, 10, 50, 10]);
		const result = await comparePaired(harness, async () => 10, { blocks: 5, runsPerBlock: 1 });
		expect(result.ratios).toEqual([1, 1, 1, 5, 1]);
		expect(result.ratio).toBe(1);
	});
});

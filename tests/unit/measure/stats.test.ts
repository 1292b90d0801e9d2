// Timing statistics against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { quantile, timingStats } from '../../../src/lib/measure/stats.js';

describe('timingStats', () => {
	it('summarizes samples in any order', () => {
		const s = timingStats([4, 1, 3, 2, 5]);
		expect(s).toMatchObject({ count: 5, median: 3, min: 1, max: 5, mean: 3 });
		expect(s.p95).toBeCloseTo(4.8, 10);
		expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 10);
	});
	it('interpolates between ranks', () => {
		expect(quantile([10, 20], 0.5)).toBe(15);
		expect(quantile([10, 20, 30, 40], 0.95)).toBeCloseTo(38.5, 10);
	});
	it('handles one sample and none', () => {
		expect(timingStats([7])).toMatchObject({ count: 1, median: 7, p95: 7, sd: 0 });
		expect(timingStats([]).count).toBe(0);
		expect(timingStats([]).median).toBeNaN();
	});
});

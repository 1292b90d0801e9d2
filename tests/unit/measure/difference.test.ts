// The pair detail's numbers: largest difference, where it is, and the spread over decades.
import { describe, expect, it } from 'vitest';
import { difference } from '../../../src/lib/measure/difference.js';

describe('difference', () => {
	it('finds the largest difference and its position in every dimension', () => {
		const a = new Float32Array([0, 0, 0, 0, 0, 0]);
		const b = new Float32Array([0, 2e-6, 0, 0, 0.5, 0]);
		const d = difference(a, b, [1, 2, 3]);
		expect(d.maxAbs).toBe(0.5);
		expect(d.at).toEqual([0, 1, 1]);
		expect(d.zeros).toBe(4);
		const decade = (x: number) => Math.floor(Math.log10(x)) - d.decades.first;
		expect(d.decades.counts[decade(2e-6)]).toBe(1);
		expect(d.decades.counts[decade(0.5)]).toBe(1);
		expect(d.decades.counts.reduce((s, c) => s + c, 0)).toBe(2);
	});

	it('names a size mismatch', () => {
		expect(() => difference([1, 2], [1], [2])).toThrow('sizes differ: 2 and 1');
	});
});

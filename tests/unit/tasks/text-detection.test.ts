// Text boxes from a DB probability map: regions found, grown by the unclip ratio, and the same boxes
// when maps of other sizes came before (the flood fill's arrays are kept between frames).
import { describe, expect, it } from 'vitest';
import { textBoxes } from '../../../src/lib/tasks/text-detection.js';

/** A `width` x `height` map with text (0.9) in each rectangle [x, y, w, h]. */
function map(width: number, height: number, rects: number[][]): Float32Array {
	const m = new Float32Array(width * height).fill(0.05);
	for (const [x, y, w, h] of rects)
		for (let r = y!; r < y! + h!; r++) m.fill(0.9, r * width + x!, r * width + x! + w!);
	return m;
}

describe('textBoxes', () => {
	const small = map(40, 20, [
		[2, 2, 10, 4],
		[20, 10, 15, 6]
	]);

	it('finds each region, grown by area x 1.5 / perimeter on every side', () => {
		const boxes = textBoxes(small, 40, 20, 'text');
		expect(boxes).toHaveLength(2);
		const grow = (10 * 4 * 1.5) / (2 * 14);
		expect(boxes[0]!.box[0]).toBeCloseTo((2 - grow) / 40);
		expect(boxes[0]!.box[2]).toBeCloseTo((12 + grow) / 40);
		expect(boxes[0]!.score).toBeCloseTo(0.9);
	});

	it('gives the same boxes after a larger and a smaller map', () => {
		const before = textBoxes(small, 40, 20, 'text');
		textBoxes(map(200, 100, [[0, 0, 200, 100]]), 200, 100, 'text');
		textBoxes(map(8, 8, []), 8, 8, 'text');
		expect(textBoxes(small, 40, 20, 'text')).toEqual(before);
	});

	it('skips regions thinner than 3 pixels', () => {
		expect(textBoxes(map(30, 10, [[1, 1, 20, 2]]), 30, 10, 'text')).toEqual([]);
	});
});

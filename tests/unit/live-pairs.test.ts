// Which results of two cells are compared: the newest frame both answered.
import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../src/lib/live/live-cell.svelte.js';
import { sharedFrame } from '../../src/lib/live/pairs.js';

const result = (frame: number) => ({ frame }) as FrameResult;

describe('sharedFrame', () => {
	it('takes the newest frame both cells answered', () => {
		const shared = sharedFrame(
			[result(3), result(5), result(7)],
			[result(2), result(3), result(5)]
		);
		expect(shared?.map((r) => r.frame)).toEqual([5, 5]);
	});

	it('finds none when the cells answered different frames', () => {
		expect(sharedFrame([result(1)], [result(2)])).toBeUndefined();
	});
});

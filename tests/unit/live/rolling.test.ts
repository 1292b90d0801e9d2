// A tile's live figures: the runs of the last 10 s, and for a cell slower than that, its last runs.
import { describe, expect, it } from 'vitest';
import { FEWEST, ROLLING_MS, recentRuns, rolling } from '../../../src/lib/live/rolling.js';

const run = (at: number, ms = 20) => ({ at, ms, inference: ms - 2 });

describe('rolling figures', () => {
	it('take the runs that ended within the window', () => {
		const history = [run(0), ...Array.from({ length: 10 }, (_, i) => run(ROLLING_MS + i * 100))];
		expect(recentRuns(history, ROLLING_MS + 1000)).toHaveLength(10);
		expect(rolling(history, ROLLING_MS + 1000)?.count).toBe(10);
	});

	it('keep the last runs of a cell slower than the window, so that it still has figures', () => {
		const slow = [run(0, 36_000), run(36_000, 36_000), run(72_000, 36_000)];
		expect(recentRuns(slow, 100_000)).toHaveLength(FEWEST);
		const figures = rolling(slow, 100_000)!;
		expect(figures.p50).toBe(36_000);
		expect(figures.inferenceP50, "the model's own part, for GFLOP/s").toBe(35_998);
		expect(figures.fps).toBeCloseTo(3 / 100, 3);
	});

	it('have nothing to show before the first run', () => {
		expect(rolling([], 5000)).toBeUndefined();
	});
});

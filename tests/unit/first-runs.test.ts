// How the bench words a GPU cell's first runs again: the second visit's, and compiling ahead against it.
import { describe, expect, it } from 'vitest';
import { describeFirstRuns } from '../../src/lib/bench/report.js';

describe('describeFirstRuns', () => {
	it('sets compiling ahead against the second visit', () => {
		expect(
			describeFirstRuns({
				secondVisit: { ms: 20_000 },
				compiledAhead: { compileMs: 6000, firstRunMs: 2000, same: true }
			})
		).toEqual({
			secondVisit: '20000 ms',
			compiledAhead: '6000 ms + 2000 ms = 8000 ms (0.40x the second visit)'
		});
	});

	it('says when the run after compiling ahead answers differently', () => {
		expect(
			describeFirstRuns({
				secondVisit: { ms: 1000 },
				compiledAhead: { compileMs: 100, firstRunMs: 400, same: false }
			}).compiledAhead
		).toMatch(/ITS ANSWER DIFFERS from the reference$/);
	});

	it('passes on why there is no figure', () => {
		expect(
			describeFirstRuns({
				secondVisit: { error: 'error: the WebGPU device was lost' },
				compiledAhead: { unavailable: 'ort on webgpu has no compile-only pass' }
			})
		).toEqual({
			secondVisit: 'error: the WebGPU device was lost',
			compiledAhead: 'ort on webgpu has no compile-only pass'
		});
	});
});

// A GPU cell's first run measured again in fresh workers: plainly (a second visit: the browser's
// shader caches are warm from the cell's own run), and compiling every kernel ahead where the runtime
// can. Both start from the same caches, so the two compare fairly with each other.
import { agreementWith, runCell, type CellRequest, type CellResult } from './cell.js';
import type { FirstRuns } from './report.js';

/** Only the first run: its outputs are not timed beyond it. */
const FIRST_RUN_ONLY = { warmups: 0, warmupSeconds: 0, runs: 0, seconds: 0 };

/**
 * `reference`: the reference cell, whose answer the run after compiling ahead must agree with (a
 * compile-only pass that left a kernel wrong would show there).
 */
export async function measureFirstRuns(
	request: CellRequest,
	reference: CellResult | undefined
): Promise<FirstRuns> {
	const again = (compileAhead: boolean) =>
		runCell({
			...request,
			plan: { ...FIRST_RUN_ONLY, compileAhead },
			comparisons: [],
			profileRuns: 0
		});
	const plain = await again(false);
	return {
		secondVisit: plain.status === 'ok' ? { ms: plain.firstRunMs! } : failed(plain),
		compiledAhead: compiledAhead(await again(true), request, reference)
	};
}

const failed = (r: CellResult) => ({ error: `${r.status}: ${r.message ?? ''}` });

/** The run after compiling ahead: the pass's time and the run's, and whether it gave the reference's answer. */
function compiledAhead(
	ahead: CellResult,
	request: CellRequest,
	reference: CellResult | undefined
): FirstRuns['compiledAhead'] {
	if (ahead.status !== 'ok') return failed(ahead);
	if (!ahead.compileAhead || 'unavailable' in ahead.compileAhead)
		return { unavailable: ahead.compileAhead?.unavailable ?? 'no compile-only pass' };
	return {
		compileMs: ahead.compileAhead.ms,
		firstRunMs: ahead.firstRunMs!,
		same: agreementWith(reference, ahead, request.run.task.id, request.image)?.same
	};
}

// A GPU cell's first run measured again in fresh workers: plainly (a second visit: the browser's
// shader caches are warm from the cell's own run), and compiling every kernel ahead where the runtime
// can. Both start from the same caches, so the two compare fairly with each other.
import { runAgreement, type Answer } from '../measure/agreement.js';
import { runCell, type CellRequest } from './cell.js';
import type { FirstRuns } from './report.js';

/** Only the first run: its outputs are not timed beyond it. */
const FIRST_RUN_ONLY = { warmups: 0, warmupSeconds: 0, runs: 0, seconds: 0 };

/**
 * `reference`: the reference cell's answer, which the run after compiling ahead must agree with (a
 * compile-only pass that left a kernel wrong would show there).
 */
export async function measureFirstRuns(
	request: CellRequest,
	reference: Answer | undefined
): Promise<FirstRuns> {
	const again = (compileAhead: boolean) =>
		runCell({ ...request, plan: { ...FIRST_RUN_ONLY, compileAhead }, comparisons: [] });
	const plain = await again(false);
	const ahead = await again(true);
	const failed = (r: typeof plain) => ({ error: `${r.status}: ${r.message ?? ''}` });
	return {
		secondVisit: plain.status === 'ok' ? { ms: plain.firstRunMs! } : failed(plain),
		compiledAhead:
			ahead.status !== 'ok'
				? failed(ahead)
				: ahead.compileAhead && 'ms' in ahead.compileAhead
					? {
							compileMs: ahead.compileAhead.ms,
							firstRunMs: ahead.firstRunMs!,
							same:
								reference && ahead.outputs && ahead.task
									? runAgreement(
											request.run.task.id,
											reference,
											{ outputs: ahead.outputs, task: ahead.task },
											request.image
										).same
									: undefined
						}
					: { unavailable: ahead.compileAhead?.unavailable ?? 'no compile-only pass' }
	};
}

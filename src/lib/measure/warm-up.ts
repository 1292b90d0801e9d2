// A second session or model in a cell's worker (a baseline, a profiling session) warms up before it is
// timed beside the cell's own. With WASM threads, a new ONNX Runtime session's thread pool runs on new
// workers whose WebAssembly is not yet optimized: emotion's new session, two threads, ran 3 to 30 ms a
// run for 1.4 s, then 3.0 ms, against the cell's 2.4 ms; timed at once, a bare loop came out slower
// than the harness it is the baseline of.
import { settled } from './measure.js';
import { median } from './stats.js';

/** Milliseconds one call of `run` takes. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

/** Runs over which "recent" run times are judged. */
export const RECENT = 10;
/**
 * Warm once the last RECENT runs' median is within WARM_RATIO of the cell's own run time (the same
 * model on the same runtime: a profiler, or graph optimization off, may cost some), or once run times
 * have settled after WARM_MS[0] (the only test for another framework's runs); never longer than
 * WARM_MS[1], nor more than MAX_RUNS runs (each run of a profiling session is recorded).
 */
const WARM_RATIO = 1.5;
const WARM_MS = [5000, 20_000] as const;
const MAX_RUNS = 1000;

/** The median of RECENT runs of `run`, in ms. */
export async function typicalMs(run: () => Promise<unknown>): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < RECENT; i++) times.push(await timed(run));
	return median(times);
}

/**
 * Runs `run` until it is warm (see WARM_RATIO), beside a cell whose runs take `nearMs` when it runs
 * the same model on the same runtime; resolves to the runs made.
 */
export async function warmUp(run: () => Promise<unknown>, nearMs?: number): Promise<number> {
	const times: number[] = [];
	const started = performance.now();
	const elapsed = () => performance.now() - started;
	const near = () =>
		nearMs !== undefined &&
		times.length >= RECENT &&
		median(times.slice(-RECENT)) <= WARM_RATIO * nearMs;
	const warm = () =>
		near() ||
		(elapsed() >= WARM_MS[0] && settled(times)) ||
		elapsed() >= WARM_MS[1] ||
		times.length >= MAX_RUNS;
	while (!warm()) times.push(await timed(run));
	return times.length;
}

// A comparison asked of a cell's worker (its runs against a baseline's, interleaved), with blocks
// sized to the cell's speed: a few runs of a fast cell, one run of a slow one.
import type { Paired } from '../measure/paired.js';
import { CellError, type InferenceWorkerClient } from './client.js';
import type { AnswersAgree, Baseline } from './protocol.js';

/**
 * A comparison to make: this many block pairs of about `blockMs` each, and up to `maxBlocks` while
 * their spread is wide (see comparePaired).
 */
export interface ComparisonPlan {
	baseline: Baseline;
	blocks: number;
	maxBlocks: number;
	blockMs: number;
}

/**
 * How a cell is paired with a second session or the other framework: six ABBA block pairs of about
 * half a second each (one run at least), up to eighteen while their spread is wide (see EXTRA_PAIRS_MS).
 */
export const PAIRED_BLOCKS = { blocks: 6, maxBlocks: 18, blockMs: 500 } as const;

/**
 * How the harness is paired with the library called directly: shorter blocks, more of them, for a
 * difference of a few percent.
 */
export const OVERHEAD_BLOCKS = { blocks: 10, maxBlocks: 20, blockMs: 300 } as const;

/**
 * Runs in a block at most: enough for a block of a fast model (2 ms a run) to last its half second, as
 * noisy as a block of a slow one (at 20, emotion's 46 ms blocks gave pairs from 0.40 to 1.46).
 */
const MAX_RUNS_PER_BLOCK = 250;

/**
 * The time the pairs beyond the plan may take at most: on a software GPU a block is one run of
 * seconds, and twelve more pairs of them added over a minute to a comparison.
 */
const EXTRA_PAIRS_MS = 20_000;

/**
 * The cell's runs against a baseline's (ratio cell / baseline), or why that failed (`unavailable`:
 * the cell has no such baseline); with how their answers agree where the baseline has its own.
 */
export interface Comparison {
	baseline: Baseline;
	result: Paired | { error: string; unavailable?: boolean };
	agreement?: AnswersAgree;
}

/** Runs `plan` in the worker behind `client`, whose model runs in about `p50` ms; never throws. */
export async function compare(
	client: InferenceWorkerClient,
	{ baseline, blocks, maxBlocks, blockMs }: ComparisonPlan,
	p50: number,
	timeoutMs: number
): Promise<Comparison> {
	const runsPerBlock = Math.min(MAX_RUNS_PER_BLOCK, Math.max(1, Math.round(blockMs / p50)));
	const pairMs = 2 * runsPerBlock * p50;
	const most = Math.max(blocks, Math.min(maxBlocks, blocks + Math.floor(EXTRA_PAIRS_MS / pairMs)));
	try {
		const reply = await client.request(
			{ type: 'compare', baseline, plan: { blocks, maxBlocks: most, runsPerBlock } },
			timeoutMs
		);
		const { comparison, agreement } = reply;
		return { baseline, result: comparison, ...(agreement && { agreement }) };
	} catch (e) {
		const unavailable = e instanceof CellError && e.unavailable;
		return {
			baseline,
			result: { error: (e as Error).message, ...(unavailable && { unavailable }) }
		};
	}
}

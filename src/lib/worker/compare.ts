// A comparison asked of a cell's worker (its runs against a baseline's, interleaved), with blocks
// sized to the cell's speed: a few runs of a fast cell, one run of a slow one.
import type { Paired } from '../measure/paired.js';
import type { InferenceWorkerClient } from './client.js';
import type { Baseline } from './protocol.js';

/** A comparison to make: this many block pairs of about `blockMs` each. */
export interface ComparisonPlan {
	baseline: Baseline;
	blocks: number;
	blockMs: number;
}

/** The cell's runs against a baseline's (ratio cell / baseline), or why that failed. */
export interface Comparison {
	baseline: Baseline;
	result: Paired | { error: string };
}

/** Runs `plan` in the worker behind `client`, whose model runs in about `p50` ms; never throws. */
export async function compare(
	client: InferenceWorkerClient,
	{ baseline, blocks, blockMs }: ComparisonPlan,
	p50: number,
	timeoutMs: number
): Promise<Comparison> {
	const runsPerBlock = Math.min(20, Math.max(1, Math.round(blockMs / p50)));
	try {
		const reply = await client.request(
			{ type: 'compare', baseline, plan: { blocks, runsPerBlock } },
			timeoutMs
		);
		return { baseline, result: reply.comparison };
	} catch (e) {
		return { baseline, result: { error: (e as Error).message } };
	}
}

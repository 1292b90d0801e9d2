// ONNX Runtime's graph optimization on against off, measured once per model in a worker of its own:
// two sessions of the ONNX twin on WASM, their runs interleaved, so that no cell pauses for it and
// no cell's memory counts the second session.
import type { ModelDescriptor } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import type { GraphOptimization } from '../runtimes/types.js';
import { InferenceWorkerClient } from '../worker/client.js';
import { compare, PAIRED_BLOCKS, type Comparison, type ComparisonPlan } from '../worker/compare.js';
import { WASM_THREADS } from './live-cell.svelte.js';

/** The level the cells run at (ONNX Runtime's default), against none at all. */
export const PROBE_LEVEL: GraphOptimization = 'all';
export const PROBE_BASELINE: GraphOptimization = 'disabled';
const PLAN: ComparisonPlan = {
	baseline: { kind: 'optimization', level: PROBE_BASELINE },
	...PAIRED_BLOCKS
};
/** Runs before the comparison: the first sets up, the last sizes the blocks. */
const RUNS_BEFORE = 3;
const TIMEOUT_MS = 300_000;

export class OptimizationProbe {
	/** The comparison once made (or why it failed); `running` while it is being made. */
	result = $state.raw<Comparison>();
	running = $state(false);
	#client: InferenceWorkerClient | undefined;

	constructor(private readonly spawn: () => Worker) {}

	/** Measures `model` on the pixels of a frame from `grabFrame`. */
	async run(model: ModelDescriptor, grabFrame: () => Promise<RgbaImage>) {
		this.stop();
		const client = new InferenceWorkerClient(this.spawn);
		this.#client = client;
		this.running = true;
		let result: Comparison;
		try {
			const options = {
				backend: 'wasm' as const,
				threads: WASM_THREADS,
				graphOptimization: PROBE_LEVEL
			};
			await client.request(
				{ type: 'load', framework: 'ort', model: model.source, run: model.run, options },
				TIMEOUT_MS
			);
			const image = await grabFrame();
			let inference = 0;
			for (let i = 0; i < RUNS_BEFORE; i++)
				({ inference } = (
					await client.request({ type: 'infer', pixels: { image } }, TIMEOUT_MS)
				).timing);
			result = await compare(client, PLAN, inference, TIMEOUT_MS);
		} catch (e) {
			result = { baseline: PLAN.baseline, result: { error: (e as Error).message } };
		} finally {
			client.terminate();
		}
		if (this.#client !== client) return;
		this.#client = undefined;
		this.result = result;
		this.running = false;
	}

	/** Ends a measurement under way and forgets the last one. */
	stop(): void {
		this.#client?.terminate();
		this.#client = undefined;
		this.running = false;
		this.result = undefined;
	}
}

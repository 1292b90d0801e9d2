// The baseline for harness overhead: the library called directly, after the same set-up as the
// adapters (no adapter, no protocol, no pre- or post-processing), on its own session of the model.
import type { InputTensor } from '../models/preprocess.js';
import { defaultThreads } from '../runtimes/availability.js';
import { createSession, feeds, prepareOrt, twinFor } from '../runtimes/ort.js';
import { loadGraph, prepareTfjs } from '../runtimes/tfjs.js';
import { tensors } from '../runtimes/tfjs-inputs.js';
import { present, type Framework, type LoadOptions, type ModelSource } from '../runtimes/types.js';

/** One bare run on `inputs`: resolves when every output is on the CPU, as the harness's runs do. */
export type BareRun = (inputs: Record<string, InputTensor>) => Promise<void>;

async function ortRun(model: ModelSource, options: LoadOptions): Promise<BareRun> {
	const ort = await prepareOrt(options.threads ?? defaultThreads());
	const session = await createSession(ort, twinFor(model, options.backend), {
		executionProviders: [options.backend],
		graphOptimizationLevel: options.graphOptimization ?? 'all'
	});
	return async (inputs) => {
		const results = await session.run(feeds(ort, inputs));
		for (const t of Object.values(results)) await t.getData();
	};
}

async function tfjsRun(model: ModelSource, options: LoadOptions): Promise<BareRun> {
	const tf = await prepareTfjs(options.backend, options.threads ?? defaultThreads());
	const graph = await loadGraph(tf, present(model.tfjs));
	return async (inputs) => {
		const xs = tensors(tf, inputs);
		const result = await graph.executeAsync(xs, model.outputs);
		const results = Array.isArray(result) ? result : [result];
		for (const t of results) await t.data();
		tf.dispose([...Object.values(xs), ...results]);
	};
}

export function bareRun(
	framework: Framework,
	model: ModelSource,
	options: LoadOptions
): Promise<BareRun> {
	return framework === 'ort' ? ortRun(model, options) : tfjsRun(model, options);
}

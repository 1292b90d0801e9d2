// The baseline for harness overhead: the library called directly, after the same set-up as the
// adapters (no adapter, no protocol, no pre- or post-processing), on its own session of the model.
import type { InputTensor } from '../models/preprocess.js';
import { defaultThreads } from '../runtimes/availability.js';
import { prepareOrt } from '../runtimes/ort.js';
import { prepareTfjs } from '../runtimes/tfjs.js';
import type { Framework, LoadOptions, ModelSource } from '../runtimes/types.js';

/** One bare run on `input`: resolves when every output is on the CPU, as the harness's runs do. */
export type BareRun = (input: InputTensor) => Promise<void>;

async function ortRun(model: ModelSource, options: LoadOptions): Promise<BareRun> {
	const ort = await prepareOrt(options.threads ?? defaultThreads());
	const url =
		options.backend === 'webgl' && 'url' in model.onnxWebgl ? model.onnxWebgl.url : model.onnx;
	const session = await ort.InferenceSession.create(url, {
		executionProviders: [options.backend],
		graphOptimizationLevel: options.graphOptimization ?? 'all'
	});
	return async (input) => {
		const feeds = { [model.input]: new ort.Tensor(input.dtype, input.data, input.shape) };
		const results = await session.run(feeds);
		for (const t of Object.values(results)) await t.getData();
	};
}

async function tfjsRun(model: ModelSource, options: LoadOptions): Promise<BareRun> {
	const tf = await prepareTfjs(options.backend, options.threads ?? defaultThreads());
	const graph = await tf.loadGraphModel(model.tfjs);
	return async (input) => {
		const x = tf.tensor(input.data, input.shape, input.dtype);
		const result = await graph.executeAsync({ [model.input]: x }, model.outputs);
		const tensors = Array.isArray(result) ? result : [result];
		for (const t of tensors) await t.data();
		tf.dispose([x, ...tensors]);
	};
}

export function bareRun(
	framework: Framework,
	model: ModelSource,
	options: LoadOptions
): Promise<BareRun> {
	return framework === 'ort' ? ortRun(model, options) : tfjsRun(model, options);
}

// TensorFlow.js adapter: the original graph model on the webgpu, webgl, wasm or cpu backend.
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import type { InputTensor } from '../models/preprocess.js';
import { defaultThreads, requireBackend } from './availability.js';
import type {
	LoadedModel,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeAdapter
} from './types.js';

/** TF.js with `backend` registered (WASM paths and threads set) and selected. */
export async function prepareTfjs(backend: LoadOptions['backend'], threads: number) {
	const tf = await import('@tensorflow/tfjs');
	if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
	if (backend === 'wasm') {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		const at = (url: string) => new URL(url, self.location.href).href;
		wasm.setWasmPaths({
			'tfjs-backend-wasm.wasm': at(plainUrl),
			'tfjs-backend-wasm-simd.wasm': at(simdUrl),
			'tfjs-backend-wasm-threaded-simd.wasm': at(threadedUrl)
		});
		wasm.setThreadsCount(threads);
	}
	await tf.setBackend(backend);
	await tf.ready();
	return tf;
}

export const tfjsAdapter: RuntimeAdapter = {
	framework: 'tfjs',
	async load(model: ModelSource, options: LoadOptions): Promise<LoadedModel> {
		await requireBackend(options.backend);
		const threads = options.threads ?? defaultThreads();
		const tf = await prepareTfjs(options.backend, threads);
		const graph = await tf.loadGraphModel(model.tfjs);
		const actual = tf.getBackend();
		return {
			info: {
				framework: 'tfjs',
				requested: options.backend,
				actual,
				version: tf.version.tfjs,
				threads: actual === 'wasm' ? threads : 1,
				detail: actual === options.backend ? actual : `${actual} (asked for ${options.backend})`
			},
			async run(input: InputTensor): Promise<OutputTensors> {
				const x = tf.tensor(input.data, input.shape, input.dtype);
				const result = await graph.executeAsync({ [model.input]: x }, model.outputs);
				const tensors = Array.isArray(result) ? result : [result];
				const outputs: OutputTensors = {};
				for (const [i, t] of tensors.entries()) {
					outputs[model.outputs[i]!] = {
						dims: t.shape,
						data: (await t.data()) as Float32Array | Int32Array
					};
				}
				tf.dispose([x, ...tensors]);
				return outputs;
			},
			async dispose() {
				graph.dispose();
			}
		};
	}
};

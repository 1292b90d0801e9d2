// TensorFlow.js adapter: the original graph model on the webgpu, webgl, wasm or cpu backend.
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import type { GraphModel, io, Tensor } from '@tensorflow/tfjs';
import type { InputTensor } from '../models/preprocess.js';
import { reportTensors } from '../worker/memory-tap.js';
import { defaultThreads, requireBackend } from './availability.js';
import { imagePath, tensors } from './tfjs-inputs.js';
import { profileTfjs } from './tfjs-profile.js';
import {
	present,
	type CellSettings,
	type LoadedModel,
	type LoadOptions,
	type ModelSource,
	type OutputTensors,
	type RuntimeAdapter,
	type TfjsArtifact
} from './types.js';

type Tf = Awaited<ReturnType<typeof prepareTfjs>>['tf'];

/**
 * TF.js with `options.backend` registered and selected, its settings applied (WASM paths, threads and
 * SIMD; WebGL's texture precision), and the settings in effect.
 */
export async function prepareTfjs(options: LoadOptions) {
	const { backend } = options;
	const tf = await import('@tensorflow/tfjs');
	const settings: CellSettings = {};
	if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
	if (backend === 'wasm') {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		const at = (url: string) => new URL(url, self.location.href).href;
		wasm.setWasmPaths({
			'tfjs-backend-wasm.wasm': at(plainUrl),
			'tfjs-backend-wasm-simd.wasm': at(simdUrl),
			'tfjs-backend-wasm-threaded-simd.wasm': at(threadedUrl)
		});
		if (options.simd === false) tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
		// TF.js's build without SIMD has no threads.
		const threads = options.simd === false ? 1 : (options.threads ?? defaultThreads());
		wasm.setThreadsCount(threads);
		// One thread needs no pool: the threaded build would still start 8 idle workers, each
		// compiling the module, and terminating the cell then has nine workers to end, not one.
		if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
		settings.threads = threads;
	}
	if (backend === 'webgl' && options.f16Textures) tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
	await tf.setBackend(backend);
	await tf.ready();
	if (tf.getBackend() === 'wasm')
		settings.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
	if (tf.getBackend() === 'webgl')
		settings.f16Textures = tf.env().getBool('WEBGL_FORCE_F16_TEXTURES');
	reportTensors(() => {
		const m = tf.memory();
		return { tensors: m.numTensors, tensorBytes: m.numBytes };
	});
	return { tf, settings };
}

interface GraphModelFile {
	modelTopology?: object;
	weightsManifest?: { weights: io.WeightsManifestEntry[] }[];
	format?: string;
	generatedBy?: string;
	convertedBy?: string;
	signature?: object;
	userDefinedMetadata?: Record<string, object>;
}

/** The graph model from its URL, or from memory: model.json parsed, its shards joined in order. */
export function loadGraph(tf: Tf, artifact: TfjsArtifact): Promise<GraphModel> {
	if ('url' in artifact) return tf.loadGraphModel(artifact.url);
	const json = JSON.parse(new TextDecoder().decode(artifact.modelJson)) as GraphModelFile;
	const { weights } = artifact;
	return tf.loadGraphModel(
		tf.io.fromMemory({
			modelTopology: json.modelTopology,
			weightSpecs: (json.weightsManifest ?? []).flatMap((g) => g.weights),
			weightData: weights.buffer.slice(
				weights.byteOffset,
				weights.byteOffset + weights.byteLength
			) as ArrayBuffer,
			format: json.format,
			generatedBy: json.generatedBy,
			convertedBy: json.convertedBy,
			signature: json.signature,
			userDefinedMetadata: json.userDefinedMetadata
		})
	);
}

/** One run of the graph on `xs` (disposed with the run), every output brought to the CPU. */
async function runGraph(
	tf: Tf,
	graph: GraphModel,
	xs: Record<string, Tensor>,
	names: string[]
): Promise<OutputTensors> {
	let results: Tensor[] = [];
	try {
		const result = await graph.executeAsync(xs, names);
		results = Array.isArray(result) ? result : [result];
		const outputs: OutputTensors = {};
		for (const [i, t] of results.entries()) {
			const data = await t.data();
			outputs[names[i]!] = {
				dims: t.shape,
				data:
					data instanceof Float32Array || data instanceof Int32Array
						? data
						: Float32Array.from(data as ArrayLike<number>)
			};
		}
		return outputs;
	} finally {
		tf.dispose([...Object.values(xs), ...results]);
	}
}

/** The flag that makes a backend compile its kernels' programs without running them. */
const COMPILE_ONLY: Record<string, string> = {
	webgl: 'ENGINE_COMPILE_ONLY',
	webgpu: 'WEBGPU_ENGINE_COMPILE_ONLY'
};

/** What the GPU backends add for compiling ahead. */
interface CompilingBackend {
	checkCompileCompletionAsync(): Promise<void>;
	/** WebGL only: looks up the compiled programs' uniforms once they are linked. */
	getUniformLocations?(): void;
}

/**
 * TF.js's compile-only mode, as its own benchmarks use it: one pass over the graph that creates every
 * program (WebGPU pipelines asynchronously, WebGL programs with parallel compilation) and runs none,
 * then a wait for all of them.
 */
async function compileOnly(
	tf: Tf,
	graph: GraphModel,
	inputs: Record<string, InputTensor>,
	outputs: string[],
	backend: string
): Promise<void> {
	const flag = COMPILE_ONLY[backend]!;
	const xs = tensors(tf, inputs);
	tf.env().set(flag, true);
	try {
		tf.dispose(await graph.executeAsync(xs, outputs));
	} finally {
		tf.env().set(flag, false);
		tf.dispose(Object.values(xs));
	}
	const compiling = tf.backend() as unknown as CompilingBackend;
	await compiling.checkCompileCompletionAsync();
	compiling.getUniformLocations?.();
}

export const tfjsAdapter: RuntimeAdapter = {
	framework: 'tfjs',
	async load(model: ModelSource, options: LoadOptions): Promise<LoadedModel> {
		const artifact = present(model.tfjs);
		await requireBackend(options.backend);
		const { tf, settings } = await prepareTfjs(options);
		const graph = await loadGraph(tf, artifact);
		const actual = tf.getBackend();
		return {
			info: {
				framework: 'tfjs',
				requested: options.backend,
				actual,
				version: tf.version.tfjs,
				settings,
				detail: actual === options.backend ? actual : `${actual} (asked for ${options.backend})`
			},
			run: (inputs) => runGraph(tf, graph, tensors(tf, inputs), model.outputs),
			async direct(inputs) {
				const xs = tensors(tf, inputs);
				const result = await graph.executeAsync(xs, model.outputs);
				const results = Array.isArray(result) ? result : [result];
				for (const t of results) await t.data();
				tf.dispose([...Object.values(xs), ...results]);
			},
			imagePath: (image, plans) =>
				imagePath(tf, image, plans, (xs) => runGraph(tf, graph, xs, model.outputs)),
			profile: (inputs, runs) =>
				profileTfjs(tf, () => runGraph(tf, graph, tensors(tf, inputs), model.outputs), runs),
			...(COMPILE_ONLY[actual]
				? { compileAhead: (inputs) => compileOnly(tf, graph, inputs, model.outputs, actual) }
				: {}),
			async dispose() {
				graph.dispose();
			}
		};
	}
};

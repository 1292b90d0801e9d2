// onnxruntime-web adapter: the ONNX twin on the webgpu, webgl or wasm execution provider.
import type { InferenceSession } from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { InputTensor } from '../models/preprocess.js';
import { defaultThreads, requireBackend } from './availability.js';
import { capture, describeCpuNodes, parsePlacements, tapOrtLog } from './ort-placement.js';
import {
	UnavailableError,
	type LoadedModel,
	type LoadOptions,
	type ModelSource,
	type OutputTensors,
	type RuntimeAdapter
} from './types.js';

/** onnxruntime-web (the build with every EP) with its WASM file and thread count set. */
export async function prepareOrt(threads: number) {
	tapOrtLog();
	const ort = await import('onnxruntime-web/all');
	ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
	ort.env.wasm.numThreads = threads;
	return ort;
}

function describeWebgpu(log: string[]): string {
	const placements = parsePlacements(log);
	if (!placements) return 'webgpu (node placement not reported)';
	const cpu = describeCpuNodes(placements);
	return cpu ? `webgpu, ${cpu}` : 'webgpu';
}

export const ortAdapter: RuntimeAdapter = {
	framework: 'ort',
	async load(model: ModelSource, options: LoadOptions): Promise<LoadedModel> {
		const backend = options.backend === 'cpu' ? 'wasm' : options.backend;
		await requireBackend(backend);
		const threads = options.threads ?? defaultThreads();
		const ort = await prepareOrt(threads);
		let url = model.onnx;
		if (backend === 'webgl') {
			if ('unsupported' in model.onnxWebgl) throw new UnavailableError(model.onnxWebgl.unsupported);
			url = model.onnxWebgl.url;
		}
		// onnxruntime-web moves nodes without a WebGPU kernel to the CPU silently; its verbose log
		// while the session is created says which, so the WebGPU session is created with it on.
		const { value: session, lines } = await capture((): Promise<InferenceSession> =>
			ort.InferenceSession.create(url, {
				executionProviders: [backend],
				graphOptimizationLevel: options.graphOptimization ?? 'all',
				...(backend === 'webgpu' ? { logSeverityLevel: 0, logVerbosityLevel: 0 } : {})
			})
		);
		const detail = backend === 'webgpu' ? describeWebgpu(lines) : backend;
		return {
			info: {
				framework: 'ort',
				requested: options.backend,
				actual: backend,
				version: ort.env.versions.web ?? '',
				threads: backend === 'wasm' ? threads : 1,
				detail
			},
			async run(input: InputTensor): Promise<OutputTensors> {
				const feeds = { [model.input]: new ort.Tensor(input.dtype, input.data, input.shape) };
				const results = await session.run(feeds);
				const outputs: OutputTensors = {};
				for (const [name, tensor] of Object.entries(results)) {
					outputs[name] = {
						dims: [...tensor.dims],
						data: (await tensor.getData()) as Float32Array | Int32Array
					};
					tensor.dispose();
				}
				return outputs;
			},
			dispose: () => session.release()
		};
	}
};

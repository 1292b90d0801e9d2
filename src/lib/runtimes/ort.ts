// onnxruntime-web adapter: the ONNX twin on the webgpu (JSEP or native), webgl, webnn or wasm execution provider.
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import nativeWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { InputTensor } from '../models/preprocess.js';
import { defaultThreads, requireBackend } from './availability.js';
import { capture, describeCpuNodes, parsePlacements, tapOrtLog } from './ort-placement.js';
import {
	NATIVE_WEBGPU_PROFILE_UNAVAILABLE,
	profileWasm,
	profileWebgpu,
	WEBGL_PROFILE_UNAVAILABLE,
	WEBNN_PROFILE_UNAVAILABLE
} from './ort-profile.js';
import {
	present,
	UnavailableError,
	type LoadedModel,
	type LoadOptions,
	type ModelSource,
	type OnnxArtifact,
	type OrtBuild,
	type OutputTensors,
	type RuntimeAdapter
} from './types.js';

type Ort = Awaited<ReturnType<typeof prepareOrt>>;

/** Each onnxruntime-web build: its module, and the WebAssembly file it runs. */
const BUILDS: Record<
	OrtBuild,
	{ load: () => Promise<typeof import('onnxruntime-web')>; wasm: string }
> = {
	all: { load: () => import('onnxruntime-web/all'), wasm: jsepWasmUrl },
	webgpu: { load: () => import('onnxruntime-web/webgpu'), wasm: nativeWasmUrl }
};

/** onnxruntime-web (`build`, by default the one with every EP) with its WASM file and thread count set. */
export async function prepareOrt(threads: number, build: OrtBuild = 'all') {
	tapOrtLog();
	const ort = await BUILDS[build].load();
	ort.env.wasm.wasmPaths = { wasm: new URL(BUILDS[build].wasm, self.location.href).href };
	ort.env.wasm.numThreads = threads;
	return ort;
}

/** The twin a backend runs: WebGL has its own where the converter had to rewrite ops for it. */
export function twinFor(model: ModelSource, backend: LoadOptions['backend']): OnnxArtifact {
	return present(backend === 'webgl' ? model.onnxWebgl : model.onnx);
}

/** A session of the ONNX file, from its URL or its bytes (and its external data). */
export function createSession(
	ort: Ort,
	artifact: OnnxArtifact,
	options: InferenceSession.SessionOptions
): Promise<InferenceSession> {
	return 'url' in artifact
		? ort.InferenceSession.create(artifact.url, options)
		: ort.InferenceSession.create(artifact.bytes, {
				...options,
				...(artifact.externalData ? { externalData: artifact.externalData } : {})
			});
}

/** ORT tensors for every input. */
export function feeds(ort: Ort, inputs: Record<string, InputTensor>): Record<string, Tensor> {
	return Object.fromEntries(
		Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor(t.dtype, t.data, t.shape)])
	);
}

/** An output as the app holds it: float32 and int32 as they are, other types as float32 values. */
async function download(tensor: Tensor): Promise<OutputTensors[string]> {
	const data = await tensor.getData();
	const dims = [...tensor.dims];
	if (data instanceof Float32Array || data instanceof Int32Array) return { dims, data };
	return { dims, data: Float32Array.from(data as ArrayLike<number | bigint>, Number) };
}

/** One run of `session` on `inputs`, every output brought to the CPU. */
async function runSession(
	ort: Ort,
	session: InferenceSession,
	inputs: Record<string, InputTensor>
): Promise<OutputTensors> {
	const results = await session.run(feeds(ort, inputs));
	const outputs: OutputTensors = {};
	for (const [name, tensor] of Object.entries(results)) {
		outputs[name] = await download(tensor);
		tensor.dispose();
	}
	return outputs;
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
		const precision = options.precision ?? 'f32';
		const artifact =
			precision === 'f16'
				? await (await import('./ort-f16.js')).float16Artifact(twinFor(model, backend), backend)
				: twinFor(model, backend);
		const threads = options.threads ?? defaultThreads();
		const ort = await prepareOrt(threads, options.ortBuild);
		// onnxruntime-web moves nodes without a WebGPU kernel to the CPU silently; its verbose log
		// while the session is created says which, so the WebGPU session is created with it on.
		const sessionOptions: InferenceSession.SessionOptions = {
			executionProviders: [backend],
			graphOptimizationLevel: options.graphOptimization ?? 'all'
		};
		const { value: session, lines } = await capture(() =>
			createSession(ort, artifact, {
				...sessionOptions,
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
				settings: {
					...(backend === 'wasm' && { threads }),
					...(backend !== 'webgl' && backend !== 'webnn' && { precision })
				},
				detail
			},
			run: (inputs) => runSession(ort, session, inputs),
			async direct(inputs) {
				const results = await session.run(feeds(ort, inputs));
				for (const t of Object.values(results)) {
					await t.getData();
					t.dispose();
				}
			},
			async profile(inputs, runs) {
				if (backend === 'webgl') throw new UnavailableError(WEBGL_PROFILE_UNAVAILABLE);
				if (backend === 'webnn') throw new UnavailableError(WEBNN_PROFILE_UNAVAILABLE);
				if (backend === 'webgpu' && options.ortBuild === 'webgpu')
					throw new UnavailableError(NATIVE_WEBGPU_PROFILE_UNAVAILABLE);
				if (backend === 'webgpu')
					return profileWebgpu(ort.env, () => runSession(ort, session, inputs), runs);
				return profileWasm(
					session,
					(more) => createSession(ort, artifact, { ...sessionOptions, ...more }),
					(profiled) => runSession(ort, profiled, inputs),
					runs
				);
			},
			dispose: () => session.release()
		};
	}
};

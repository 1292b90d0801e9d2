// The contract every runtime adapter keeps: load a model on a backend, run it, say what really ran.
import type { ProfiledRuns } from '../measure/op-profile.js';
import type { RgbaImage } from '../models/image.js';
import type { InputPlan } from '../models/input.js';
import type { InputTensor } from '../models/preprocess.js';

export const FRAMEWORKS = ['ort', 'tfjs'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const BACKENDS = ['wasm', 'webgpu', 'webgl', 'webnn', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Weights an ONNX file keeps in another file (external data), by the name the model gives it. */
export interface ExternalFile {
	path: string;
	data: Uint8Array;
}

/**
 * A model file served at a URL, or held in memory (a model the user opened), with the files that
 * hold its external data.
 */
export type OnnxArtifact = { url: string } | { bytes: Uint8Array; externalData?: ExternalFile[] };
/**
 * A TF.js graph model: its model.json served at a URL (shards beside it), or in memory: model.json's
 * text (UTF-8, not gzipped: bytes cross threads and storage far more cheaply than a parsed object)
 * with its shards joined.
 */
export type TfjsArtifact = { url: string } | { modelJson: Uint8Array; weights: Uint8Array };
/** A twin that does not exist, and why: the cells that need it say so. */
export type Missing = { unavailable: string };

/** Where a model's twins are (or why one is missing), and the order of its outputs. */
export interface ModelSource {
	/** The outputs' names, the same in both twins, in the order results list them. */
	outputs: string[];
	tfjs: TfjsArtifact | Missing;
	onnx: OnnxArtifact | Missing;
	/** The ONNX twin for WebGL (the same file where no rewrite was needed). */
	onnxWebgl: OnnxArtifact | Missing;
}

/**
 * Which onnxruntime-web build a session runs in: `all` (its JavaScript WebGPU backend, JSEP, with WebGL,
 * WASM and WebNN) or `webgpu` (its native C++ WebGPU execution provider, which ORT means to make the default).
 */
export type OrtBuild = 'all' | 'webgpu';

/** onnxruntime-web's graph optimization levels, from none to every transform. */
export const GRAPH_OPTIMIZATIONS = ['disabled', 'basic', 'extended', 'all'] as const;
export type GraphOptimization = (typeof GRAPH_OPTIMIZATIONS)[number];

/** What a person may choose for a cell (`settings.ts` says how each is spelt and read). */
export interface CellSettings {
	/** WASM threads (both runtimes use one thread unless the page is cross-origin isolated). */
	threads?: number;
	/** TF.js WASM: its SIMD build (the default), or its plain one. */
	simd?: boolean;
	/** TF.js WebGL: every tensor in float16 textures, not float32. */
	f16Textures?: boolean;
	/** ONNX Runtime: the model as given (f32), or its float16 twin (f16), made as the cell loads. */
	precision?: Precision;
	/**
	 * How a frame becomes the model's inputs: Twinfer's kernel (on the CPU, the same for every cell), or
	 * the runtime's own image path on its backend (TF.js: fromPixels and resizeBilinear).
	 */
	inputPath?: InputPath;
}

export const INPUT_PATHS = ['kernel', 'runtime'] as const;
export type InputPath = (typeof INPUT_PATHS)[number];

export const PRECISIONS = ['f32', 'f16'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface LoadOptions extends CellSettings {
	backend: Backend;
	/** onnxruntime-web graph optimization level (default all). */
	graphOptimization?: GraphOptimization;
	/** The onnxruntime-web build (default all). */
	ortBuild?: OrtBuild;
}

/** What actually ran, as the runtime reports it. */
export interface RuntimeInfo {
	framework: Framework;
	/** The backend asked for, and the one that ran (TF.js can fall back; ORT can move ops to the CPU). */
	requested: Backend;
	actual: string;
	version: string;
	/** The settings in effect, those the backend that ran has (threads on WASM). */
	settings: CellSettings;
	/** A line a person reads, e.g. "webgpu, TopK on the CPU". */
	detail: string;
}

export type OutputTensors = Record<string, { dims: number[]; data: Float32Array | Int32Array }>;

/** A frame made ready once for the runtime's image path, and a run that makes the inputs from it. */
export interface ImagePath {
	run(): Promise<OutputTensors>;
	dispose(): void;
}

export interface LoadedModel {
	info: RuntimeInfo;
	/** Runs once on every input (by name); resolves when every output is on the CPU (what a user waits for). */
	run(inputs: Record<string, InputTensor>): Promise<OutputTensors>;
	/**
	 * One run with the library called directly on this model's own session or graph: the calls `run`
	 * makes and nothing around them (the harness overhead's baseline).
	 */
	direct(inputs: Record<string, InputTensor>): Promise<void>;
	/**
	 * The runtime's own way from `image` to the inputs `plans` describe, on its own backend (TF.js:
	 * fromPixels and resizeBilinear); absent where the runtime has no such path.
	 */
	imagePath?(image: RgbaImage, plans: readonly InputPlan[]): Promise<ImagePath>;
	/**
	 * Compiles every kernel a run on `inputs` needs without running them, in parallel where the
	 * backend can (TF.js's compile-only mode on WebGL and WebGPU); absent where the runtime has no such pass.
	 */
	compileAhead?(inputs: Record<string, InputTensor>): Promise<void>;
	/**
	 * Runs `runs` times on `inputs` with the runtime's own profiler on (after one run to set it up), and
	 * gives every op's time; throws an UnavailableError where the runtime gives no per-op times.
	 */
	profile(inputs: Record<string, InputTensor>, runs: number): Promise<ProfiledRuns>;
	dispose(): Promise<void>;
}

export interface RuntimeAdapter {
	framework: Framework;
	load(model: ModelSource, options: LoadOptions): Promise<LoadedModel>;
}

/** A backend this browser cannot give, or a twin that does not exist: a result to show, not a failure. */
export class UnavailableError extends Error {
	override name = 'UnavailableError';
}

/** The twin's artifact, or an UnavailableError saying why there is none. */
export function present<A extends object>(twin: A | Missing): A {
	if ('unavailable' in twin) throw new UnavailableError(twin.unavailable);
	return twin;
}

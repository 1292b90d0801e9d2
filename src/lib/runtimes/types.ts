// The contract every runtime adapter keeps: load a model on a backend, run it, say what really ran.
import type { InputTensor } from '../models/preprocess.js';

export type Framework = 'tfjs' | 'ort';
export type Backend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Where a model's two twins are served, their tensor names, and what their conversion found. */
export interface ModelSource {
	/** The input's name and the outputs' names: the same in both twins. */
	input: string;
	outputs: string[];
	/** The TF.js model.json. */
	tfjs: string;
	/** The ONNX twin. */
	onnx: string;
	/** The ONNX twin for WebGL, or why there is none. */
	onnxWebgl: { url: string } | { unsupported: string };
}

/** onnxruntime-web's graph optimization levels, from none to every transform. */
export type GraphOptimization = 'disabled' | 'basic' | 'extended' | 'all';

export interface LoadOptions {
	backend: Backend;
	/** WASM threads (both runtimes use one thread unless the page is cross-origin isolated). */
	threads?: number;
	/** onnxruntime-web graph optimization level (default all). */
	graphOptimization?: GraphOptimization;
}

/** What actually ran, as the runtime reports it. */
export interface RuntimeInfo {
	framework: Framework;
	/** The backend asked for, and the one that ran (TF.js can fall back; ORT can move ops to the CPU). */
	requested: Backend;
	actual: string;
	version: string;
	threads: number;
	/** A line a person reads, e.g. "webgpu, TopK on the CPU". */
	detail: string;
}

export type OutputTensors = Record<string, { dims: number[]; data: Float32Array | Int32Array }>;

export interface LoadedModel {
	info: RuntimeInfo;
	/** Runs once; resolves when every output is downloaded to the CPU (what a user waits for). */
	run(input: InputTensor): Promise<OutputTensors>;
	dispose(): Promise<void>;
}

export interface RuntimeAdapter {
	framework: Framework;
	load(model: ModelSource, options: LoadOptions): Promise<LoadedModel>;
}

/** A backend this browser cannot give: a result to show, not a failure. */
export class UnavailableError extends Error {
	override name = 'UnavailableError';
}

// Whether this browser can give a backend at all, asked before a runtime is loaded for it.
import { UnavailableError, type Backend } from './types.js';

export async function requireBackend(backend: Backend): Promise<void> {
	if (backend === 'webgpu') {
		const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
		if (!gpu) throw new UnavailableError('this browser has no WebGPU (navigator.gpu is missing)');
		if (!(await gpu.requestAdapter()))
			throw new UnavailableError('WebGPU gave no adapter for this GPU');
	} else if (backend === 'webnn') {
		await requireWebnn();
	} else if (backend === 'webgl') {
		if (typeof OffscreenCanvas === 'undefined' || !new OffscreenCanvas(1, 1).getContext('webgl2')) {
			throw new UnavailableError('this browser gives no WebGL2 context in a worker');
		}
	} else if (typeof WebAssembly === 'undefined') {
		throw new UnavailableError('this browser has no WebAssembly');
	}
}

/** A WebGPU adapter with `shader-f16`, or an UnavailableError saying this one has none. */
export async function requireShaderF16(): Promise<void> {
	const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
	const adapter = await gpu?.requestAdapter();
	if (!adapter?.features.has('shader-f16'))
		throw new UnavailableError(
			"this GPU's WebGPU adapter has no shader-f16: a float16 model needs it on WebGPU"
		);
}

/** WebNN's context, or an UnavailableError with the browser's reason (Chromium on Linux: NotSupportedError). */
async function requireWebnn(): Promise<void> {
	const ml = (navigator as Navigator & { ml?: { createContext(): Promise<unknown> } }).ml;
	if (!ml)
		throw new UnavailableError(
			'this browser has no WebNN (navigator.ml is missing; Chromium has it behind --enable-features=WebMachineLearningNeuralNetwork)'
		);
	try {
		await ml.createContext();
	} catch (e) {
		throw new UnavailableError(`WebNN gave no context: ${(e as Error).message}`);
	}
}

/** WASM threads: up to 4 where the page is cross-origin isolated, else 1 (SharedArrayBuffer is off). */
export function defaultThreads(): number {
	return self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

// What this browser and GPU are: shown in the playground's environment panel and kept with every bench
// report, so a figure always travels with the machine that produced it.
import { requireBackend } from './runtimes/availability.js';

export interface Environment {
	userAgent: string;
	crossOriginIsolated: boolean;
	cores: number;
	/** The WebGPU adapter, or why there is none. */
	webgpu:
		| {
				vendor: string;
				architecture: string;
				device: string;
				description: string;
				shaderF16: boolean;
				timestampQuery: boolean;
		  }
		| { missing: string };
	/** The WebGL2 renderer and whether it can render to float textures, or why there is none. */
	webgl:
		| { renderer: string; vendor: string; floatRender: boolean; halfFloatRender: boolean }
		| { missing: string };
	/** Whether the browser gives a WebNN context, or why not. */
	webnn: { available: true } | { missing: string };
	libraries: Record<string, string>;
}

interface GpuAdapter {
	info: { vendor: string; architecture: string; device: string; description: string };
	features: { has(name: string): boolean };
}

async function webgpu(): Promise<Environment['webgpu']> {
	const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
	if (!gpu) return { missing: 'no navigator.gpu in this browser' };
	const adapter = (await gpu.requestAdapter()) as GpuAdapter | null;
	if (!adapter) return { missing: 'WebGPU gave no adapter' };
	const { vendor, architecture, device, description } = adapter.info;
	return {
		vendor,
		architecture,
		device,
		description,
		shaderF16: adapter.features.has('shader-f16'),
		timestampQuery: adapter.features.has('timestamp-query')
	};
}

function webgl(): Environment['webgl'] {
	const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
	if (!gl) return { missing: 'no WebGL2 context' };
	const debug = gl.getExtension('WEBGL_debug_renderer_info');
	const result = {
		renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
		vendor: String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
		floatRender: gl.getExtension('EXT_color_buffer_float') !== null,
		halfFloatRender: gl.getExtension('EXT_color_buffer_half_float') !== null
	};
	gl.getExtension('WEBGL_lose_context')?.loseContext();
	return result;
}

async function webnn(): Promise<Environment['webnn']> {
	try {
		await requireBackend('webnn');
		return { available: true };
	} catch (e) {
		return { missing: (e as Error).message };
	}
}

export async function describeEnvironment(): Promise<Environment> {
	return {
		userAgent: navigator.userAgent,
		crossOriginIsolated: self.crossOriginIsolated,
		cores: navigator.hardwareConcurrency,
		webgpu: await webgpu(),
		webgl: webgl(),
		webnn: await webnn(),
		libraries: __LIBRARY_VERSIONS__
	};
}

// Neither runtime says how much memory it holds, so a cell's worker counts it where it is allocated:
// WebAssembly memories, WebGPU buffers and WebGL textures, the same way for both frameworks; a
// framework that counts its own tensors (TF.js) adds them without this module importing it.

/**
 * Bytes held outside the JS heap: WebAssembly memory, and GPU buffers and textures alive now; and
 * for TF.js, its live tensors (their bytes are inside the other two, not beside them).
 */
export interface MemoryUse {
	wasm: number;
	gpu: number;
	tensors?: number;
	tensorBytes?: number;
}

/** Live tensors as the framework counts them. */
export type TensorCount = Required<Pick<MemoryUse, 'tensors' | 'tensorBytes'>>;

/** Live allocations by owner object; a re-allocation of the same texture replaces its size. */
export class AllocationCounter<K extends object> {
	readonly #sizes = new Map<K, number>();
	bytes = 0;

	set(owner: K, size: number): void {
		this.bytes += size - (this.#sizes.get(owner) ?? 0);
		this.#sizes.set(owner, size);
	}

	delete(owner: K): void {
		this.bytes -= this.#sizes.get(owner) ?? 0;
		this.#sizes.delete(owner);
	}
}

// WebGL enums (the same numbers in WebGL 1 and 2).
const SIZED: Record<number, number> = {
	0x822e: 4, // R32F
	0x8230: 8, // RG32F
	0x8815: 12, // RGB32F
	0x8814: 16, // RGBA32F
	0x822d: 2, // R16F
	0x822f: 4, // RG16F
	0x881a: 8, // RGBA16F
	0x8229: 1, // R8
	0x8058: 4 // RGBA8
};
const CHANNELS: Record<number, number> = {
	0x1903: 1, // RED
	0x1906: 1, // ALPHA
	0x1909: 1, // LUMINANCE
	0x190a: 2, // LUMINANCE_ALPHA
	0x1907: 3, // RGB
	0x1908: 4 // RGBA
};
const TYPE_BYTES: Record<number, number> = {
	0x1401: 1, // UNSIGNED_BYTE
	0x1406: 4, // FLOAT
	0x140b: 2, // HALF_FLOAT
	0x8d61: 2 // HALF_FLOAT_OES
};

/** Bytes per texel of a texture with this internal format (sized), or this format and type (unsized). */
export function texelBytes(internalFormat: number, format: number, type: number): number {
	return SIZED[internalFormat] ?? (CHANNELS[format] ?? 4) * (TYPE_BYTES[type] ?? 1);
}

const memories = new Set<WebAssembly.Memory>();
const gpuBuffers = new AllocationCounter<GPUBuffer>();
const glTextures = new AllocationCounter<WebGLTexture>();
let tapped = false;
let countTensors: (() => TensorCount) | undefined;

/** The browser's own class: the tap replaces the global, and exported memories are not of its kind. */
const Memory = WebAssembly.Memory;

function keepExportedMemories(instance: WebAssembly.Instance): void {
	for (const value of Object.values(instance.exports))
		if (value instanceof Memory) memories.add(value);
}

function tapWasm(): void {
	// Memories a module imports (threaded builds make them in JS) ...
	WebAssembly.Memory = class extends Memory {
		constructor(descriptor: WebAssembly.MemoryDescriptor) {
			super(descriptor);
			memories.add(this);
		}
	};
	// ... and memories a module makes and exports.
	const instantiate = WebAssembly.instantiate.bind(WebAssembly);
	WebAssembly.instantiate = (async (
		source: BufferSource | WebAssembly.Module,
		imports?: object
	) => {
		const result = await instantiate(source as BufferSource, imports as WebAssembly.Imports);
		keepExportedMemories('instance' in result ? result.instance : (result as WebAssembly.Instance));
		return result;
	}) as typeof WebAssembly.instantiate;
	const streaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
	WebAssembly.instantiateStreaming = async (source, imports) => {
		const result = await streaming(source, imports);
		keepExportedMemories(result.instance);
		return result;
	};
}

function tapWebgpu(): void {
	if (typeof GPUDevice === 'undefined') return;
	const createBuffer = GPUDevice.prototype.createBuffer;
	GPUDevice.prototype.createBuffer = function (descriptor) {
		const buffer = createBuffer.call(this, descriptor);
		gpuBuffers.set(buffer, descriptor.size);
		return buffer;
	};
	const destroy = GPUBuffer.prototype.destroy;
	GPUBuffer.prototype.destroy = function () {
		gpuBuffers.delete(this);
		destroy.call(this);
	};
}

type GL = WebGLRenderingContext | WebGL2RenderingContext;

function tapWebgl(context: { prototype: GL }): void {
	const proto = context.prototype;
	const bound = (gl: GL) => gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
	const texImage2D = proto.texImage2D as (...args: unknown[]) => void;
	proto.texImage2D = function (this: GL, ...args: unknown[]) {
		texImage2D.apply(this, args);
		// The (target, level, internalformat, width, height, border, format, type, pixels) form, level 0.
		const [, level, internalFormat, width, height, , format, type] = args as number[];
		const texture = args.length >= 9 && level === 0 ? bound(this) : null;
		if (texture)
			glTextures.set(texture, width! * height! * texelBytes(internalFormat!, format!, type!));
	} as GL['texImage2D'];
	if ('texStorage2D' in proto) {
		const texStorage2D = proto.texStorage2D;
		proto.texStorage2D = function (this: WebGL2RenderingContext, target, levels, format, w, h) {
			texStorage2D.call(this, target, levels, format, w, h);
			const texture = bound(this);
			if (texture) glTextures.set(texture, w * h * texelBytes(format, 0, 0));
		};
	}
	const deleteTexture = proto.deleteTexture;
	proto.deleteTexture = function (this: GL, texture: WebGLTexture | null) {
		if (texture) glTextures.delete(texture);
		deleteTexture.call(this, texture);
	};
}

/** Starts counting; call before any runtime loads. */
export function tapMemory(): void {
	if (tapped) return;
	tapped = true;
	tapWasm();
	tapWebgpu();
	if (typeof WebGL2RenderingContext !== 'undefined') tapWebgl(WebGL2RenderingContext);
	if (typeof WebGLRenderingContext !== 'undefined') tapWebgl(WebGLRenderingContext);
}

/** Has `count` (the framework's own count of its live tensors) reported with this worker's memory. */
export function reportTensors(count: () => TensorCount): void {
	countTensors = count;
}

/** What this worker holds now. */
export function memoryUse(): MemoryUse {
	let wasm = 0;
	for (const memory of memories) wasm += memory.buffer.byteLength;
	return { wasm, gpu: gpuBuffers.bytes + glTextures.bytes, ...countTensors?.() };
}

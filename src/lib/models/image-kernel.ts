// Drives the WebAssembly SIMD kernel that turns an image into a model's input (image-kernel.wat): lays
// out the image, where each output row and column samples it, and the per-channel arithmetic in the
// kernel's memory, runs it, and copies the input out. One instance per thread, made on first use.
import type { Box, RgbaImage } from './image.js';
import { WASM_BASE64 } from './image-kernel.generated.js';
import { allocate, imageDims, type ImagePrep, type InputData, type InputPlan } from './input.js';

/** The horizontal weights' unit: a column's two weights are integers that sum to it. */
const UNIT = 16384;
/** Bytes after the image and after the input that a read of a pixel pair or a 16-byte store may touch. */
const SLACK = 16;
const PARAMS = 64;

const FLAG = { gray: 1, round: 2, vector: 4, bytes: 8 } as const;

type Resample = (...args: number[]) => void;

interface Kernel {
	memory: WebAssembly.Memory;
	resample: Resample;
}

let kernel: Kernel | undefined;

function instance(): Kernel {
	if (kernel) return kernel;
	const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
	let module: WebAssembly.Module;
	try {
		module = new WebAssembly.Module(bytes);
	} catch (e) {
		throw new Error(
			`turning an image into a model's input needs WebAssembly SIMD (Chrome 91, Firefox 89, Safari 16.4 or later): ${(e as Error).message}`
		);
	}
	const { exports } = new WebAssembly.Instance(module);
	kernel = { memory: exports.memory as WebAssembly.Memory, resample: exports.resample as Resample };
	return kernel;
}

/** Where each output position along one axis samples the image: half-pixel centres, edges clamped. */
interface Axis {
	near: Int32Array;
	far: Int32Array;
	weight: Float64Array;
	/** The outputs from `first` up to `end` lie inside the image; those outside read 0. */
	first: number;
	end: number;
}

function axis(count: number, start: number, span: number, size: number): Axis {
	const a: Axis = {
		near: new Int32Array(count),
		far: new Int32Array(count),
		weight: new Float64Array(count),
		first: count,
		end: 0
	};
	for (let k = 0; k < count; k++) {
		const p = start + ((k + 0.5) * span) / count;
		const f = Math.min(Math.max(p - 0.5, 0), size - 1);
		const near = Math.floor(f);
		a.near[k] = near;
		a.far[k] = Math.min(near + 1, size - 1);
		a.weight[k] = f - near;
		if (p >= 0 && p <= size) {
			a.first = Math.min(a.first, k);
			a.end = k + 1;
		}
	}
	return a;
}

/** Bytes the kernel writes a value as: integers and floats as 4 bytes, uint8 as one. */
const valueBytes = (dtype: InputPlan['dtype']) => (dtype === 'uint8' ? 1 : 4);

/** The value a point outside the image (a letterbox's padding) gets in each channel. */
function outside(plan: InputPlan, prep: ImagePrep, channels: number): number[] {
	const round = plan.dtype !== 'float32';
	return Array.from({ length: channels }, (_, c) =>
		round ? Math.round(prep.offset[c]!) : prep.offset[c]!
	);
}

/**
 * The image input `plan` for the `region` of `image`: bilinear sampling, horizontal weights in
 * steps of 1/16384 (within 0.01 of a pixel level of the exact value), 0 outside the image, then
 * value * scale + offset per channel, rounded (halves up) for an integer input. Written `into` an
 * array of the input's type and size where one is given, else into a new one.
 */
export function resample(
	image: RgbaImage,
	plan: InputPlan & { image: ImagePrep },
	region: Box,
	into?: InputData
): InputData {
	const prep = plan.image;
	const { height, width, channels } = imageDims(plan);
	if (channels !== 1 && channels !== 3)
		throw new Error(`input "${plan.name}" has ${channels} channels; an image gives 1 or 3`);
	const kernel = instance();
	const { memory } = kernel;
	const bytes = valueBytes(plan.dtype);
	const nhwc = prep.layout === 'NHWC';
	const size = height * width * channels;
	const rows = axis(height, region.y, region.height, image.height);
	const cols = axis(width, region.x, region.width, image.width);

	const src = PARAMS;
	const imageBytes = image.width * image.height * 4;
	const rowTop = src + imageBytes + SLACK;
	const rowBottom = rowTop + 4 * height;
	const rowWeight = rowBottom + 4 * height;
	const colLeft = rowWeight + 4 * height;
	const colWeight = colLeft + 4 * width;
	const dst = Math.ceil((colWeight + 4 * width) / 16) * 16;
	const need = dst + size * bytes + SLACK;
	if (memory.buffer.byteLength < need)
		memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
	const { buffer } = memory;
	const i32 = new Int32Array(buffer);
	const f32 = new Float32Array(buffer);

	// Gray weights are given in R, G, B order, whatever the colour order says.
	const order = prep.color === 'bgr' && !prep.gray ? [2, 1, 0] : [0, 1, 2];
	const swizzle = new Uint8Array(buffer, 0, 16).fill(16);
	for (let k = 0; k < 3; k++) {
		swizzle[4 * k] = order[k]!;
		swizzle[4 * k + 2] = 4 + order[k]!;
	}
	f32.set([...prep.scale.map((s) => s / UNIT), 0], 4);
	f32.set([...prep.offset, prep.offset[0]], 8);
	f32.set([...(prep.gray ?? [0, 0, 0]), 0], 12);

	new Uint8Array(buffer, src, imageBytes).set(image.data);
	const stride = image.width * 4;
	for (let k = 0; k < height; k++) {
		i32[rowTop / 4 + k] = src + rows.near[k]! * stride;
		i32[rowBottom / 4 + k] = src + rows.far[k]! * stride;
		f32[rowWeight / 4 + k] = rows.weight[k]!;
	}
	for (let k = 0; k < width; k++) {
		i32[colLeft / 4 + k] = cols.near[k]! * 4;
		const right = Math.round(cols.weight[k]! * UNIT);
		i32[colWeight / 4 + k] = (UNIT - right) | (right << 16);
	}

	const plane = nhwc ? bytes : height * width * bytes;
	fillOutside(buffer, dst, plan, prep, { height, width, channels, nhwc }, rows, cols);
	const flags =
		(prep.gray ? FLAG.gray : 0) |
		(plan.dtype === 'float32' ? 0 : FLAG.round) |
		(nhwc && channels === 3 && bytes === 4 ? FLAG.vector : 0) |
		(bytes === 1 ? FLAG.bytes : 0);
	kernel.resample(
		...[rowTop, rowBottom, rowWeight, colLeft, colWeight],
		...[rows.first, rows.end, cols.first, cols.end],
		...[
			dst,
			nhwc ? width * channels * bytes : width * bytes,
			nhwc ? channels * bytes : bytes,
			plane
		],
		...[flags, channels]
	);
	return copyOut(buffer, dst, plan.dtype, into ?? allocate(plan.dtype, size));
}

/** The values of the input outside the image (a letterbox's padding) as such a point has them. */
function fillOutside(
	buffer: ArrayBuffer,
	dst: number,
	plan: InputPlan,
	prep: ImagePrep,
	dims: { height: number; width: number; channels: number; nhwc: boolean },
	rows: Axis,
	cols: Axis
): void {
	const { height, width, channels, nhwc } = dims;
	if (rows.first === 0 && rows.end === height && cols.first === 0 && cols.end === width) return;
	const values = outside(plan, prep, channels);
	const size = height * width * channels;
	const view =
		plan.dtype === 'float32'
			? new Float32Array(buffer, dst, size)
			: plan.dtype === 'uint8'
				? new Uint8Array(buffer, dst, size)
				: new Int32Array(buffer, dst, size);
	/** Columns `from` to `to` of row `r`, every channel. */
	const fillRow = (r: number, from: number, to: number) => {
		for (let c = 0; c < channels; c++)
			if (nhwc)
				for (let col = from; col < to; col++) view[(r * width + col) * channels + c] = values[c]!;
			else view.fill(values[c]!, (c * height + r) * width + from, (c * height + r) * width + to);
	};
	for (let r = 0; r < height; r++)
		if (r < rows.first || r >= rows.end) fillRow(r, 0, width);
		else {
			fillRow(r, 0, cols.first);
			fillRow(r, cols.end, width);
		}
}

/** The kernel's output copied to `into` (the kernel's memory is reused by the next call). */
function copyOut(
	buffer: ArrayBuffer,
	dst: number,
	dtype: InputPlan['dtype'],
	into: InputData
): InputData {
	const size = into.length;
	switch (dtype) {
		case 'float32':
			(into as Float32Array).set(new Float32Array(buffer, dst, size));
			break;
		case 'int32':
			(into as Int32Array).set(new Int32Array(buffer, dst, size));
			break;
		case 'uint8':
			(into as Uint8Array).set(new Uint8Array(buffer, dst, size));
			break;
		case 'int64': {
			const values = new Int32Array(buffer, dst, size);
			for (let i = 0; i < size; i++) (into as BigInt64Array)[i] = BigInt(values[i]!);
		}
	}
	return into;
}

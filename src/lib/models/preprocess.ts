// Turns an image into a model's inputs as their plans say: resize (bilinear), colour order, scale and
// offset, NHWC or NCHW; inputs that are not images get the same seeded random data on every run.
import { sizeOf } from '../convert/tensor.js';
import { rng } from '../measure/random.js';
import type { Box, RgbaImage } from './image.js';
import { imageDims, type ImagePrep, type InputDType, type InputPlan } from './input.js';

export interface InputTensor {
	dtype: InputDType;
	shape: number[];
	data: Float32Array | Int32Array | Uint8Array | BigInt64Array;
}

/** The part of the image the model sees: all of it, or a square from the top left that pads it (letterbox). */
export function inputRegion(
	image: { width: number; height: number },
	input: { width: number; height: number },
	fit: ImagePrep['fit']
): Box {
	if (fit === 'stretch') return { x: 0, y: 0, width: image.width, height: image.height };
	const scale = Math.max(image.width / input.width, image.height / input.height);
	return { x: 0, y: 0, width: input.width * scale, height: input.height * scale };
}

/** The region of `image` that `inputs`' image input sees (the whole image when none is an image). */
export function regionFor(
	image: { width: number; height: number },
	inputs: readonly InputPlan[]
): Box {
	const plan = inputs.find((i) => i.image);
	if (!plan?.image) return { x: 0, y: 0, width: image.width, height: image.height };
	return inputRegion(image, imageDims({ ...plan, image: plan.image }), plan.image.fit);
}

function allocate(dtype: InputDType, size: number): InputTensor['data'] {
	switch (dtype) {
		case 'float32':
			return new Float32Array(size);
		case 'int32':
			return new Int32Array(size);
		case 'uint8':
			return new Uint8Array(size);
		case 'int64':
			return new BigInt64Array(size);
	}
}

/**
 * Where each output position along one axis samples the image (half-pixel centres, edges clamped):
 * the two source positions, the weight of the second, and whether the point lies inside the image.
 */
interface Taps {
	near: Int32Array;
	far: Int32Array;
	weight: Float64Array;
	inside: Uint8Array;
}

function taps(count: number, start: number, span: number, size: number): Taps {
	const t: Taps = {
		near: new Int32Array(count),
		far: new Int32Array(count),
		weight: new Float64Array(count),
		inside: new Uint8Array(count)
	};
	for (let k = 0; k < count; k++) {
		const p = start + ((k + 0.5) * span) / count;
		const f = Math.min(Math.max(p - 0.5, 0), size - 1);
		const near = Math.floor(f);
		t.near[k] = near;
		t.far[k] = Math.min(near + 1, size - 1);
		t.weight[k] = f - near;
		t.inside[k] = p >= 0 && p <= size ? 1 : 0;
	}
	return t;
}

/** Channel `c` at a point between four pixels (byte offsets of their rows and columns). */
function bilinear(
	rgba: Uint8ClampedArray | Uint8Array,
	top: number,
	bottom: number,
	left: number,
	right: number,
	wx: number,
	wy: number,
	c: number
): number {
	const a = rgba[top + left + c]!;
	const b = rgba[top + right + c]!;
	const d = rgba[bottom + left + c]!;
	const e = rgba[bottom + right + c]!;
	const upper = a + (b - a) * wx;
	const lower = d + (e - d) * wx;
	return upper + (lower - upper) * wy;
}

/**
 * The input `plan` for `image` (or the `crop` of it): an image input, batch of one. Bilinear
 * sampling with the taps of each row and column worked out once; a point outside the image (a
 * letterbox's padding) reads 0.
 */
export function imageTensor(image: RgbaImage, plan: InputPlan, crop?: Box): InputTensor {
	const prep = plan.image;
	if (!prep) throw new Error(`input "${plan.name}" is not fed from an image`);
	const { height, width, channels } = imageDims({ ...plan, image: prep });
	const region = crop ?? inputRegion(image, { width, height }, prep.fit);
	const size = height * width * channels;
	// Written in place, rounded as they are written where the input holds integers; int64 afterwards.
	const values = plan.dtype === 'int64' ? new Float64Array(size) : allocate(plan.dtype, size);
	const round = plan.dtype === 'int32' || plan.dtype === 'uint8';
	const rows = taps(height, region.y, region.height, image.height);
	const cols = taps(width, region.x, region.width, image.width);
	const nhwc = prep.layout === 'NHWC';
	const channelStride = nhwc ? 1 : height * width;
	const order = prep.color === 'bgr' ? [2, 1, 0] : [0, 1, 2];
	const gray = prep.gray;
	const { scale, offset } = prep;
	const { data: rgba } = image;
	const stride = image.width * 4;
	for (let row = 0; row < height; row++) {
		const top = rows.near[row]! * stride;
		const bottom = rows.far[row]! * stride;
		const wy = rows.weight[row]!;
		const rowInside = rows.inside[row]!;
		for (let col = 0; col < width; col++) {
			const base = nhwc ? (row * width + col) * channels : row * width + col;
			const inside = rowInside && cols.inside[col]!;
			const left = cols.near[col]! * 4;
			const right = cols.far[col]! * 4;
			const wx = cols.weight[col]!;
			if (gray) {
				const value = inside
					? bilinear(rgba, top, bottom, left, right, wx, wy, 0) * gray[0] +
						bilinear(rgba, top, bottom, left, right, wx, wy, 1) * gray[1] +
						bilinear(rgba, top, bottom, left, right, wx, wy, 2) * gray[2]
					: 0;
				const v = value * scale[0]! + offset[0]!;
				values[base] = round ? Math.round(v) : v;
			} else
				for (let c = 0; c < channels; c++) {
					const value = inside
						? bilinear(rgba, top, bottom, left, right, wx, wy, order[c] ?? 0)
						: 0;
					const v = value * scale[c]! + offset[c]!;
					values[base + c * channelStride] = round ? Math.round(v) : v;
				}
		}
	}
	const data = values instanceof Float64Array ? int64(values) : values;
	return { dtype: plan.dtype, shape: plan.shape, data };
}

/** `values` rounded to int64. */
function int64(values: Float64Array): BigInt64Array {
	const out = new BigInt64Array(values.length);
	for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.round(values[i]!));
	return out;
}

/** Seeded random data for an input that is not an image: uniform 0..1 for floats, 0..9 for integers. */
export function randomTensor(plan: InputPlan, seed = 7): InputTensor {
	const size = sizeOf(plan.shape);
	const next = rng(seed);
	const data = allocate(plan.dtype, size);
	for (let i = 0; i < size; i++) {
		const v = next();
		if (data instanceof BigInt64Array) data[i] = BigInt(Math.floor(v * 10));
		else data[i] = plan.dtype === 'float32' ? v : Math.floor(v * 10);
	}
	return { dtype: plan.dtype, shape: plan.shape, data };
}

/** Every input of the model for `image`. */
export function modelInputs(
	image: RgbaImage,
	inputs: readonly InputPlan[],
	crop?: Box
): Record<string, InputTensor> {
	return Object.fromEntries(
		inputs.map((plan) => [
			plan.name,
			plan.image ? imageTensor(image, plan, crop) : randomTensor(plan)
		])
	);
}

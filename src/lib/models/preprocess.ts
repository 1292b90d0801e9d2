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

/** Bilinear sample (half-pixel centres, edges clamped) of RGBA channel c at (x, y); 0 outside. */
function sample(image: RgbaImage, x: number, y: number, c: number): number {
	if (x > image.width || y > image.height || x < 0 || y < 0) return 0;
	const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1);
	const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1);
	const x0 = Math.floor(fx);
	const y0 = Math.floor(fy);
	const x1 = Math.min(x0 + 1, image.width - 1);
	const y1 = Math.min(y0 + 1, image.height - 1);
	const { data, width } = image;
	const a = data[(y0 * width + x0) * 4 + c]!;
	const b = data[(y0 * width + x1) * 4 + c]!;
	const d = data[(y1 * width + x0) * 4 + c]!;
	const e = data[(y1 * width + x1) * 4 + c]!;
	const top = a + (b - a) * (fx - x0);
	const bottom = d + (e - d) * (fx - x0);
	return top + (bottom - top) * (fy - y0);
}

/** The input `plan` for `image` (or the `crop` of it): an image input, batch of one. */
export function imageTensor(image: RgbaImage, plan: InputPlan, crop?: Box): InputTensor {
	const prep = plan.image;
	if (!prep) throw new Error(`input "${plan.name}" is not fed from an image`);
	const { height, width, channels } = imageDims({ ...plan, image: prep });
	const region = crop ?? inputRegion(image, { width, height }, prep.fit);
	const data = allocate(plan.dtype, height * width * channels);
	const integer = plan.dtype !== 'float32';
	const order = prep.color === 'bgr' ? [2, 1, 0] : [0, 1, 2];
	const put = (row: number, col: number, c: number, pixel: number) => {
		const value = pixel * prep.scale[c]! + prep.offset[c]!;
		const at =
			prep.layout === 'NHWC'
				? (row * width + col) * channels + c
				: c * height * width + row * width + col;
		if (data instanceof BigInt64Array) data[at] = BigInt(Math.round(value));
		else data[at] = integer ? Math.round(value) : value;
	};
	for (let row = 0; row < height; row++) {
		const y = region.y + ((row + 0.5) * region.height) / height;
		for (let col = 0; col < width; col++) {
			const x = region.x + ((col + 0.5) * region.width) / width;
			if (prep.gray) {
				const [wr, wg, wb] = prep.gray;
				put(
					row,
					col,
					0,
					sample(image, x, y, 0) * wr + sample(image, x, y, 1) * wg + sample(image, x, y, 2) * wb
				);
			} else
				for (let c = 0; c < channels; c++) put(row, col, c, sample(image, x, y, order[c] ?? 0));
		}
	}
	return { dtype: plan.dtype, shape: plan.shape, data };
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

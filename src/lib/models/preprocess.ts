// Turns an image into a model's inputs as their plans say: resize (bilinear), colour order, scale and
// offset, NHWC or NCHW (in WebAssembly SIMD, image-kernel.ts); inputs that are not images get the
// same seeded random data on every run.
import { sizeOf } from '../convert/tensor.js';
import { rng } from '../measure/random.js';
import type { Box, RgbaImage } from './image.js';
import { resample } from './image-kernel.js';
import {
	allocate,
	imageDims,
	type ImagePrep,
	type InputData,
	type InputDType,
	type InputPlan
} from './input.js';

export interface InputTensor {
	dtype: InputDType;
	shape: number[];
	data: InputData;
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

/**
 * The input `plan` for `image` (or the `crop` of it): an image input, batch of one (see resample),
 * written `into` an array of the input's type and size where one is given.
 */
export function imageTensor(
	image: RgbaImage,
	plan: InputPlan,
	crop?: Box,
	into?: InputData
): InputTensor {
	const prep = plan.image;
	if (!prep) throw new Error(`input "${plan.name}" is not fed from an image`);
	const imagePlan = { ...plan, image: prep };
	const region = crop ?? inputRegion(image, imageDims(imagePlan), prep.fit);
	return { dtype: plan.dtype, shape: plan.shape, data: resample(image, imagePlan, region, into) };
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

/**
 * One frame's inputs after another, written into the same arrays and lent to one run at a time: a
 * new array of a megabyte costs Chromium about 0.4 ms in page faults alone, more than resampling
 * into it. Inputs that are not images are the same every frame and made once. A frame asked for
 * while the last one is still lent gets arrays of its own.
 */
export class FrameInputs {
	#kept: Record<string, InputTensor> | undefined;
	#lent = false;

	constructor(private readonly plans: readonly InputPlan[]) {}

	/** The inputs for `image`, the caller's until it gives them back. */
	lend(image: RgbaImage): Record<string, InputTensor> {
		if (this.#lent) return modelInputs(image, this.plans);
		if (!this.#kept) this.#kept = modelInputs(image, this.plans);
		else
			for (const plan of this.plans)
				if (plan.image) imageTensor(image, plan, undefined, this.#kept[plan.name]!.data);
		this.#lent = true;
		return this.#kept;
	}

	/** Takes back what `lend` gave (a frame that got arrays of its own has nothing to give back). */
	giveBack(inputs: Record<string, InputTensor>): void {
		if (inputs === this.#kept) this.#lent = false;
	}
}

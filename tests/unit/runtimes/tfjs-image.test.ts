// TF.js's own image path (fromPixels, resizeBilinear with half-pixel centres, colour order, scale and
// offset), run by TF.js in Node on its CPU backend, against the frame pipeline's kernel: the same
// input within the kernel's tolerance, for each layout, colour order and dtype it serves.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { InputPlan } from '../../../src/lib/models/input.js';
import { imageTensor } from '../../../src/lib/models/preprocess.js';
import { rng } from '../../../src/lib/measure/random.js';
import { inputsOnBackend } from '../../../src/lib/runtimes/tfjs-image.js';
import { UnavailableError } from '../../../src/lib/runtimes/types.js';

const next = rng(11);
const image = {
	width: 61,
	height: 47,
	data: Uint8ClampedArray.from({ length: 61 * 47 * 4 }, () => Math.floor(next() * 256))
};

const plan = (over: Partial<NonNullable<InputPlan['image']>> & Partial<InputPlan>): InputPlan => {
	const { name = 'x', dtype = 'float32', shape = [1, 32, 40, 3], ...image } = over;
	return {
		name,
		dtype,
		shape,
		image: {
			layout: 'NHWC',
			color: 'rgb',
			fit: 'stretch',
			scale: [1 / 255, 1 / 255, 1 / 255],
			offset: [0, 0, 0],
			...image
		}
	};
};

const CASES: [string, InputPlan][] = [
	['NHWC, RGB', plan({})],
	[
		'NCHW, BGR, mean/std',
		plan({
			layout: 'NCHW',
			color: 'bgr',
			shape: [1, 3, 30, 70],
			scale: [0.017, 0.0175, 0.0171],
			offset: [-2.1, -2.03, -1.8]
		})
	],
	['gray', plan({ color: 'gray', gray: [0.299, 0.587, 0.114], shape: [1, 20, 20, 1] })],
	['int32, 0..255', plan({ dtype: 'int32', scale: [1, 1, 1] })]
];

describe("TF.js's image path", () => {
	it.each(CASES)("%s: the kernel's input, within 0.01 of a level", (_, p) => {
		const made = inputsOnBackend(tf, image, [p]).x!;
		const got = made.dataSync();
		made.dispose();
		const want = imageTensor(image, p).data as Float32Array | Int32Array;
		expect(made.shape).toEqual(p.shape);
		const scale = Math.max(...p.image!.scale);
		let worst = 0;
		for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
		expect(worst).toBeLessThanOrEqual(p.dtype === 'int32' ? 1 : 0.02 * scale + 1e-5);
	});

	it('says it cannot letterbox, and leaves no tensor behind', () => {
		const before = tf.memory().numTensors;
		expect(() =>
			inputsOnBackend(tf, image, [
				{ name: 'seed', dtype: 'int32', shape: [1, 2] },
				plan({ fit: 'letterbox' })
			])
		).toThrow(UnavailableError);
		expect(tf.memory().numTensors).toBe(before);
	});
});

// TF.js's own image path (fromPixels, resizeBilinear with half-pixel centres, colour order, scale and
// offset), run by TF.js in Node on its CPU backend, against the frame pipeline's kernel: the same
// input within the kernel's tolerance, for each layout, colour order and dtype it serves.

/** The inputs TF.js's image path makes for `plans`, as one run hands them to the model. */
async function madeInputs(plans: InputPlan[]): Promise<Record<string, tf.Tensor>> {
	let made: Record<string, tf.Tensor> = {};
	const path = await imagePath(tf, image, plans, async (xs) => {
		made = xs;
		return {};
	});
	await path.run();
	path.dispose();
	return made;
}
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { InputPlan } from '../../../src/lib/models/input.js';
import { imageTensor } from '../../../src/lib/models/preprocess.js';
import { rng } from '../../../src/lib/measure/random.js';
import { imagePath } from '../../../src/lib/runtimes/tfjs-inputs.js';
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
	it.each(CASES)("%s: the kernel's input, within 0.01 of a level", async (_, p) => {
		const made = (await madeInputs([p])).x!;
		const got = made.dataSync();
		made.dispose();
		const want = imageTensor(image, p).data as Float32Array | Int32Array;
		expect(made.shape).toEqual(p.shape);
		const scale = Math.max(...p.image!.scale);
		let worst = 0;
		for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
		expect(worst).toBeLessThanOrEqual(p.dtype === 'int32' ? 1 : 0.02 * scale + 1e-5);
	});

	it('says it cannot letterbox, and leaves no tensor behind', async () => {
		const before = tf.memory().numTensors;
		await expect(
			madeInputs([{ name: 'seed', dtype: 'int32', shape: [1, 2] }, plan({ fit: 'letterbox' })])
		).rejects.toThrow(UnavailableError);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('makes inputs that are not images once, the same every run', async () => {
		const seed: InputPlan = { name: 'seed', dtype: 'int32', shape: [1, 3] };
		const a = await madeInputs([seed, plan({})]);
		const b = await madeInputs([seed, plan({})]);
		expect(Array.from(a.seed!.dataSync())).toEqual(Array.from(b.seed!.dataSync()));
		tf.dispose([...Object.values(a), ...Object.values(b)]);
	});
});

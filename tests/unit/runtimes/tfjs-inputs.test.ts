// TF.js's own image path (fromPixels, resizeBilinear with half-pixel centres, colour order, scale and
// offset), run by TF.js in Node on its CPU backend, against the frame pipeline's kernel: the same
// input within the kernel's tolerance, for each layout, colour order and dtype it serves.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { InputPlan } from '../../../src/lib/models/input.js';
import { imageTensor } from '../../../src/lib/models/preprocess.js';
import { imagePath } from '../../../src/lib/runtimes/tfjs-inputs.js';
import { UnavailableError } from '../../../src/lib/runtimes/types.js';
import { CASES, photo, plan } from '../../helpers/input-plans.js';

const image = photo(61, 47, 11);

/** The cases TF.js's path serves: stretched, the whole image, float32 or int32. */
const SERVED = CASES.filter(
	([, p, crop]) => !crop && p.image!.fit === 'stretch' && ['float32', 'int32'].includes(p.dtype)
).map(([name, p]) => [name, p] as const);

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
describe("TF.js's image path", () => {
	it.each(SERVED)("%s: the kernel's input, within 0.01 of a level", async (_, p) => {
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

// TF.js turning a frame into a model's input itself, on the model's own backend (fromPixels, then
// resizeBilinear with half-pixel centres, colour order, scale and offset): the runtime's image path,
// which the bench times and checks against the frame pipeline's kernel.
import type { Tensor } from '@tensorflow/tfjs';
import type { RgbaImage } from '../models/image.js';
import { imageDims, type ImagePrep, type InputPlan } from '../models/input.js';
import { randomTensor } from '../models/preprocess.js';
import { UnavailableError } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');

/** One image input made on the backend from the frame's pixels. */
function onBackend(tf: Tf, image: RgbaImage, plan: InputPlan & { image: ImagePrep }): Tensor {
	const prep = plan.image;
	if (prep.fit !== 'stretch')
		throw new UnavailableError(
			`TF.js's image path resizes the whole frame; input "${plan.name}" is letterboxed`
		);
	const { height, width, channels } = imageDims(plan);
	const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
	return tf.tidy(() => {
		const pixels = tf.browser.fromPixels({ data, width: image.width, height: image.height }, 3);
		let x: Tensor = tf.image.resizeBilinear(
			tf.cast(pixels, 'float32'),
			[height, width],
			false,
			true
		);
		if (prep.gray) x = tf.sum(tf.mul(x, tf.tensor1d(prep.gray)), -1, true);
		else if (prep.color === 'bgr') x = tf.reverse(x, -1);
		if (channels === 1 && !prep.gray) x = tf.slice(x, [0, 0, 0], [-1, -1, 1]);
		const perChannel = (v: number[]) => tf.tensor1d(v.slice(0, channels));
		x = tf.add(tf.mul(x, perChannel(prep.scale)), perChannel(prep.offset));
		if (plan.dtype !== 'float32') x = tf.cast(tf.floor(tf.add(x, 0.5)), 'int32');
		if (prep.layout === 'NCHW') x = tf.transpose(x, [2, 0, 1]);
		return tf.expandDims(x, 0);
	});
}

/** Every input for `image`: image inputs made on the backend, the others the seeded random data. */
export function inputsOnBackend(
	tf: Tf,
	image: RgbaImage,
	plans: readonly InputPlan[]
): Record<string, Tensor> {
	const made: Record<string, Tensor> = {};
	try {
		for (const plan of plans) {
			if (plan.image) made[plan.name] = onBackend(tf, image, { ...plan, image: plan.image });
			else {
				const { data } = randomTensor(plan);
				if (!(data instanceof Float32Array || data instanceof Int32Array))
					throw new Error(`input "${plan.name}" is ${plan.dtype}: TF.js takes float32 or int32`);
				made[plan.name] = tf.tensor(data, plan.shape, plan.dtype as 'float32' | 'int32');
			}
		}
	} catch (e) {
		tf.dispose(Object.values(made));
		throw e;
	}
	return made;
}

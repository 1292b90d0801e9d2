// A TF.js model's inputs as tensors: from the frame pipeline's arrays, or made by TF.js itself from
// the frame on the model's own backend (fromPixels, then resizeBilinear with half-pixel centres,
// colour order, scale and offset): the runtime's image path, which the bench times and checks
// against the frame pipeline's kernel.
import type { Tensor } from '@tensorflow/tfjs';
import type { RgbaImage } from '../models/image.js';
import { imageDims, type ImagePrep, type InputPlan } from '../models/input.js';
import { randomTensor, type InputTensor } from '../models/preprocess.js';
import { UnavailableError, type ImagePath, type OutputTensors } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');

/** A frame as TF.js's fromPixels takes it: a bitmap (uploaded on the GPU backends) or its bytes. */
type Pixels = ImageBitmap | { data: Uint8Array; width: number; height: number };

/** TF.js tensors for every input (TF.js holds float32, int32 and bool only). */
export function tensors(tf: Tf, inputs: Record<string, InputTensor>): Record<string, Tensor> {
	for (const [name, t] of Object.entries(inputs))
		if (t.dtype !== 'float32' && t.dtype !== 'int32')
			throw new Error(`input "${name}" is ${t.dtype}: TF.js takes float32 or int32`);
	return Object.fromEntries(
		Object.entries(inputs).map(([name, t]) => [
			name,
			tf.tensor(t.data as Float32Array | Int32Array, t.shape, t.dtype as 'float32' | 'int32')
		])
	);
}

/** One image input made on the backend from the frame's pixels. */
function onBackend(tf: Tf, pixels: Pixels, plan: InputPlan & { image: ImagePrep }): Tensor {
	const prep = plan.image;
	const { height, width, channels } = imageDims(plan);
	return tf.tidy(() => {
		let x: Tensor = tf.image.resizeBilinear(
			tf.cast(tf.browser.fromPixels(pixels, 3), 'float32'),
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

/**
 * TF.js's own image path to `plans`' inputs: the frame made ready once as the backend takes it (a
 * bitmap that the GPU backends upload as a texture; its bytes on WASM and the CPU), inputs that are
 * not images made once; each run then makes the image inputs from it on the backend and calls
 * `execute` with every input (which disposes them).
 */
export async function imagePath(
	tf: Tf,
	image: RgbaImage,
	plans: readonly InputPlan[],
	execute: (xs: Record<string, Tensor>) => Promise<OutputTensors>
): Promise<ImagePath> {
	for (const plan of plans)
		if (plan.image && plan.image.fit !== 'stretch')
			throw new UnavailableError(
				`TF.js's image path resizes the whole frame; input "${plan.name}" is letterboxed`
			);
	const others = Object.fromEntries(
		plans.filter((p) => !p.image).map((p) => [p.name, randomTensor(p)])
	);
	const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
	const bytes = { data, width: image.width, height: image.height };
	const onGpu = ['webgl', 'webgpu'].includes(tf.getBackend());
	const pixels: Pixels = onGpu
		? await createImageBitmap(new ImageData(new Uint8ClampedArray(data), image.width), {
				premultiplyAlpha: 'none',
				colorSpaceConversion: 'none'
			})
		: bytes;
	return {
		run: () => {
			const xs = tensors(tf, others);
			try {
				for (const plan of plans)
					if (plan.image) xs[plan.name] = onBackend(tf, pixels, { ...plan, image: plan.image });
			} catch (e) {
				tf.dispose(Object.values(xs));
				throw e;
			}
			return execute(xs);
		},
		dispose: () => {
			if (pixels !== bytes) (pixels as ImageBitmap).close();
		}
	};
}

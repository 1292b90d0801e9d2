// Test photos and image-input plans shared by the tests of the frame pipeline and of the runtimes'
// own image paths: every layout, colour order, fit, crop and dtype the pipeline serves.
import type { Box, RgbaImage } from '../../src/lib/models/image.js';
import type { InputPlan } from '../../src/lib/models/input.js';
import { rng } from '../../src/lib/measure/random.js';

/** Seeded random pixels. */
export function photo(width: number, height: number, seed = 3): RgbaImage {
	const next = rng(seed);
	return {
		width,
		height,
		data: Uint8ClampedArray.from({ length: width * height * 4 }, () => Math.floor(next() * 256))
	};
}

const rgb = { scale: [1 / 255, 1 / 255, 1 / 255], offset: [0, 0, 0] } as const;
/** An image input plan: NHWC, RGB, 0..1, stretched, 48 x 64, unless `over` says otherwise. */
export const plan = (
	over: Partial<InputPlan['image']> & { shape?: number[]; dtype?: InputPlan['dtype'] }
) => {
	const { shape = [1, 48, 64, 3], dtype = 'float32', ...image } = over;
	return {
		name: 'x',
		dtype,
		shape,
		image: {
			layout: 'NHWC',
			color: 'rgb',
			fit: 'stretch',
			scale: [...rgb.scale],
			offset: [...rgb.offset],
			...image
		}
	} as InputPlan;
};

/** One plan per thing the pipeline does differently, with the crop of the image it reads. */
export const CASES: [string, InputPlan, Box?][] = [
	['NHWC, RGB, stretch (smaller)', plan({})],
	['NHWC, RGB, stretch (larger)', plan({ shape: [1, 300, 260, 3] })],
	[
		'NCHW, BGR, mean/std',
		plan({
			layout: 'NCHW',
			color: 'bgr',
			shape: [1, 3, 40, 56],
			scale: [0.017, 0.0175, 0.0171],
			offset: [-2.1, -2.03, -1.8]
		})
	],
	['letterbox (padding reads 0)', plan({ fit: 'letterbox', shape: [1, 64, 64, 3] })],
	[
		'gray, one channel',
		plan({ color: 'gray', gray: [0.299, 0.587, 0.114], shape: [1, 32, 32, 1], scale: [1, 1, 1] })
	],
	[
		'gray with BGR order (the weights stay R, G, B)',
		plan({ color: 'bgr', gray: [0.299, 0.587, 0.114], shape: [1, 16, 16, 1], scale: [1, 1, 1] })
	],
	['int32, 0..255', plan({ dtype: 'int32', scale: [1, 1, 1] })],
	['uint8, 0..255', plan({ dtype: 'uint8', scale: [1, 1, 1] })],
	['a crop', plan({ shape: [1, 20, 20, 3] }), { x: 30.5, y: 10.25, width: 41, height: 37.5 }]
];

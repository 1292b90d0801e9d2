// The frame pipeline's image -> input step (the WebAssembly SIMD kernel) against the plain definition:
// bilinear sampling point by point (half-pixel centres, edges clamped, 0 outside the image). Every
// layout, colour order, fit, crop and dtype gives the same numbers within the kernel's stated
// tolerance (0.01 of a pixel level; an integer may round the other way only where the exact value lies
// within 0.01 of a half); the time of both is printed.
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../../src/lib/models/image.js';
import { CASES, photo, plan } from '../../helpers/input-plans.js';
import { imageDims, type InputPlan } from '../../../src/lib/models/input.js';
import {
	FrameInputs,
	imageTensor,
	inputRegion,
	modelInputs
} from '../../../src/lib/models/preprocess.js';
import { sizeOf } from '../../../src/lib/convert/tensor.js';

/** The definition: channel c of the image at (x, y), sampled bilinearly; 0 outside. */
function sample(image: RgbaImage, x: number, y: number, c: number): number {
	if (x > image.width || y > image.height || x < 0 || y < 0) return 0;
	const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1);
	const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1);
	const x0 = Math.floor(fx);
	const y0 = Math.floor(fy);
	const x1 = Math.min(x0 + 1, image.width - 1);
	const y1 = Math.min(y0 + 1, image.height - 1);
	const at = (x: number, y: number) => image.data[(y * image.width + x) * 4 + c]!;
	const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (fx - x0);
	const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (fx - x0);
	return top + (bottom - top) * (fy - y0);
}

/** The definition of the input: every value computed on its own, before any rounding. */
function definition(image: RgbaImage, plan: InputPlan, crop?: Box): number[] {
	const prep = plan.image!;
	const { height, width, channels } = imageDims({ ...plan, image: prep });
	const region = crop ?? inputRegion(image, { width, height }, prep.fit);
	const out: number[] = new Array<number>(height * width * channels);
	const order = prep.color === 'bgr' ? [2, 1, 0] : [0, 1, 2];
	for (let row = 0; row < height; row++)
		for (let col = 0; col < width; col++) {
			const y = region.y + ((row + 0.5) * region.height) / height;
			const x = region.x + ((col + 0.5) * region.width) / width;
			for (let c = 0; c < channels; c++) {
				const pixel = prep.gray
					? [0, 1, 2].reduce((s, k) => s + sample(image, x, y, k) * prep.gray![k]!, 0)
					: sample(image, x, y, order[c]!);
				const value = pixel * prep.scale[c]! + prep.offset[c]!;
				const at =
					prep.layout === 'NHWC'
						? (row * width + col) * channels + c
						: c * height * width + row * width + col;
				out[at] = value;
			}
		}
	return out;
}

/** A pixel level after the plan's scale: how far a float may be from the definition. */
const LEVEL = 0.01;

/** The values of `got` that are off the definition by more than the tolerance, as `index: got vs want`. */
function offDefinition(got: ArrayLike<number>, want: number[], p: InputPlan): string[] {
	const scale = Math.max(...p.image!.scale.map(Math.abs));
	const off: string[] = [];
	for (let i = 0; i < want.length; i++) {
		const exact = want[i]!;
		const value = got[i]!;
		const ok =
			p.dtype === 'float32'
				? Math.abs(value - exact) <= LEVEL * scale + 1e-6 * Math.abs(exact)
				: value === Math.round(exact) ||
					(Math.abs(Math.abs(exact % 1) - 0.5) <= LEVEL * scale &&
						Math.abs(value - exact) <= 0.5 + LEVEL);
		if (!ok) off.push(`${i}: ${value} vs ${exact}`);
	}
	return off;
}

describe('image -> input', () => {
	const image = photo(97, 71);
	it.each(CASES)('%s: the definition, within the tolerance', (_, p, crop) => {
		const got = imageTensor(image, p, crop);
		expect(got.data.length).toBe(sizeOf(p.shape));
		expect(offDefinition(Array.from(got.data, Number), definition(image, p, crop), p)).toEqual([]);
	});

	it('int64 inputs are the int32 numbers', () => {
		const p = plan({ dtype: 'int64', scale: [1, 1, 1] });
		const got = imageTensor(image, p).data as BigInt64Array;
		const int32 = imageTensor(image, { ...p, dtype: 'int32' }).data as Int32Array;
		expect(Array.from(got, Number)).toEqual(Array.from(int32));
	});

	it('a larger frame after a smaller one (the kernel grows its memory), and back', () => {
		const p = plan({ shape: [1, 64, 64, 3] });
		const large = photo(1280, 720, 9);
		const values = (i: typeof image) => Array.from(imageTensor(i, p).data, Number);
		expect(offDefinition(values(large), definition(large, p), p)).toEqual([]);
		expect(offDefinition(values(image), definition(image, p), p)).toEqual([]);
	});

	it('an input that is not 1 or 3 channels is refused, by name', () => {
		expect(() => imageTensor(image, plan({ shape: [1, 8, 8, 4] }))).toThrow(
			'input "x" has 4 channels; an image gives 1 or 3'
		);
	});

	it('a 640x480 frame to a 192x192x3 input: the time it takes, printed', () => {
		const frame = photo(640, 480, 5);
		const p = plan({ shape: [1, 192, 192, 3], dtype: 'int32', scale: [1, 1, 1] });
		for (let i = 0; i < 20; i++) imageTensor(frame, p);
		const started = performance.now();
		const runs = 100;
		for (let i = 0; i < runs; i++) imageTensor(frame, p);
		const ms = (performance.now() - started) / runs;
		const reference = performance.now();
		definition(frame, p);
		const referenceMs = performance.now() - reference;
		console.log(
			`640x480 -> 192x192x3: ${ms.toFixed(2)} ms (the point-by-point definition: ${referenceMs.toFixed(1)} ms)`
		);
		expect(ms).toBeGreaterThan(0);
	});
});

describe('one frame after another (FrameInputs)', () => {
	const plans: InputPlan[] = [
		plan({ shape: [1, 24, 24, 3] }),
		{ name: 'seed', dtype: 'int32', shape: [1, 4] }
	];
	const first = photo(50, 40, 1);
	const second = photo(50, 40, 2);

	it("writes each frame into the same arrays, with that frame's values", () => {
		const frames = new FrameInputs(plans);
		const a = frames.lend(first);
		const aValues = Array.from(a.x!.data, Number);
		frames.giveBack(a);
		const b = frames.lend(second);
		expect(b.x!.data).toBe(a.x!.data);
		expect(Array.from(b.x!.data, Number)).toEqual(
			Array.from(modelInputs(second, plans).x!.data, Number)
		);
		expect(Array.from(b.x!.data, Number)).not.toEqual(aValues);
		expect(b.seed!.data).toBe(a.seed!.data);
	});

	it('a frame asked for while the last is still lent gets arrays of its own', () => {
		const frames = new FrameInputs(plans);
		const a = frames.lend(first);
		const kept = Array.from(a.x!.data, Number);
		const b = frames.lend(second);
		expect(b.x!.data).not.toBe(a.x!.data);
		expect(Array.from(a.x!.data, Number)).toEqual(kept);
		// The second frame's arrays given back first do not free the first frame's.
		frames.giveBack(b);
		const c = frames.lend(second);
		expect(c.x!.data).not.toBe(a.x!.data);
		expect(Array.from(a.x!.data, Number)).toEqual(kept);
		frames.giveBack(a);
		expect(frames.lend(second).x!.data).toBe(a.x!.data);
	});
});

// The "tensors" task and the generic input plans: what a model Twinfer does not know gets summarized
// and fed correctly, in either layout and colour order.
import { describe, expect, it } from 'vitest';
import { imageTensor, randomTensor } from '../../../src/lib/models/preprocess.js';
import { mapSize } from '../../../src/lib/tasks/segmentation.js';
import { mapChannel, spatialMap, summarize, tensors } from '../../../src/lib/tasks/tensors.js';

describe('tensors', () => {
	it('summarizes an output: range, mean, NaNs, histogram, top 5 of a vector', () => {
		const s = summarize('scores', {
			dims: [1, 6],
			data: Float32Array.of(0.1, 0.5, NaN, 0.3, 0.9, 0)
		});
		expect(s).toMatchObject({ min: 0, nonFinite: 1, dtype: 'float32' });
		expect(s.max).toBeCloseTo(0.9);
		expect(s.mean).toBeCloseTo(0.36);
		expect(s.histogram.reduce((a, b) => a + b)).toBe(5);
		expect(s.top?.map((t) => t.classIndex)).toEqual([4, 1, 3, 0, 5]);
		expect(s.map).toBeUndefined();
	});

	it.each([
		[[1, 128, 128, 80], { layout: 'NHWC', height: 128, width: 128, channels: 80 }],
		[[1, 80, 128, 128], { layout: 'NCHW', height: 128, width: 128, channels: 80 }],
		[[1, 1, 64, 48], { layout: 'NCHW', height: 64, width: 48, channels: 1 }],
		[[1, 64, 48, 1], { layout: 'NHWC', height: 64, width: 48, channels: 1 }],
		[[1, 1, 17, 3], undefined],
		[[1, 1000], undefined]
	])('finds the picture in %j', (dims, map) => {
		expect(spatialMap(dims)).toEqual(map);
	});

	it('reads one channel of a map in either layout', () => {
		// 2 x 2 pixels, 2 channels: channel c of pixel p is 10 * p + c.
		const nhwc = Float32Array.of(0, 1, 10, 11, 20, 21, 30, 31);
		const nchw = Float32Array.of(0, 10, 20, 30, 1, 11, 21, 31);
		const map = { height: 2, width: 2, channels: 2 };
		expect([...mapChannel(nhwc, { ...map, layout: 'NHWC' }, 1)]).toEqual([1, 11, 21, 31]);
		expect([...mapChannel(nchw, { ...map, layout: 'NCHW' }, 1)]).toEqual([1, 11, 21, 31]);
	});

	it('is the same within 1e-3 of the peak, and differs beyond', () => {
		const agreement = (rel: number) =>
			tensors.compare(
				{ kind: 'tensors', outputs: [] },
				{ kind: 'tensors', outputs: [] },
				{ width: 1, height: 1 },
				{ out: { relToPeak: rel } as never }
			);
		expect(tensors.same(agreement(9e-4))).toBe(true);
		expect(tensors.same(agreement(2e-3))).toBe(false);
	});

	it('reads a mask in either layout', () => {
		expect(mapSize([1, 256, 192, 1])).toEqual({ height: 256, width: 192 });
		expect(mapSize([1, 1, 256, 192])).toEqual({ height: 256, width: 192 });
		expect(mapSize([1, 256, 192])).toEqual({ height: 256, width: 192 });
	});
});

describe('input plans', () => {
	// A 2 x 1 image: a red pixel, then a blue one.
	const image = { width: 2, height: 1, data: Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 255) };
	const prep = { scale: [1, 1, 1], offset: [0, 0, 0], fit: 'stretch' } as const;

	it('NCHW puts each channel in a plane; BGR reverses the order', () => {
		const plan = (color: 'rgb' | 'bgr') => ({
			name: 'x',
			dtype: 'float32' as const,
			shape: [1, 3, 1, 2],
			image: {
				...prep,
				scale: [1, 1, 1] as [number, number, number],
				offset: [0, 0, 0] as [number, number, number],
				layout: 'NCHW' as const,
				color
			}
		});
		expect([...imageTensor(image, plan('rgb')).data]).toEqual([255, 0, 0, 0, 0, 255]);
		expect([...imageTensor(image, plan('bgr')).data]).toEqual([0, 255, 0, 0, 255, 0]);
	});

	it('NHWC interleaves; gray weights the channels; scale and offset apply per channel', () => {
		const nhwc = imageTensor(image, {
			name: 'x',
			dtype: 'float32',
			shape: [1, 1, 2, 3],
			image: { layout: 'NHWC', color: 'rgb', scale: [2, 1, 1], offset: [-1, 0, 0], fit: 'stretch' }
		});
		expect([...nhwc.data]).toEqual([509, 0, 0, -1, 0, 255]);
		const gray = imageTensor(image, {
			name: 'x',
			dtype: 'int32',
			shape: [1, 1, 2, 1],
			image: {
				layout: 'NHWC',
				color: 'gray',
				scale: [1, 1, 1],
				offset: [0, 0, 0],
				fit: 'stretch',
				gray: [0.5, 0.25, 0.25]
			}
		});
		expect([...gray.data]).toEqual([128, 64]);
	});

	it('an input that is not an image gets the same seeded data every time, int64 included', () => {
		const plan = { name: 'ids', dtype: 'int64' as const, shape: [1, 4] };
		expect(randomTensor(plan).data).toEqual(randomTensor(plan).data);
		expect(randomTensor(plan).data).toBeInstanceOf(BigInt64Array);
	});
});

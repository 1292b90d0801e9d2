// "Tensors", the task of a model Twinfer knows nothing about: per output its shape, range, mean, a
// histogram, the top entries of a score vector and a spatial map drawn as a heatmap over the frame.
// Two runs are the same when every output is within TOLERANCE of its peak.
import { topK, type Ranked } from './classification.js';
import { CPU_CANVAS } from '../cpu-canvas.js';
import type { TensorAgreement } from '../measure/tensor-agreement.js';
import type { OutputTensors } from '../runtimes/types.js';
import type { TaskDefinition } from './types.js';

/** Largest difference, relative to the output's peak, that still counts as the same result. */
export const TENSOR_TOLERANCE = 1e-3;
const BINS = 16;

/** A spatial map inside an output: which dims are height, width and channels. */
export interface SpatialMap {
	layout: 'NHWC' | 'NCHW';
	height: number;
	width: number;
	channels: number;
}

export interface TensorSummary {
	name: string;
	dims: number[];
	dtype: 'float32' | 'int32';
	min: number;
	max: number;
	mean: number;
	/** NaN and infinite values, left out of the figures above. */
	nonFinite: number;
	/** Counts in BINS equal steps from min to max. */
	histogram: number[];
	/** The 5 largest entries, when the output is one vector. */
	top?: Ranked[];
	map?: SpatialMap;
}

export interface TensorsResult {
	kind: 'tensors';
	outputs: TensorSummary[];
}

/** The dims of a 4-D output with a picture in it (height and width at least 4), in either layout. */
export function spatialMap(dims: number[]): SpatialMap | undefined {
	if (dims.length !== 4 || dims[0] !== 1) return undefined;
	const [, a, b, c] = dims as [number, number, number, number];
	// Channels are the smaller end: [1, 128, 128, 80] is NHWC, [1, 80, 128, 128] NCHW.
	const nchw = a < c && !(b === c && a === b);
	const [height, width, channels] = nchw ? [b, c, a] : [a, b, c];
	// Smaller than 4 x 4 is a table of numbers (17 keypoints x 3), not a picture.
	if (height < 4 || width < 4) return undefined;
	return { layout: nchw ? 'NCHW' : 'NHWC', height, width, channels };
}

export function summarize(name: string, tensor: OutputTensors[string]): TensorSummary {
	const { data, dims } = tensor;
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let nonFinite = 0;
	for (const v of data) {
		if (!Number.isFinite(v)) {
			nonFinite++;
			continue;
		}
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
	}
	const finite = data.length - nonFinite;
	const histogram = new Array<number>(BINS).fill(0);
	const step = (max - min) / BINS;
	for (const v of data)
		if (Number.isFinite(v))
			histogram[step > 0 ? Math.min(BINS - 1, Math.floor((v - min) / step)) : 0]!++;
	const vector = dims.filter((d) => d > 1).length === 1;
	return {
		name,
		dims,
		dtype: data instanceof Int32Array ? 'int32' : 'float32',
		min: finite ? min : NaN,
		max: finite ? max : NaN,
		mean: finite ? sum / finite : NaN,
		nonFinite,
		histogram,
		top: vector && data.length > 1 ? topK(data, [], 5) : undefined,
		map: spatialMap(dims)
	};
}

/** Values of one channel of a map, row by row. */
export function mapChannel(
	data: ArrayLike<number>,
	map: SpatialMap,
	channel: number
): Float32Array {
	const { height, width, channels, layout } = map;
	const c = Math.min(Math.max(channel, 0), channels - 1);
	const out = new Float32Array(height * width);
	for (let i = 0; i < height * width; i++)
		out[i] = layout === 'NHWC' ? data[i * channels + c]! : data[c * height * width + i]!;
	return out;
}

/** Colour ramp from dark blue (low) through green to yellow (high), as RGB bytes. */
function ramp(t: number): [number, number, number] {
	const x = Math.min(Math.max(t, 0), 1);
	return [
		Math.round(255 * Math.min(1, 2 * x * x)),
		Math.round(255 * Math.sin(x * 2.4)),
		Math.round(160 * (1 - x))
	];
}

const worst = (tensors: Record<string, TensorAgreement>) =>
	Math.max(0, ...Object.values(tensors).map((t) => t.relToPeak));

export const tensors: TaskDefinition<TensorsResult, { worstRelToPeak: number }> = {
	id: 'tensors',
	name: 'tensors',
	expects:
		'any outputs: each is summarized, and a 4-D one with a picture in it is drawn as a heatmap',
	choosable: true,
	sameWhen: `every output within ${TENSOR_TOLERANCE.toExponential(0)} of its peak`,
	decode: (outputs, config) => ({
		kind: 'tensors',
		outputs: config.outputs.flatMap((name) =>
			outputs[name] ? [summarize(name, outputs[name])] : []
		)
	}),
	compare: (_a, _b, _frame, tensorAgreements) => ({ worstRelToPeak: worst(tensorAgreements) }),
	same: (t) => t.worstRelToPeak <= TENSOR_TOLERANCE,
	describe: (t) => `outputs within ${t.worstRelToPeak.toExponential(1)} of their peak`,
	draw(canvas, result) {
		const summary = result.outputs.map((o) => `${o.name} [${o.dims.join('×')}]`).join(', ');
		const shown = result.outputs.find((o) => o.map);
		const data = shown && canvas.outputs?.[shown.name]?.data;
		if (!shown?.map || !data) return { summary, marks: [] };
		const values = mapChannel(data, shown.map, canvas.channel ?? 0);
		const { width, height } = shown.map;
		let lo = Infinity;
		let hi = -Infinity;
		let peak = 0;
		values.forEach((v, i) => {
			if (v < lo) lo = v;
			if (v > hi) [hi, peak] = [v, i];
		});
		const heat = new OffscreenCanvas(width, height);
		const context = heat.getContext('2d', CPU_CANVAS)!;
		const pixels = context.createImageData(width, height);
		values.forEach((v, i) => {
			const [r, g, b] = ramp(hi > lo ? (v - lo) / (hi - lo) : 0);
			pixels.data.set([r, g, b, 150], i * 4);
		});
		context.putImageData(pixels, 0, 0);
		const { region } = canvas;
		canvas.context.drawImage(heat, region.x, region.y, region.width, region.height);
		const mark = {
			x: region.x + (((peak % width) + 0.5) * region.width) / width,
			y: region.y + ((Math.floor(peak / width) + 0.5) * region.height) / height
		};
		return { summary, marks: [mark] };
	}
};

// Segmentation: a probability map (1 × H × W × 1, 1 × 1 × H × W or 1 × H × W) drawn as a mask; the
// same when the masks, thresholded at 0.5, overlap at IoU ≥ 0.99.
import { CPU_CANVAS } from '../cpu-canvas.js';
import type { Box } from '../models/image.js';
import { floats } from './read.js';
import type { TaskDefinition } from './types.js';

export interface SegmentationResult {
	kind: 'segmentation';
	mask: Float32Array;
	width: number;
	height: number;
}

/** Height and width of a one-channel map, in either layout. */
export function mapSize(dims: number[]): { height: number; width: number } {
	const d = dims.length === 4 && dims[1] === 1 && dims[3] !== 1 ? dims.slice(2) : dims.slice(-3);
	const [height, width] = d.length === 3 && d[2] === 1 ? d : d.slice(-2);
	if (height === undefined || width === undefined || height * width === 0)
		throw new Error(`a mask needs a map of H × W values; this output is [${dims.join('×')}]`);
	return { height, width };
}

/** IoU of the two masks thresholded at `threshold` (1 when both are empty). */
export function maskIoU(a: ArrayLike<number>, b: ArrayLike<number>, threshold = 0.5): number {
	let inter = 0;
	let union = 0;
	for (let i = 0; i < a.length; i++) {
		const x = a[i]! >= threshold;
		const y = b[i]! >= threshold;
		if (x && y) inter++;
		if (x || y) union++;
	}
	return union ? inter / union : 1;
}

function drawMask(
	context: CanvasRenderingContext2D,
	task: SegmentationResult,
	region: Box,
	color: string
): { fraction: number; center?: { x: number; y: number } } {
	const canvas = new OffscreenCanvas(task.width, task.height);
	const maskContext = canvas.getContext('2d', CPU_CANVAS)!;
	maskContext.fillStyle = color;
	maskContext.fillRect(0, 0, task.width, task.height);
	const pixels = maskContext.getImageData(0, 0, task.width, task.height);
	let inside = 0;
	let sx = 0;
	let sy = 0;
	for (let i = 0; i < task.width * task.height; i++) {
		const p = task.mask[i]!;
		pixels.data[i * 4 + 3] = Math.round(Math.min(Math.max(p, 0), 1) * 140);
		if (p < 0.5) continue;
		inside++;
		sx += i % task.width;
		sy += Math.floor(i / task.width);
	}
	maskContext.putImageData(pixels, 0, 0);
	context.drawImage(canvas, region.x, region.y, region.width, region.height);
	const center = inside
		? {
				x: region.x + ((sx / inside + 0.5) * region.width) / task.width,
				y: region.y + ((sy / inside + 0.5) * region.height) / task.height
			}
		: undefined;
	return { fraction: inside / (task.width * task.height), center };
}

export const segmentation: TaskDefinition<SegmentationResult, { maskIoU: number }> = {
	id: 'segmentation',
	name: 'mask',
	expects: 'one output of H × W probabilities (0..1), one channel, in either layout',
	choosable: true,
	sameWhen: 'mask IoU ≥ 0.99',
	decode(outputs, config) {
		const name = config.outputs[0];
		const { height, width } = mapSize(outputs[name ?? '']?.dims ?? []);
		return { kind: 'segmentation', mask: floats(outputs, name), width, height };
	},
	compare: (a, b) => ({ maskIoU: maskIoU(a.mask, b.mask) }),
	same: (t) => t.maskIoU >= 0.99,
	describe: (t) => `mask IoU ${t.maskIoU.toFixed(3)}`,
	draw(canvas, result) {
		const covered = drawMask(canvas.context, result, canvas.region, canvas.color);
		return {
			summary: `mask covers ${(covered.fraction * 100).toFixed(0)}%`,
			marks: covered.center ? [covered.center] : []
		};
	}
};

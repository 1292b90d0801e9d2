// Text detection as DB detectors (PP-OCR) give it: a text probability per pixel, thresholded, grouped
// into connected regions, each region's box grown back by DB's unclip ratio; boxes compared like any others.
import {
	boxesTask,
	type Detection,
	type DetectionAgreement,
	type DetectionResult
} from './boxes.js';
import { floats } from './read.js';
import { mapSize } from './segmentation.js';
import type { TaskDefinition } from './types.js';

/** PaddleOCR's defaults: a pixel is text at 0.3, a region is kept at a mean of 0.6, grown by 1.5. */
const PIXEL_THRESHOLD = 0.3;
const BOX_THRESHOLD = 0.6;
const UNCLIP_RATIO = 1.5;
const MIN_SIDE = 3;

/**
 * The flood fill's marks and stack, kept between frames: two new arrays the size of the map would
 * cost Chromium more in page faults than the fill itself.
 */
let scratch = { seen: new Uint8Array(0), stack: new Int32Array(0) };

function scratchFor(size: number): typeof scratch {
	if (scratch.seen.length < size)
		scratch = { seen: new Uint8Array(size), stack: new Int32Array(size) };
	else scratch.seen.fill(0, 0, size);
	return scratch;
}

/** Marks pixel `j` (-1: none) and puts it on the stack if it is text and not yet in a region; the new top. */
function visit(
	map: Float32Array,
	seen: Uint8Array,
	stack: Int32Array,
	j: number,
	top: number
): number {
	if (j < 0 || map[j]! < PIXEL_THRESHOLD || seen[j]) return top;
	seen[j] = 1;
	stack[top] = j;
	return top + 1;
}

/** Boxes of the 4-connected regions above the pixel threshold, as fractions of the map. */
export function textBoxes(
	map: Float32Array,
	width: number,
	height: number,
	label: string
): Detection[] {
	const size = width * height;
	const { seen, stack } = scratchFor(size);
	const found: Detection[] = [];
	for (let start = 0; start < size; start++) {
		if (map[start]! < PIXEL_THRESHOLD || seen[start]) continue;
		seen[start] = 1;
		stack[0] = start;
		let top = 1;
		let x1 = width;
		let y1 = height;
		let x2 = 0;
		let y2 = 0;
		let sum = 0;
		let count = 0;
		while (top > 0) {
			const i = stack[--top]!;
			const x = i % width;
			const y = (i - x) / width;
			if (x < x1) x1 = x;
			if (x > x2) x2 = x;
			if (y < y1) y1 = y;
			if (y > y2) y2 = y;
			sum += map[i]!;
			count++;
			top = visit(map, seen, stack, x > 0 ? i - 1 : -1, top);
			top = visit(map, seen, stack, x < width - 1 ? i + 1 : -1, top);
			top = visit(map, seen, stack, y > 0 ? i - width : -1, top);
			top = visit(map, seen, stack, y < height - 1 ? i + width : -1, top);
		}
		const [w, h] = [x2 - x1 + 1, y2 - y1 + 1];
		const score = sum / count;
		if (Math.min(w, h) < MIN_SIDE || score < BOX_THRESHOLD) continue;
		// DB grows the shrunk region by area * ratio / perimeter on every side.
		const grow = (w * h * UNCLIP_RATIO) / (2 * (w + h));
		const clamp = (v: number, size: number) => Math.min(Math.max(v / size, 0), 1);
		found.push({
			box: [
				clamp(x1 - grow, width),
				clamp(y1 - grow, height),
				clamp(x2 + 1 + grow, width),
				clamp(y2 + 1 + grow, height)
			],
			score,
			classIndex: 0,
			label
		});
	}
	return found;
}

export const textDetection: TaskDefinition<DetectionResult, DetectionAgreement> = {
	id: 'text-detection',
	name: 'text boxes',
	expects: 'one output of H × W text probabilities (0..1), as DB detectors such as PP-OCR give',
	choosable: true,
	...boxesTask,
	decode(outputs, config) {
		const name = config.outputs[0];
		const { height, width } = mapSize(outputs[name ?? '']?.dims ?? []);
		return {
			kind: 'detection',
			detections: textBoxes(floats(outputs, name), width, height, config.labels[0] ?? 'text')
		};
	}
};

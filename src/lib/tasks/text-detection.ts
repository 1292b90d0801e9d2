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

/** Boxes of the 4-connected regions above the pixel threshold, as fractions of the map. */
export function textBoxes(
	map: Float32Array,
	width: number,
	height: number,
	label: string
): Detection[] {
	const seen = new Uint8Array(width * height);
	const stack = new Int32Array(width * height);
	const found: Detection[] = [];
	for (let start = 0; start < map.length; start++) {
		if (seen[start] || map[start]! < PIXEL_THRESHOLD) continue;
		let top = 0;
		stack[top++] = start;
		seen[start] = 1;
		let [x1, y1, x2, y2, sum, count] = [width, height, 0, 0, 0, 0];
		while (top > 0) {
			const i = stack[--top]!;
			const x = i % width;
			const y = (i - x) / width;
			[x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)];
			sum += map[i]!;
			count++;
			for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
				if (j < 0 || j >= map.length || seen[j] || map[j]! < PIXEL_THRESHOLD) continue;
				seen[j] = 1;
				stack[top++] = j;
			}
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

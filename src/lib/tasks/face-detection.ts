// BlazeFace: scores and box regressions over 896 anchors (512 on the 16x16 grid, 384 on the 8x8
// grid) -> face boxes after NMS. Specific to BlazeFace's anchors, so not offered for other models.
import {
	boxesTask,
	nonMaxSuppression,
	type Detection,
	type DetectionAgreement,
	type DetectionResult
} from './boxes.js';
import { floats } from './read.js';
import type { TaskDefinition } from './types.js';

/** Anchor centres in input pixels: 2 per cell of the stride-16 grid, then 6 per cell of the stride-32 grid. */
export function blazefaceAnchors(inputSize: number): [number, number][] {
	const anchors: [number, number][] = [];
	for (const [stride, perCell] of [
		[inputSize / 16, 2],
		[inputSize / 8, 6]
	] as const) {
		const cells = Math.ceil(inputSize / stride);
		for (let y = 0; y < cells; y++) {
			for (let x = 0; x < cells; x++) {
				for (let n = 0; n < perCell; n++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
			}
		}
	}
	return anchors;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Faces from the four outputs: `scores16`/`boxes16` for the 16x16 grid's 512 anchors,
 * `scores8`/`boxes8` for the 8x8 grid's 384 (16 values per box row: box, then 6 landmarks).
 */
export function decodeFaces(
	outputs: {
		scores16: Float32Array;
		boxes16: Float32Array;
		scores8: Float32Array;
		boxes8: Float32Array;
	},
	inputSize: number,
	minScore = 0.5
): Detection[] {
	const anchors = blazefaceAnchors(inputSize);
	const scores = [...outputs.scores16, ...outputs.scores8];
	const rows = (i: number) =>
		i < outputs.scores16.length
			? outputs.boxes16.subarray(i * 16)
			: outputs.boxes8.subarray((i - outputs.scores16.length) * 16);
	const found: Detection[] = [];
	scores.forEach((logit, i) => {
		const score = sigmoid(logit);
		if (score < minScore) return;
		const r = rows(i);
		const [ax, ay] = anchors[i]!;
		const cx = ax + r[0]!;
		const cy = ay + r[1]!;
		const [w, h] = [r[2]!, r[3]!];
		const box: Detection['box'] = [
			(cx - w / 2) / inputSize,
			(cy - h / 2) / inputSize,
			(cx + w / 2) / inputSize,
			(cy + h / 2) / inputSize
		];
		found.push({ box, score, classIndex: 0, label: 'face' });
	});
	return nonMaxSuppression(found, 0.3);
}

export const faceDetection: TaskDefinition<DetectionResult, DetectionAgreement> = {
	id: 'face-detection',
	name: 'faces (BlazeFace)',
	expects: "BlazeFace's four outputs: scores and boxes for the 16x16 and the 8x8 anchor grids",
	choosable: false,
	...boxesTask,
	decode(outputs, config) {
		const [scores16, boxes16, scores8, boxes8] = config.outputs.map((name) =>
			floats(outputs, name)
		);
		return {
			kind: 'detection',
			detections: decodeFaces(
				{ scores16: scores16!, boxes16: boxes16!, scores8: scores8!, boxes8: boxes8! },
				config.input.width
			)
		};
	}
};

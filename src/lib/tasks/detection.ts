// Object detection (CenterNet's layout): rows of (x1, y1, x2, y2, score, class) in input pixels,
// kept above a score and after per-class NMS.
import {
	boxesTask,
	nonMaxSuppression,
	type Detection,
	type DetectionAgreement,
	type DetectionResult
} from './boxes.js';
import { floats } from './read.js';
import type { TaskDefinition } from './types.js';

const MIN_SCORE = 0.3;

export function decodeDetections(
	output: Float32Array,
	input: { width: number; height: number },
	labels: readonly string[],
	minScore = MIN_SCORE
): Detection[] {
	const found: Detection[] = [];
	for (let i = 0; i + 6 <= output.length; i += 6) {
		const score = output[i + 4]!;
		if (score < minScore) continue;
		const classIndex = Math.round(output[i + 5]!);
		const clamp = (v: number, size: number) => Math.min(Math.max(v / size, 0), 1);
		found.push({
			box: [
				clamp(output[i]!, input.width),
				clamp(output[i + 1]!, input.height),
				clamp(output[i + 2]!, input.width),
				clamp(output[i + 3]!, input.height)
			],
			score,
			classIndex,
			label: labels[classIndex] ?? `class ${classIndex}`
		});
	}
	return nonMaxSuppression(found, 0.5);
}

export const detection: TaskDefinition<DetectionResult, DetectionAgreement> = {
	id: 'detection',
	name: 'boxes',
	expects:
		'one output of N × 6 values: (x1, y1, x2, y2, score, class) per box, corners in input pixels',
	choosable: true,
	...boxesTask,
	decode: (outputs, config) => ({
		kind: 'detection',
		detections: decodeDetections(floats(outputs, config.outputs[0]), config.input, config.labels)
	})
};

// CenterNet detections output (x1, y1, x2, y2, score, class per row) -> labelled boxes.
import { nonMaxSuppression, type Detection } from './boxes.js';

export function decodeDetections(
	output: Float32Array,
	inputSize: number,
	labels: readonly string[],
	minScore = 0.3
): Detection[] {
	const found: Detection[] = [];
	for (let i = 0; i + 6 <= output.length; i += 6) {
		const score = output[i + 4]!;
		if (score < minScore) continue;
		const classIndex = Math.round(output[i + 5]!);
		const clamp = (v: number) => Math.min(Math.max(v / inputSize, 0), 1);
		found.push({
			box: [clamp(output[i]!), clamp(output[i + 1]!), clamp(output[i + 2]!), clamp(output[i + 3]!)],
			score,
			classIndex,
			label: labels[classIndex] ?? `class ${classIndex}`
		});
	}
	return nonMaxSuppression(found, 0.5);
}

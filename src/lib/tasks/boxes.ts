// Boxes, shared by the detection tasks: corners as fractions of the image, IoU, greedy NMS, how two
// sets of boxes are matched, and how boxes are drawn with their labels.
import { pen, regionPoint } from './read.js';
import type { Canvas, Drawn } from './types.js';

export interface Detection {
	/** x1, y1, x2, y2 as fractions (0..1) of the image. */
	box: [number, number, number, number];
	score: number;
	classIndex: number;
	label: string;
}

export interface DetectionResult {
	kind: 'detection';
	detections: Detection[];
}

export interface DetectionAgreement {
	/** Detections of a with a partner in b (IoU >= threshold, same class), and the counts. */
	matched: number;
	countA: number;
	countB: number;
	/** Lowest IoU among matched pairs (1 when none). */
	minIoU: number;
	/** Every detection has a partner and the counts agree. */
	same: boolean;
}

export function iou(a: Detection['box'], b: Detection['box']): number {
	const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
	const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
	const inter = w * h;
	const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
	return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression per class, highest score first. */
export function nonMaxSuppression(found: Detection[], iouThreshold: number): Detection[] {
	const kept: Detection[] = [];
	for (const d of [...found].sort((a, b) => b.score - a.score)) {
		if (!kept.some((k) => k.classIndex === d.classIndex && iou(k.box, d.box) > iouThreshold))
			kept.push(d);
	}
	return kept;
}

export function detectionAgreement(
	a: Detection[],
	b: Detection[],
	threshold = 0.5
): DetectionAgreement {
	const free = [...b];
	let matched = 0;
	let minIoU = 1;
	for (const d of a) {
		let best = -1;
		let bestIoU = threshold;
		free.forEach((e, j) => {
			const overlap = e.classIndex === d.classIndex ? iou(d.box, e.box) : 0;
			if (overlap >= bestIoU) [best, bestIoU] = [j, overlap];
		});
		if (best < 0) continue;
		free.splice(best, 1);
		matched++;
		minIoU = Math.min(minIoU, bestIoU);
	}
	return {
		matched,
		countA: a.length,
		countB: b.length,
		minIoU,
		same: matched === a.length && a.length === b.length
	};
}

/** What the detection tasks share: everything but decoding. */
export const boxesTask = {
	sameWhen: 'every box has a partner of the same class at IoU ≥ 0.5',
	compare: (a: DetectionResult, b: DetectionResult) =>
		detectionAgreement(a.detections, b.detections),
	same: (t: DetectionAgreement) => t.same,
	describe: (t: DetectionAgreement) =>
		`${t.matched} of ${Math.max(t.countA, t.countB)} boxes match`,
	draw(canvas: Canvas, { detections }: DetectionResult): Drawn {
		const { context } = canvas;
		const p = regionPoint(canvas);
		return pen(canvas, (line) => {
			for (const d of detections) {
				const [x1, y1, x2, y2] = d.box;
				context.strokeRect(p.x(x1), p.y(y1), p.x(x2) - p.x(x1), p.y(y2) - p.y(y1));
				context.fillText(
					`${d.label} ${(d.score * 100).toFixed(0)}%`,
					p.x(x1) + line,
					p.y(y1) - 2 * line
				);
			}
			return {
				summary: detections.map((d) => d.label).join(', ') || 'nothing found',
				marks: detections.map((d) => ({ x: p.x(d.box[0]), y: (p.y(d.box[1]) + p.y(d.box[3])) / 2 }))
			};
		});
	}
};

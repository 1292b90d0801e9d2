// Task-level agreement: do two runs give the same keypoints, boxes, mask or class a user would see?
import type { Detection } from '../models/decode/boxes.js';
import { iou } from '../models/decode/boxes.js';
import type { Ranked } from '../models/decode/classes.js';
import type { Keypoint } from '../models/decode/pose.js';

export interface PoseAgreement {
	/** Largest distance between matching keypoints, in pixels of an image of the given size. */
	maxDistancePx: number;
	/** Both runs mark the same keypoints as confident. */
	sameConfidentSet: boolean;
}

export function poseAgreement(
	a: Keypoint[],
	b: Keypoint[],
	size: { width: number; height: number },
	minScore = 0.3
): PoseAgreement {
	let maxDistancePx = 0;
	let sameConfidentSet = a.length === b.length;
	a.forEach((p, i) => {
		const q = b[i]!;
		maxDistancePx = Math.max(
			maxDistancePx,
			Math.hypot((p.x - q.x) * size.width, (p.y - q.y) * size.height)
		);
		if (p.score >= minScore !== q.score >= minScore) sameConfidentSet = false;
	});
	return { maxDistancePx, sameConfidentSet };
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

export interface ClassAgreement {
	sameTop1: boolean;
	/** Share of a's top-k classes that are also in b's top-k. */
	topKOverlap: number;
}

export function classAgreement(a: Ranked[], b: Ranked[]): ClassAgreement {
	const inB = new Set(b.map((r) => r.classIndex));
	return {
		sameTop1: a[0]?.classIndex === b[0]?.classIndex,
		topKOverlap: a.length ? a.filter((r) => inB.has(r.classIndex)).length / a.length : 1
	};
}

// Boxes shared by detection decoders: corners as fractions of the image, IoU, greedy NMS.

export interface Detection {
	/** x1, y1, x2, y2 as fractions (0..1) of the image. */
	box: [number, number, number, number];
	score: number;
	classIndex: number;
	label: string;
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

// Draws a model's result on the frame it came from: pose skeleton, boxes with labels and scores,
// the segmentation mask, or the class bars. Positions are fractions of the region the model saw.
import type { ModelCard } from '../models/card.js';
import type { Box } from '../models/image.js';
import { inputRegion } from '../models/preprocess.js';
import type { TaskResult } from '../models/task-result.js';

/** Keypoints below this score are not drawn (MoveNet's own demos use 0.3). */
export const KEYPOINT_SCORE = 0.3;

const SKELETON: [string, string][] = [
	['leftShoulder', 'rightShoulder'],
	['leftShoulder', 'leftElbow'],
	['leftElbow', 'leftWrist'],
	['rightShoulder', 'rightElbow'],
	['rightElbow', 'rightWrist'],
	['leftShoulder', 'leftHip'],
	['rightShoulder', 'rightHip'],
	['leftHip', 'rightHip'],
	['leftHip', 'leftKnee'],
	['leftKnee', 'leftAnkle'],
	['rightHip', 'rightKnee'],
	['rightKnee', 'rightAnkle'],
	['nose', 'leftEye'],
	['nose', 'rightEye'],
	['leftEye', 'leftEar'],
	['rightEye', 'rightEar']
];

export interface OverlayStyle {
	color: string;
	/** Canvas pixels per frame pixel. */
	scale: number;
}

/** What was drawn: a line a person reads, and points (frame pixels) that carry the overlay's colour. */
export interface Drawn {
	summary: string;
	marks: { x: number; y: number }[];
}

/** Draws `task` for a frame of `frame` size onto a context already scaled to the frame. */
export function drawResult(
	context: CanvasRenderingContext2D,
	card: ModelCard,
	task: TaskResult,
	frame: { width: number; height: number },
	style: OverlayStyle
): Drawn {
	const marks: Drawn['marks'] = [];
	let summary = '';
	const region = inputRegion(frame, card);
	const px = (x: number) => region.x + x * region.width;
	const py = (y: number) => region.y + y * region.height;
	const line = 2 / style.scale;
	context.save();
	context.strokeStyle = context.fillStyle = style.color;
	context.lineWidth = line;
	context.font = `${12 / style.scale}px system-ui, sans-serif`;
	switch (task.kind) {
		case 'pose': {
			const at = new Map(task.keypoints.map((k) => [k.name, k]));
			for (const [from, to] of SKELETON) {
				const a = at.get(from);
				const b = at.get(to);
				if (!a || !b || a.score < KEYPOINT_SCORE || b.score < KEYPOINT_SCORE) continue;
				context.beginPath();
				context.moveTo(px(a.x), py(a.y));
				context.lineTo(px(b.x), py(b.y));
				context.stroke();
			}
			const shown = task.keypoints.filter((k) => k.score >= KEYPOINT_SCORE);
			for (const k of shown) {
				context.beginPath();
				context.arc(px(k.x), py(k.y), 2.5 * line, 0, 2 * Math.PI);
				context.fill();
				marks.push({ x: px(k.x), y: py(k.y) });
			}
			summary = `${shown.length} of ${task.keypoints.length} keypoints`;
			break;
		}
		case 'detection':
			for (const d of task.detections) {
				const [x1, y1, x2, y2] = d.box;
				context.strokeRect(px(x1), py(y1), px(x2) - px(x1), py(y2) - py(y1));
				marks.push({ x: px(x1), y: (py(y1) + py(y2)) / 2 });
				context.fillText(
					`${d.label} ${(d.score * 100).toFixed(0)}%`,
					px(x1) + line,
					py(y1) - 2 * line
				);
			}
			summary = task.detections.map((d) => d.label).join(', ') || 'nothing found';
			break;
		case 'segmentation': {
			const covered = drawMask(context, task, region, style.color);
			summary = `mask covers ${(covered.fraction * 100).toFixed(0)}%`;
			if (covered.center) marks.push(covered.center);
			break;
		}
		case 'classification': {
			const barHeight = 16 / style.scale;
			const width = frame.width * 0.4;
			task.top.forEach((c, i) => {
				const y = frame.height - (task.top.length - i) * (barHeight + line) - line;
				context.globalAlpha = 0.85;
				context.fillRect(line, y, Math.max(line, width * c.score), barHeight);
				marks.push({ x: 2 * line, y: y + line });
				context.globalAlpha = 1;
				context.fillStyle = '#fff';
				context.fillText(
					`${c.label} ${(c.score * 100).toFixed(0)}%`,
					3 * line,
					y + barHeight * 0.75
				);
				context.fillStyle = style.color;
			});
			summary = task.top[0] ? `${task.top[0].label} first` : '';
			break;
		}
	}
	context.restore();
	return { summary, marks };
}

function drawMask(
	context: CanvasRenderingContext2D,
	task: Extract<TaskResult, { kind: 'segmentation' }>,
	region: Box,
	color: string
): { fraction: number; center?: { x: number; y: number } } {
	const canvas = new OffscreenCanvas(task.width, task.height);
	const maskContext = canvas.getContext('2d')!;
	maskContext.fillStyle = color;
	maskContext.fillRect(0, 0, task.width, task.height);
	const pixels = maskContext.getImageData(0, 0, task.width, task.height);
	let inside = 0;
	let sx = 0;
	let sy = 0;
	for (let i = 0; i < task.mask.length; i++) {
		const p = task.mask[i]!;
		pixels.data[i * 4 + 3] = Math.round(p * 140);
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
	return { fraction: inside / task.mask.length, center };
}

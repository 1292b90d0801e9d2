// Keypoints (MoveNet's layout): per point (y, x, score), positions as fractions of the input; drawn
// as a skeleton, the same when every confident point is within a pixel.
import { floats, pen, regionPoint } from './read.js';
import type { TaskDefinition } from './types.js';

export interface Keypoint {
	name: string;
	x: number;
	y: number;
	score: number;
}

export interface PoseResult {
	kind: 'pose';
	keypoints: Keypoint[];
}

export interface PoseAgreement {
	/** Largest distance between matching keypoints, in pixels of the frame. */
	maxDistancePx: number;
	/** Both runs mark the same keypoints as confident. */
	sameConfidentSet: boolean;
}

/** Keypoints below this score are not drawn, nor compared by confidence (MoveNet's demos use 0.3). */
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

export function decodePose(output: Float32Array, labels: readonly string[]): Keypoint[] {
	const count = labels.length || Math.floor(output.length / 3);
	return Array.from({ length: count }, (_, i) => ({
		name: labels[i] ?? `point ${i}`,
		y: output[i * 3]!,
		x: output[i * 3 + 1]!,
		score: output[i * 3 + 2]!
	}));
}

export function poseAgreement(
	a: Keypoint[],
	b: Keypoint[],
	size: { width: number; height: number }
): PoseAgreement {
	let maxDistancePx = 0;
	let sameConfidentSet = a.length === b.length;
	a.forEach((p, i) => {
		const q = b[i]!;
		maxDistancePx = Math.max(
			maxDistancePx,
			Math.hypot((p.x - q.x) * size.width, (p.y - q.y) * size.height)
		);
		if (p.score >= KEYPOINT_SCORE !== q.score >= KEYPOINT_SCORE) sameConfidentSet = false;
	});
	return { maxDistancePx, sameConfidentSet };
}

export const pose: TaskDefinition<PoseResult, PoseAgreement> = {
	id: 'pose',
	name: 'keypoints',
	expects: 'one output of K × 3 values: (y, x, score) per point, y and x as fractions 0..1',
	choosable: true,
	sameWhen: 'the same keypoints are confident and each is within 1 px',
	decode: (outputs, config) => ({
		kind: 'pose',
		keypoints: decodePose(floats(outputs, config.outputs[0]), config.labels)
	}),
	compare: (a, b, frame) => poseAgreement(a.keypoints, b.keypoints, frame),
	same: (t) => t.sameConfidentSet && t.maxDistancePx <= 1,
	describe: (t) => `keypoints ${t.maxDistancePx.toFixed(1)} px apart`,
	draw(canvas, { keypoints }) {
		const { context } = canvas;
		const p = regionPoint(canvas);
		return pen(canvas, (line) => {
			const at = new Map(keypoints.map((k) => [k.name, k]));
			for (const [from, to] of SKELETON) {
				const a = at.get(from);
				const b = at.get(to);
				if (!a || !b || a.score < KEYPOINT_SCORE || b.score < KEYPOINT_SCORE) continue;
				context.beginPath();
				context.moveTo(p.x(a.x), p.y(a.y));
				context.lineTo(p.x(b.x), p.y(b.y));
				context.stroke();
			}
			const shown = keypoints.filter((k) => k.score >= KEYPOINT_SCORE);
			for (const k of shown) {
				context.beginPath();
				context.arc(p.x(k.x), p.y(k.y), 2.5 * line, 0, 2 * Math.PI);
				context.fill();
			}
			return {
				summary: `${shown.length} of ${keypoints.length} keypoints`,
				marks: shown.map((k) => ({ x: p.x(k.x), y: p.y(k.y) }))
			};
		});
	}
};

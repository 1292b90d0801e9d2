// Agreement between two runs of one model: per output tensor, and at the level of the task's result.
import type { TaskResult } from '../models/task-result.js';
import { tensorAgreement, type TensorAgreement } from './tensor-agreement.js';
import {
	classAgreement,
	detectionAgreement,
	maskIoU,
	poseAgreement,
	type ClassAgreement,
	type DetectionAgreement,
	type PoseAgreement
} from './task-agreement.js';

export type TaskAgreement =
	| ({ kind: 'pose' } & PoseAgreement)
	| ({ kind: 'detection' } & DetectionAgreement)
	| { kind: 'segmentation'; maskIoU: number }
	| ({ kind: 'classification' } & ClassAgreement);

export function taskAgreement(
	a: TaskResult,
	b: TaskResult,
	image: { width: number; height: number }
): TaskAgreement {
	if (a.kind === 'pose' && b.kind === 'pose')
		return { kind: 'pose', ...poseAgreement(a.keypoints, b.keypoints, image) };
	if (a.kind === 'detection' && b.kind === 'detection')
		return { kind: 'detection', ...detectionAgreement(a.detections, b.detections) };
	if (a.kind === 'segmentation' && b.kind === 'segmentation')
		return { kind: 'segmentation', maskIoU: maskIoU(a.mask, b.mask) };
	if (a.kind === 'classification' && b.kind === 'classification')
		return { kind: 'classification', ...classAgreement(a.top, b.top) };
	throw new Error(`cannot compare a ${a.kind} result with a ${b.kind} result`);
}

/** Whether two task results would look the same to a user. */
export function tasksAgree(t: TaskAgreement): boolean {
	switch (t.kind) {
		case 'pose':
			return t.sameConfidentSet && t.maxDistancePx <= 1;
		case 'detection':
			return t.same;
		case 'segmentation':
			return t.maskIoU >= 0.99;
		case 'classification':
			return t.sameTop1;
	}
}

export function outputsAgreement(
	a: Record<string, ArrayLike<number>>,
	b: Record<string, ArrayLike<number>>
): Record<string, TensorAgreement> {
	return Object.fromEntries(
		Object.keys(a).map((name) => [name, tensorAgreement(a[name]!, b[name] ?? [])])
	);
}

// The task registry: every task the app knows, in the order a person is offered them. A new task is
// one file and one line here.
import { classification } from './classification.js';
import { detection } from './detection.js';
import { faceDetection } from './face-detection.js';
import { pose } from './pose.js';
import { segmentation } from './segmentation.js';
import { tensors } from './tensors.js';
import { textDetection } from './text-detection.js';
import type { Task } from './types.js';

export const TASKS: readonly Task[] = [
	tensors,
	classification,
	pose,
	detection,
	segmentation,
	textDetection,
	faceDetection
];

/** The task with `id`; throws naming the known ones. */
export function findTask(id: string): Task {
	const task = TASKS.find((t) => t.id === id);
	if (!task)
		throw new Error(`unknown task "${id}": use one of ${TASKS.map((t) => t.id).join(', ')}`);
	return task;
}

// Agreement between two runs of one model: per output tensor, and at the level of the task's result
// (the task decides what "the same" means; for "tensors" it is the tensors themselves).
import type { OutputTensors } from '../runtimes/types.js';
import { findTask } from '../tasks/index.js';
import type { TaskResult } from '../tasks/types.js';
import { tensorAgreement, type TensorAgreement } from './tensor-agreement.js';
import { withinTolerance, type Tolerance } from './tolerance.js';

/** One run's answer: its outputs and the task's result for them (decoded once, in the worker). */
export interface Answer {
	outputs: OutputTensors;
	task: TaskResult;
}

export interface RunAgreement {
	tensors: Record<string, TensorAgreement>;
	/** The task's own comparison (its shape is the task's). */
	task: unknown;
	/** The task results look the same to a user. */
	same: boolean;
	/** The task's comparison in words, e.g. "keypoints 0.4 px apart". */
	line: string;
	/** Largest max-abs difference relative to the output's peak, over all outputs. */
	worstRelToPeak: number;
	/** The tolerance the two backends are held to, and whether every output is within it. */
	tolerance: Tolerance;
	within: boolean;
}

export function outputsAgreement(
	a: Record<string, ArrayLike<number>>,
	b: Record<string, ArrayLike<number>>
): Record<string, TensorAgreement> {
	return Object.fromEntries(
		Object.keys(a).map((name) => [name, tensorAgreement(a[name]!, b[name] ?? [])])
	);
}

const arrays = (o: OutputTensors) =>
	Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.data]));

/**
 * How `b` agrees with `a` (the reference), both runs of task `taskId` on a frame of `frame` size,
 * their outputs held to `tolerance`.
 */
export function runAgreement(
	taskId: string,
	a: Answer,
	b: Answer,
	frame: { width: number; height: number },
	tolerance: Tolerance
): RunAgreement {
	const task = findTask(taskId);
	const tensors = outputsAgreement(arrays(a.outputs), arrays(b.outputs));
	const compared = task.compare(a.task, b.task, frame, tensors);
	return {
		tensors,
		task: compared,
		same: task.same(compared),
		line: task.describe(compared),
		worstRelToPeak: Math.max(0, ...Object.values(tensors).map((t) => t.relToPeak)),
		tolerance,
		within: withinTolerance(tolerance, tensors)
	};
}

// Agreement of each cell with the reference cell: per output tensor and at task level.
import {
	outputsAgreement,
	taskAgreement,
	tasksAgree,
	type TaskAgreement
} from '../measure/agreement.js';
import type { TensorAgreement } from '../measure/tensor-agreement.js';
import type { ModelCard } from '../models/card.js';
import { decodeTask, type Outputs } from '../models/task-result.js';
import type { OutputTensors } from '../runtimes/types.js';

export interface CellAgreement {
	tensors: Record<string, TensorAgreement>;
	task: TaskAgreement;
	/** The task results look the same to a user. */
	same: boolean;
	/** Largest max-abs difference relative to the output's peak, over all outputs. */
	worstRelToPeak: number;
}

const asFloats = (o: OutputTensors): Outputs =>
	Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Float32Array.from(v.data)]));

export function cellAgreement(
	card: ModelCard,
	reference: OutputTensors,
	other: OutputTensors,
	image: { width: number; height: number }
): CellAgreement {
	const tensors = outputsAgreement(
		Object.fromEntries(Object.entries(reference).map(([k, v]) => [k, v.data])),
		Object.fromEntries(Object.entries(other).map(([k, v]) => [k, v.data]))
	);
	const task = taskAgreement(
		decodeTask(card, asFloats(reference)),
		decodeTask(card, asFloats(other)),
		image
	);
	const worstRelToPeak = Math.max(...Object.values(tensors).map((t) => t.relToPeak));
	return { tensors, task, same: tasksAgree(task), worstRelToPeak };
}

// What a task is, in one place: how a model's outputs become a result a person sees, how two results
// are compared, and how one is drawn on its frame. Each task is one file in this folder (index.ts
// lists them), the way the converter registers its op handlers.
import type { TensorAgreement } from '../measure/tensor-agreement.js';
import type { Box } from '../models/image.js';
import type { OutputTensors } from '../runtimes/types.js';

/** What a task needs to know about the model, given to the worker once, when the model loads. */
export interface TaskConfig {
	/** A task id from the registry. */
	id: string;
	/** The outputs the task reads, in the order it reads them. */
	outputs: string[];
	/** Class or keypoint names (may be empty: then "class 3"). */
	labels: string[];
	/** The model input's height and width in pixels (decoders that give input pixels divide by them). */
	input: { width: number; height: number };
}

/** Where and how to draw: a context already scaled to the frame, the region the model saw. */
export interface Canvas {
	context: CanvasRenderingContext2D;
	frame: { width: number; height: number };
	region: Box;
	color: string;
	/** Canvas pixels per frame pixel. */
	scale: number;
	/** The raw outputs, for tasks that draw a tensor (and the channel of a map to draw). */
	outputs?: OutputTensors;
	channel?: number;
}

/** What was drawn: a line a person reads, and points (frame pixels) that carry the overlay's colour. */
export interface Drawn {
	summary: string;
	marks: { x: number; y: number }[];
}

export interface TaskDefinition<Result, Agreement> {
	id: string;
	/** How a person names the task, e.g. "keypoints". */
	name: string;
	/** What the outputs must look like, for a user who chooses this task for a model of their own. */
	expects: string;
	/** Whether a user may choose it for any model (false: it decodes one model family's outputs). */
	choosable: boolean;
	/** When two results count as the same, in words (the agreement legend). */
	sameWhen: string;
	decode(outputs: OutputTensors, config: TaskConfig): Result;
	/** `tensors`: each output's tensor-level agreement, for tasks judged at tensor level. */
	compare(
		a: Result,
		b: Result,
		frame: { width: number; height: number },
		tensors: Record<string, TensorAgreement>
	): Agreement;
	same(agreement: Agreement): boolean;
	/** One line for a compared pair, e.g. "keypoints 0.4 px apart". */
	describe(agreement: Agreement): string;
	draw(canvas: Canvas, result: Result): Drawn;
}

/**
 * A task of any result type: the registry holds these. (Methods compare parameters bivariantly, so a
 * TaskDefinition of its own types fits; results only ever meet the task that made them.)
 */
export type Task = TaskDefinition<unknown, unknown>;

/** A task's result for one run, as it crosses from the worker: decoded once, there. */
export type TaskResult = unknown;

// Draws a run's result on the frame it came from, with the task that made it, over the region of the
// frame the model saw (all of it, or the letterboxed square).
import type { RunSpec } from '../models/descriptor.js';
import { regionFor } from '../models/preprocess.js';
import type { OutputTensors } from '../runtimes/types.js';
import { findTask } from './index.js';
import type { Drawn, TaskResult } from './types.js';

export interface OverlayStyle {
	color: string;
	/** Canvas pixels per frame pixel. */
	scale: number;
	/** The channel of a map to draw ("tensors"). */
	channel?: number;
}

/** Draws `answer` for a frame of `frame` size onto a context already scaled to the frame. */
export function drawAnswer(
	context: CanvasRenderingContext2D,
	run: RunSpec,
	answer: { task: TaskResult; outputs: OutputTensors },
	frame: { width: number; height: number },
	style: OverlayStyle
): Drawn {
	return findTask(run.task.id).draw(
		{
			context,
			frame: { width: frame.width, height: frame.height },
			region: regionFor(frame, run.inputs),
			color: style.color,
			scale: style.scale,
			outputs: answer.outputs,
			channel: style.channel
		},
		answer.task
	);
}

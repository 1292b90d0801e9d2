// A model as every part of the app sees it, built-in or the user's own: its signature as read from
// the model, how it is fed and which task reads its outputs, and where its twins are.
import type { ModelSource } from '../runtimes/types.js';
import type { TaskConfig } from '../tasks/types.js';
import type { ModelCard } from './card.js';
import type { InputPlan } from './input.js';

/** An input or output as the model declares it: unknown dims by name (or as -1). */
export interface TensorSignature {
	name: string;
	dtype: string;
	shape: (number | string)[];
}

/** How a model is run in a cell: given to the worker once, when the model loads. */
export interface RunSpec {
	inputs: InputPlan[];
	task: TaskConfig;
}

export interface ModelDescriptor {
	/** A built-in model's id, or `local:<name>` for one the user opened. */
	id: string;
	name: string;
	signature: { inputs: TensorSignature[]; outputs: TensorSignature[] };
	run: RunSpec;
	source: ModelSource;
	/** A built-in model's card (summary, source and licence). */
	card?: ModelCard;
	/** Multiply-adds of one run (convolutions and matrix products), where the converter could count them. */
	multiplyAdds?: number;
}

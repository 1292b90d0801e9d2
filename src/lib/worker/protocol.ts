// The typed messages between the page and an inference worker: every request has an id and gets
// exactly one reply with that id, a result or an error.
import type { InputTensor } from '../models/preprocess.js';
import type {
	Framework,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';

/** How long to measure: at least `runs` timed runs and at least `seconds`, after `warmups` untimed ones. */
export interface MeasurePlan {
	warmups: number;
	runs: number;
	seconds: number;
}

export type WorkerRequest =
	| { id: number; type: 'load'; framework: Framework; model: ModelSource; options: LoadOptions }
	| { id: number; type: 'measure'; input: InputTensor; plan: MeasurePlan }
	| { id: number; type: 'dispose' };

/** Timings of one cell, in milliseconds, all taken inside the worker with performance.now(). */
export interface CellTimings {
	/** Fetch and compile (TF.js loadGraphModel, ORT session create). */
	loadMs: number;
	/** The first run: shader compilation on GPU backends. */
	firstRunMs: number;
	/** Each steady-state run: inference including the download of every output. */
	runs: number[];
}

export type WorkerReply =
	| { id: number; type: 'loaded'; info: RuntimeInfo; loadMs: number }
	| { id: number; type: 'measured'; outputs: OutputTensors; firstRunMs: number; runs: number[] }
	| { id: number; type: 'disposed' }
	| { id: number; type: 'error'; message: string; unavailable: boolean };

// The typed messages between the page and an inference worker: every request has an id and gets
// exactly one reply with that id, a result or an error.
import type { MeasurePlan, RunTiming } from '../measure/measure.js';
import type { ModelCard } from '../models/card.js';
import type { RgbaImage } from '../models/image.js';
import type { InputTensor } from '../models/preprocess.js';
import type {
	Backend,
	Framework,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';

export type WorkerRequest =
	| { id: number; type: 'load'; framework: Framework; model: ModelSource; options: LoadOptions }
	| { id: number; type: 'measure'; image: RgbaImage; card: ModelCard; plan: MeasurePlan }
	| { id: number; type: 'dispose' };

/** Times are milliseconds taken inside the worker with performance.now(), never across postMessage. */
export type WorkerReply =
	| { id: number; type: 'loaded'; info: RuntimeInfo; loadMs: number }
	| { id: number; type: 'measured'; outputs: OutputTensors; firstRunMs: number; runs: RunTiming[] }
	| { id: number; type: 'disposed' }
	| { id: number; type: 'error'; message: string; unavailable: boolean };

/** The bare loop (bare.worker.ts): the library called directly, to measure the harness's overhead. */
export interface BareRequest {
	framework: Framework;
	backend: Backend;
	model: ModelSource;
	input: InputTensor;
	runs: number;
	seconds: number;
}

export type BareReply = { ok: true; runs: number[] } | { ok: false; message: string };

// The typed messages between the page and an inference worker: every request has an id and gets
// exactly one reply with that id, a result or an error.
import type { Measurement, MeasurePlan, RunTiming } from '../measure/measure.js';
import type { TaskResult } from '../models/task-result.js';
import type { Overhead, OverheadPlan } from '../measure/overhead.js';
import type { ModelCard } from '../models/card.js';
import type { RgbaImage } from '../models/image.js';
import type {
	Framework,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';

export type WorkerRequest =
	| { id: number; type: 'load'; framework: Framework; model: ModelSource; options: LoadOptions }
	| { id: number; type: 'measure'; image: RgbaImage; card: ModelCard; plan: MeasurePlan }
	/** One live frame: the model's result for it and the time each phase took (frame read-back included). */
	| { id: number; type: 'infer'; frame: ImageBitmap; card: ModelCard }
	/** Harness runs against bare library calls, interleaved in this worker (after a load). */
	| { id: number; type: 'overhead'; image: RgbaImage; card: ModelCard; plan: OverheadPlan }
	| { id: number; type: 'dispose' };

/** Times are milliseconds taken inside the worker with performance.now(), never across postMessage. */
export type WorkerReply =
	| { id: number; type: 'loaded'; info: RuntimeInfo; loadMs: number }
	| ({ id: number; type: 'measured' } & Measurement)
	| {
			id: number;
			type: 'inferred';
			outputs: OutputTensors;
			task: TaskResult;
			timing: RunTiming;
			/** The frame, handed back. */
			frame: ImageBitmap;
	  }
	| { id: number; type: 'overheadMeasured'; overhead: Overhead }
	| { id: number; type: 'disposed' }
	| { id: number; type: 'error'; message: string; unavailable: boolean };

/** The type of the reply each type of request gets (besides an error). */
export interface ReplyType {
	load: 'loaded';
	measure: 'measured';
	infer: 'inferred';
	overhead: 'overheadMeasured';
	dispose: 'disposed';
}

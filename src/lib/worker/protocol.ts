// The typed messages between the page and an inference worker: every request has an id and gets
// exactly one reply with that id, a result or an error.
import type { RunAgreement } from '../measure/agreement.js';
import type { Measurement, MeasurePlan, RunTiming } from '../measure/measure.js';
import type { TaskResult } from '../tasks/types.js';
import type { RunSpec } from '../models/descriptor.js';
import type { OpProfileResult } from '../measure/op-profile.js';
import type { Paired, PairedPlan } from '../measure/paired.js';
import type { CommonReply } from './client.js';
import type { MemoryUse } from './memory-tap.js';
import type { RgbaImage } from '../models/image.js';
import type {
	Framework,
	GraphOptimization,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';

/**
 * What a cell's runs are compared with: the library called directly on the cell's own session (the
 * harness's overhead), a second ONNX
 * Runtime session of the same model at another graph optimization level, the other framework's
 * twin on the same backend (the cell against another cell, their runs interleaved in one worker), or
 * the cell's own model fed by the runtime's image path (the frame turned into the input by the runtime
 * on its backend), against the cell's frame pipeline and run together.
 */
export type Baseline =
	| { kind: 'bare' }
	| { kind: 'optimization'; level: GraphOptimization }
	| { kind: 'framework'; framework: Framework }
	| { kind: 'runtime-image' };

/** How a baseline's answer agrees with the cell's, where the baseline gives answers of its own. */
export type AnswersAgree = Pick<RunAgreement, 'same' | 'line' | 'worstRelToPeak'>;

/** A frame's pixels: here, or the token of those the frame reader sent on the worker's `frames` port. */
export type Pixels = { image: RgbaImage } | { token: number };

export type WorkerRequest =
	/**
	 * Loads the model; `run` says how every later request feeds it and reads its outputs. A cell's
	 * worker gets the port on which the frame reader sends it pixels.
	 */
	| {
			id: number;
			type: 'load';
			framework: Framework;
			model: ModelSource;
			run: RunSpec;
			options: LoadOptions;
			frames?: MessagePort;
	  }
	| { id: number; type: 'measure'; image: RgbaImage; plan: MeasurePlan }
	/** One live frame's pixels: the model's result for them and the time each phase took. */
	| { id: number; type: 'infer'; pixels: Pixels }
	/** The loaded model's runs against a baseline's, interleaved in this worker, on the last image it ran. */
	| { id: number; type: 'compare'; baseline: Baseline; plan: PairedPlan }
	/**
	 * Where the time goes: `runs` runs on the last image with the runtime's profiler on, kept out of
	 * the latency figures (timers change what they time).
	 */
	| { id: number; type: 'profile'; runs: number }
	| { id: number; type: 'dispose' };

/**
 * Times are milliseconds taken inside the worker with performance.now(), never across postMessage;
 * `memory` is what the worker holds after the load or the runs.
 */
export type WorkerReply =
	| { id: number; type: 'loaded'; info: RuntimeInfo; loadMs: number; memory: MemoryUse }
	| ({ id: number; type: 'measured'; memory: MemoryUse } & Measurement)
	| {
			id: number;
			type: 'inferred';
			outputs: OutputTensors;
			task: TaskResult;
			timing: RunTiming;
			memory: MemoryUse;
	  }
	| { id: number; type: 'compared'; comparison: Paired; agreement?: AnswersAgree }
	| { id: number; type: 'profiled'; profile: OpProfileResult }
	| { id: number; type: 'disposed' }
	| CommonReply;

/** The inference worker's messages, and which reply answers which request (besides an error). */
export interface InferenceProtocol {
	request: WorkerRequest;
	reply: WorkerReply;
	answers: {
		load: 'loaded';
		measure: 'measured';
		infer: 'inferred';
		compare: 'compared';
		profile: 'profiled';
		dispose: 'disposed';
	};
}

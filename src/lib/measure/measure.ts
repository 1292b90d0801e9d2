// The measurement loop, run inside the worker with performance.now(): a first run (shader compile on
// GPU backends), warm-ups, then steady-state runs split into pre-processing, inference (including the
// download of every output) and post-processing, for at least N runs and at least T seconds.
import type { ModelCard } from '../models/card.js';
import type { RgbaImage } from '../models/image.js';
import { toModelInput } from '../models/preprocess.js';
import { decodeTask } from '../models/task-result.js';
import type { LoadedModel, OutputTensors } from '../runtimes/types.js';

/** How long to measure: at least `runs` timed runs and at least `seconds`, after `warmups` untimed ones. */
export interface MeasurePlan {
	warmups: number;
	runs: number;
	seconds: number;
}

/** One steady-state run, in milliseconds. */
export interface RunTiming {
	preprocess: number;
	inference: number;
	postprocess: number;
}

export interface Measurement {
	outputs: OutputTensors;
	firstRunMs: number;
	runs: RunTiming[];
}

const floats = (outputs: OutputTensors) =>
	Object.fromEntries(
		Object.entries(outputs).map(([name, o]) => [
			name,
			o.data instanceof Float32Array ? o.data : Float32Array.from(o.data)
		])
	);

export async function measure(
	model: LoadedModel,
	image: RgbaImage,
	card: ModelCard,
	plan: MeasurePlan
): Promise<Measurement> {
	const once = async (): Promise<{ outputs: OutputTensors; timing: RunTiming }> => {
		const t0 = performance.now();
		const input = toModelInput(image, card);
		const t1 = performance.now();
		const outputs = await model.run(input);
		const t2 = performance.now();
		decodeTask(card, floats(outputs));
		const t3 = performance.now();
		return { outputs, timing: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 } };
	};
	const first = await once();
	let outputs = first.outputs;
	for (let i = 1; i < plan.warmups; i++) outputs = (await once()).outputs;
	const runs: RunTiming[] = [];
	const begin = performance.now();
	while (runs.length < plan.runs || performance.now() - begin < plan.seconds * 1000) {
		const run = await once();
		outputs = run.outputs;
		runs.push(run.timing);
	}
	const { preprocess, inference, postprocess } = first.timing;
	return { outputs, firstRunMs: preprocess + inference + postprocess, runs };
}

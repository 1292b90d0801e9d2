// Runs one (framework, backend) cell in its own worker: load, first run, steady state; never throws.
import type { MeasurePlan } from '../measure/measure.js';
import { timingStats, type TimingStats } from '../measure/stats.js';
import type { ModelCard } from '../models/card.js';
import type { RgbaImage } from '../models/image.js';
import type {
	Backend,
	Framework,
	LoadOptions,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';
import { CellError, InferenceWorkerClient } from '../worker/client.js';

export interface CellResult {
	framework: Framework;
	backend: Backend;
	status: 'ok' | 'unavailable' | 'error';
	message?: string;
	info?: RuntimeInfo;
	loadMs?: number;
	firstRunMs?: number;
	/** Steady-state timings per phase; `total` is their sum per run. */
	stats?: {
		preprocess: TimingStats;
		inference: TimingStats;
		postprocess: TimingStats;
		total: TimingStats;
	};
	outputs?: OutputTensors;
}

export interface CellTimeouts {
	loadMs: number;
	measureMs: number;
}

/** One cell to run: which runtime on which backend, the model, the photo and how long to measure. */
export interface CellRequest {
	spawn: () => Worker;
	framework: Framework;
	backend: Backend;
	model: ModelSource;
	card: ModelCard;
	image: RgbaImage;
	plan: MeasurePlan;
	timeouts: CellTimeouts;
	graphOptimization?: LoadOptions['graphOptimization'];
}

export async function runCell(request: CellRequest): Promise<CellResult> {
	const { framework, backend, model, card, image, plan, timeouts, graphOptimization } = request;
	const client = new InferenceWorkerClient(request.spawn);
	const cell = { framework, backend };
	try {
		const loaded = await client.request(
			{ type: 'load', framework, model, options: { backend, graphOptimization } },
			timeouts.loadMs
		);
		const pixels = { width: image.width, height: image.height, data: image.data.slice() };
		const measured = await client.request(
			{ type: 'measure', image: pixels, card, plan },
			timeouts.measureMs,
			[pixels.data.buffer]
		);
		return {
			...cell,
			status: 'ok',
			info: loaded.info,
			loadMs: loaded.loadMs,
			firstRunMs: measured.firstRunMs,
			stats: {
				preprocess: timingStats(measured.runs.map((r) => r.preprocess)),
				inference: timingStats(measured.runs.map((r) => r.inference)),
				postprocess: timingStats(measured.runs.map((r) => r.postprocess)),
				total: timingStats(measured.runs.map((r) => r.preprocess + r.inference + r.postprocess))
			},
			outputs: measured.outputs
		};
	} catch (e) {
		const unavailable = e instanceof CellError && e.unavailable;
		return {
			...cell,
			status: unavailable ? 'unavailable' : 'error',
			message: (e as Error).message
		};
	} finally {
		client.terminate();
	}
}

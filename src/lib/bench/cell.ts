// Runs one (framework, backend) cell in its own worker: load, first run, steady state; never throws.
import type { InputTensor } from '../models/preprocess.js';
import { timingStats, type TimingStats } from '../measure/stats.js';
import type {
	Backend,
	Framework,
	ModelSource,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';
import { CellError, InferenceWorkerClient } from '../worker/client.js';
import type { MeasurePlan } from '../worker/protocol.js';

export interface CellResult {
	framework: Framework;
	backend: Backend;
	status: 'ok' | 'unavailable' | 'error';
	message?: string;
	info?: RuntimeInfo;
	loadMs?: number;
	firstRunMs?: number;
	stats?: TimingStats;
	outputs?: OutputTensors;
}

export interface CellTimeouts {
	loadMs: number;
	measureMs: number;
}

export async function runCell(
	spawn: () => Worker,
	framework: Framework,
	backend: Backend,
	model: ModelSource,
	input: InputTensor,
	plan: MeasurePlan,
	timeouts: CellTimeouts
): Promise<CellResult> {
	const client = new InferenceWorkerClient(spawn);
	const cell = { framework, backend };
	try {
		const loaded = await client.request(
			{ type: 'load', framework, model, options: { backend } },
			timeouts.loadMs
		);
		const copy = { ...input, data: input.data.slice() };
		const measured = await client.request(
			{ type: 'measure', input: copy, plan },
			timeouts.measureMs,
			[copy.data.buffer]
		);
		return {
			...cell,
			status: 'ok',
			info: loaded.info,
			loadMs: loaded.loadMs,
			firstRunMs: measured.firstRunMs,
			stats: timingStats(measured.runs),
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

// What the claims are judged on: one model's measured cells, from a bench run or from the playground,
// reduced to the same few numbers, plus what its conversion needed.
import type { BenchRow } from '../bench/report.js';
import type { Backend, Framework } from '../runtimes/types.js';

export interface CellEvidence {
	framework: Framework;
	backend: Backend;
	status: 'ok' | 'unavailable' | 'error';
	/** Why a cell did not run. */
	reason?: string;
	/** What really ran, e.g. "webgpu, 2 nodes on the CPU (Cast ×2)". */
	ran?: string;
	/** Steady-state runs behind the figures below. */
	runs: number;
	/** Inference (with the download of every output) p50, and pre- plus post-processing p50, in ms. */
	p50?: number;
	prePostP50?: number;
	loadMs?: number;
	firstRunMs?: number;
	/** Agreement with the reference cell (ONNX Runtime on WASM): task level, and the largest
	 * difference relative to the output's peak. Absent on the reference itself. */
	agrees?: boolean;
	worstRelToPeak?: number;
}

export interface Evidence {
	model: string;
	/** Where the figures come from, and when (ms since the epoch). */
	from: 'bench' | 'playground';
	at: number;
	cells: CellEvidence[];
	/** Ops the conversion treated specially, and the WebGL twin's problem, if any. */
	conversion?: { specialOps: string[]; webglUnsupported?: string };
	/** ONNX Runtime WASM p50 by graph optimization level, when runs at several levels were made. */
	optimization?: Partial<Record<'disabled' | 'basic' | 'extended' | 'all', number>>;
}

/** A cell's evidence from a bench row. */
export function cellFromBench(row: BenchRow): CellEvidence {
	return {
		framework: row.framework,
		backend: row.backend,
		status: row.status,
		reason: row.message,
		ran: row.info?.detail,
		runs: row.stats?.inference.count ?? 0,
		p50: row.stats?.inference.median,
		prePostP50: row.stats && row.stats.preprocess.median + row.stats.postprocess.median,
		loadMs: row.loadMs,
		firstRunMs: row.firstRunMs,
		agrees: row.agreement?.same,
		worstRelToPeak: row.agreement?.worstRelToPeak
	};
}

// What the claims are judged on: one model's measured cells, from a bench run or from the playground,
// reduced to the same few numbers, plus what its conversion needed.
import type { Paired } from '../measure/paired.js';
import type { Backend, Framework, GraphOptimization } from '../runtimes/types.js';
import type { MemoryUse } from '../worker/memory-tap.js';

export interface CellEvidence {
	/** The cell's id in the registry (runtimes/cells.ts), with its framework and backend. */
	cell: string;
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
	/**
	 * Whether the cell's run times settled while it warmed up (the bench's warm-up; absent where none
	 * was judged): a cell that did not settle has no steady run to hold its first run against.
	 */
	settled?: boolean;
	/** Agreement with the reference cell (ONNX Runtime on WASM): task level, and the largest
	 * difference relative to the output's peak. Absent on the reference itself. */
	agrees?: boolean;
	worstRelToPeak?: number;
	/** What the cell's worker held after its runs (WASM memory, GPU buffers and textures). */
	memory?: MemoryUse;
}

/** ONNX Runtime at one graph optimization level against a second session at another, interleaved. */
export interface OptimizationEvidence {
	backend: Backend;
	level: GraphOptimization;
	baseline: GraphOptimization;
	/** Ratio: run time at `level` / run time at `baseline`; p50s in that order. */
	comparison: Paired;
}

/** An ONNX Runtime cell against TF.js on its backend, their runs interleaved in one worker. */
export interface FrameworksEvidence {
	/** The ONNX Runtime cell's id. */
	cell: string;
	backend: Backend;
	/** Ratio: ONNX Runtime's run time / TF.js's; p50s in that order. */
	comparison: Paired;
}

export interface Evidence {
	model: string;
	/** Where the figures come from, and when (ms since the epoch). */
	from: 'bench' | 'playground';
	/** The report file they were opened from, if they were. */
	report?: string;
	at: number;
	cells: CellEvidence[];
	/** Ops the conversion treated specially, and the WebGL twin's problem, if any. */
	conversion?: { specialOps: string[]; webglUnsupported?: string };
	optimization?: OptimizationEvidence;
	/** ONNX Runtime against TF.js, paired, per backend where the bench made the comparison. */
	frameworks?: FrameworksEvidence[];
}

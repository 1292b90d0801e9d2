// What the bench page leaves for `npm run bench` and the browser tests (window.__twinferBench).
import type { MeasurePlan } from '../measure/measure.js';
import type { CellAgreement } from './agreement.js';
import type { CellResult } from './cell.js';

export interface BenchRow extends Omit<CellResult, 'outputs'> {
	/** Agreement with the reference cell (absent on the reference itself and on failed cells). */
	agreement?: CellAgreement;
	/** Harness inference p50 over the bare loop's p50 (with ?overhead=1). */
	overhead?: { bareP50: number; ratio: number } | { error: string };
}

export interface BenchReport {
	model: string;
	plan: MeasurePlan;
	reference: string;
	rows: BenchRow[];
}

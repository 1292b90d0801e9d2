// What the bench page leaves for `npm run bench` and the browser tests (window.__twinferBench).
import type { Verdict } from '../claims/verdict.js';
import type { Environment } from '../environment.js';
import type { MeasurePlan } from '../measure/measure.js';
import type { CellAgreement } from './agreement.js';
import type { CellResult } from './cell.js';

export interface BenchRow extends Omit<CellResult, 'outputs'> {
	/** Agreement with the reference cell (absent on the reference itself and on failed cells). */
	agreement?: CellAgreement;
}

export interface BenchReport {
	model: string;
	plan: MeasurePlan;
	reference: string;
	rows: BenchRow[];
	environment: Environment;
	/** Each claim of the framework comparison judged on these rows. */
	verdicts: { claim: string; quote: string; verdict: Verdict }[];
}

/** What the page leaves: the report, or why the run could not start (a wrong URL setting). */
export type BenchOutcome = BenchReport | { error: string };

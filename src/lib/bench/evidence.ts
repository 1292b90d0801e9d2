// A bench run as evidence for the claims: its rows reduced to the figures the verdicts read (the
// claims know nothing of the bench; the bench speaks their language).
import type { CellEvidence, FrameworksEvidence, OptimizationEvidence } from '../claims/evidence.js';
import type { GraphOptimization } from '../runtimes/types.js';
import type { BenchRow } from './report.js';

/** A cell's evidence from a bench row. */
export function cellFromBench(row: BenchRow): CellEvidence {
	return {
		cell: row.cell,
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
		worstRelToPeak: row.agreement?.worstRelToPeak,
		memory: row.memory
	};
}

/** The first graph optimization comparison among `rows`, made with the ORT cells at `level`. */
export function optimizationFromBench(
	rows: BenchRow[],
	level: GraphOptimization
): OptimizationEvidence | undefined {
	for (const row of rows)
		for (const { baseline, result } of row.comparisons ?? [])
			if (baseline.kind === 'optimization' && !('error' in result))
				return { backend: row.backend, level, baseline: baseline.level, comparison: result };
	return undefined;
}

/** The ORT cells' comparisons with TF.js on their own backend (ratio ORT / TF.js). */
export function frameworksFromBench(rows: BenchRow[]): FrameworksEvidence[] {
	return rows.flatMap((row) =>
		row.framework !== 'ort'
			? []
			: (row.comparisons ?? []).flatMap(({ baseline, result }) =>
					baseline.kind === 'framework' && baseline.framework === 'tfjs' && !('error' in result)
						? [{ cell: row.cell, backend: row.backend, comparison: result }]
						: []
				)
	);
}

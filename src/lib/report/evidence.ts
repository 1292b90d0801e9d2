// A run's cells, as a report holds them, turned into what the claims are judged on: the one path from
// figures to verdicts, for the bench, the playground and a report opened from a file.
import type { CellEvidence, Evidence } from '../claims/evidence.js';
import type { Report, ReportCell } from './schema.js';

const cellEvidence = (c: ReportCell): CellEvidence => ({
	cell: c.cell,
	framework: c.framework,
	backend: c.backend,
	status: c.status,
	reason: c.message,
	ran: c.settings.ran,
	runs: c.runs,
	p50: c.p50,
	prePostP50: c.prePostP50,
	loadMs: c.loadMs,
	firstRunMs: c.firstRunMs,
	settled: c.settled,
	agrees: c.agreement?.same,
	worstRelToPeak: c.agreement?.worstRelToPeak,
	memory: c.memory
});

/** The first ORT cell's graph optimization comparison, with the level the cell ran at. */
function optimizationOf(cells: ReportCell[]): Evidence['optimization'] {
	for (const c of cells)
		for (const { baseline, ...comparison } of c.comparisons ?? [])
			if (baseline.kind === 'optimization' && c.settings.graphOptimization)
				return {
					backend: c.backend,
					level: c.settings.graphOptimization,
					baseline: baseline.level,
					comparison
				};
	return undefined;
}

/** The ORT cells' comparisons with TF.js on their own backend (ratio ORT / TF.js). */
const frameworksOf = (cells: ReportCell[]): NonNullable<Evidence['frameworks']> =>
	cells.flatMap((c) =>
		c.framework !== 'ort'
			? []
			: (c.comparisons ?? []).flatMap(({ baseline, ...comparison }) =>
					baseline.kind === 'framework' && baseline.framework === 'tfjs'
						? [{ cell: c.cell, backend: c.backend, comparison }]
						: []
				)
	);

/** The evidence in a run's cells: from the bench or the playground, at `at` (ms since the epoch). */
export function evidenceOf(run: {
	model: string;
	from: Evidence['from'];
	at: number;
	cells: ReportCell[];
	conversion?: Evidence['conversion'];
}): Evidence {
	return {
		model: run.model,
		from: run.from,
		at: run.at,
		cells: run.cells.map(cellEvidence),
		...(run.conversion && { conversion: run.conversion }),
		optimization: optimizationOf(run.cells),
		frameworks: frameworksOf(run.cells)
	};
}

/** The evidence a report holds (one opened from a file judges the claims as its own run did). */
export const evidenceFromReport = (report: Report): Evidence =>
	evidenceOf({
		model: report.model.id,
		from: report.from,
		at: Date.parse(report.at),
		cells: report.cells,
		conversion: report.model.conversion
	});

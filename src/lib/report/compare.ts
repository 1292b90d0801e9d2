// Two or more reports side by side: each cell's median in every report and its ratio to the first
// report's, with a warning where the reports did not measure the same thing.
import { shortNameOf } from '../runtimes/cells.js';
import { describeSettings } from '../runtimes/settings.js';
import type { Report, ReportCell } from './schema.js';

export interface NamedReport {
	/** What the person knows the report by: its file name. */
	name: string;
	report: Report;
}

export interface ComparedCell {
	cell: string;
	/** The cell in each report, in the order given (absent where a report lacks it). */
	figures: (ReportCell | undefined)[];
	/** Each report's p50 over the first report's (absent where either has no p50). */
	ratios: (number | undefined)[];
}

export interface ReportComparison {
	reports: NamedReport[];
	/** What makes the figures less comparable: another model, another reference. */
	warnings: string[];
	cells: ComparedCell[];
}

/** A machine in a few words: its label, else its GPU, with its cores. */
export const machineName = ({ machine }: Report) =>
	`${machine.label ?? machine.gpu}, ${machine.cores} cores`;

export function compareReports(reports: NamedReport[]): ReportComparison {
	if (reports.length < 2) throw new Error('comparing needs two reports or more');
	const [first] = reports as [NamedReport, ...NamedReport[]];
	const warnings = reports
		.slice(1)
		.flatMap(({ name, report }) => [
			...(report.model.id !== first.report.model.id
				? [
						`${name} measured ${report.model.id}, ${first.name} ${first.report.model.id}: not the same work`
					]
				: []),
			...(report.reference !== first.report.reference
				? [
						`${name} checked agreement against ${report.reference}, ${first.name} against ${first.report.reference}`
					]
				: [])
		]);
	const ids = [...new Set(reports.flatMap((r) => r.report.cells.map((c) => c.cell)))];
	const cells = ids.map((cell) => {
		const figures = reports.map((r) => r.report.cells.find((c) => c.cell === cell));
		const base = figures[0]?.p50;
		return {
			cell,
			figures,
			ratios: figures.map((f) => (base && f?.p50 !== undefined ? f.p50 / base : undefined))
		};
	});
	return { reports, warnings: [...warnings, ...cells.flatMap(otherSettings(reports))], cells };
}

/** For a cell that ran with other settings in a report than in the first: a warning saying how. */
function otherSettings(reports: NamedReport[]) {
	return ({ cell, figures }: ComparedCell): string[] => {
		const [first, ...rest] = figures.map((f) => f && describeSettings(f.settings));
		return rest.flatMap((settings, i) =>
			first && settings && settings !== first
				? [
						`${shortNameOf(cell)} ran with ${settings} in ${reports[i + 1]!.name}, ${first} in ${reports[0]!.name}`
					]
				: []
		);
	};
}

/** A cell's figure in one report, in words: "12.3 ms", or its status where it did not run. */
export function describeFigure(figure: ReportCell | undefined): string {
	if (!figure) return 'not measured';
	if (figure.status !== 'ok') return figure.status;
	return figure.p50 === undefined ? 'no timed runs' : `${figure.p50.toFixed(1)} ms`;
}

/** The comparison as rows of text: a header, then one row per cell (its name, each report's figure, each ratio). */
export function comparisonRows({ reports, cells }: ReportComparison): string[][] {
	const others = reports.slice(1);
	return [
		[
			'cell',
			...reports.map((r) => `${r.name} (${machineName(r.report)})`),
			...others.map((r) => `${r.name} / ${reports[0]!.name}`)
		],
		...cells.map(({ cell, figures, ratios }) => [
			shortNameOf(cell),
			...figures.map(describeFigure),
			...ratios.slice(1).map((r) => (r === undefined ? '' : r.toFixed(2)))
		])
	];
}

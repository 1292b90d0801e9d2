// Reports on disk for the bench's command line: a run written as JSON, CSV or Markdown (by the file's
// extension), and saved reports read back and printed side by side.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { compareReports, comparisonRows } from '../../src/lib/report/compare.js';
import { REPORT_FORMATS } from '../../src/lib/report/formats.js';
import { readReport, type Report } from '../../src/lib/report/schema.js';
import { formatTable } from './table.js';

/**
 * What writes a report to `path`, in the format its extension names (asked before a run, so that a
 * wrong name stops it at once); throws naming the formats there are.
 */
export function reportWriter(path: string): (report: Report) => void {
	const format = REPORT_FORMATS[extname(path).slice(1).toLowerCase()];
	if (!format)
		throw new Error(
			`--report ${path}: a report is written as ${Object.keys(REPORT_FORMATS)
				.map((e) => `.${e}`)
				.join(', ')}; name the file with one of them`
		);
	return (report) => writeFileSync(path, format.write(report));
}

/** The saved reports at `paths`, side by side, as text; throws naming a file that cannot be read. */
export function compareReportFiles(paths: string[]): string {
	if (paths.length < 2)
		throw new Error('--compare needs two report files or more: --compare a.json b.json');
	const reports = paths.map((path) => {
		let text: string;
		try {
			text = readFileSync(path, 'utf8');
		} catch (e) {
			throw new Error(
				`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`
			);
		}
		return { name: basename(path), report: readReport(text, path) };
	});
	const compared = compareReports(reports);
	const head = reports
		.map(
			({ name, report }) =>
				`${name}: ${report.model.id}, ${report.from} run of ${report.at} on ${report.machine.label ?? report.machine.gpu} (${report.machine.userAgent})`
		)
		.join('\n');
	const warnings = compared.warnings.map((w) => `warning: ${w}\n`).join('');
	return `${head}\n\n${formatTable(comparisonRows(compared))}${warnings}`;
}

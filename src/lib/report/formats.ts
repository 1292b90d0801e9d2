// A report as a person takes it elsewhere: CSV for a spreadsheet, Markdown for an issue or a page.
import { shortNameOf } from '../runtimes/cells.js';
import { describeSettings } from '../runtimes/settings.js';
import { toleranceBound } from '../measure/tolerance.js';
import { machineName } from './compare.js';
import type { Report, ReportCell } from './schema.js';

/** Each CSV column: its name and how a cell fills it. */
const COLUMNS: [string, (c: ReportCell) => string | number | boolean | undefined][] = [
	['cell', (c) => c.cell],
	['framework', (c) => c.framework],
	['backend', (c) => c.backend],
	['status', (c) => c.status],
	['message', (c) => c.message],
	['ran', (c) => c.settings.ran],
	['version', (c) => c.settings.version],
	['threads', (c) => c.settings.threads],
	['simd', (c) => c.settings.simd],
	['f16_textures', (c) => c.settings.f16Textures],
	['precision', (c) => c.settings.precision],
	['input_path', (c) => c.settings.inputPath],
	['load_ms', (c) => c.loadMs],
	['first_run_ms', (c) => c.firstRunMs],
	['runs', (c) => c.runs],
	['p50_ms', (c) => c.p50],
	['p95_ms', (c) => c.p95],
	['pre_post_p50_ms', (c) => c.prePostP50],
	['gflops', (c) => c.gflops],
	['wasm_bytes', (c) => c.memory?.wasm],
	['gpu_bytes', (c) => c.memory?.gpu],
	['agrees', (c) => c.agreement?.same],
	['worst_rel_to_peak', (c) => c.agreement?.worstRelToPeak],
	['within_tolerance', (c) => c.agreement?.within],
	['tolerance', (c) => c.agreement?.tolerance && toleranceBound(c.agreement.tolerance)]
];

/** A field as CSV writes it (RFC 4180): quoted where it holds a comma, a quote or a line break. */
function field(value: string | number | boolean | undefined): string {
	const text = value === undefined ? '' : String(value);
	return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per cell, the columns above. */
export function reportCsv(report: Report): string {
	const lines = [
		COLUMNS.map(([name]) => name),
		...report.cells.map((c) => COLUMNS.map(([, read]) => field(read(c))))
	];
	return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

/** A Markdown table; `|` in a cell is escaped. */
export function markdownTable(rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
	const [head = [], ...body] = rows;
	return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n') + '\n';
}

const ms = (v: number | undefined) => (v === undefined ? '' : v.toFixed(1));

/** Every format a report is written in, by file extension: what writes it, and its media type. */
export const REPORT_FORMATS: Record<string, { write: (report: Report) => string; type: string }> = {
	json: { write: (report) => `${JSON.stringify(report, null, 1)}\n`, type: 'application/json' },
	csv: { write: (report) => reportCsv(report), type: 'text/csv' },
	md: { write: (report) => reportMarkdown(report), type: 'text/markdown' }
};

/** The report as a heading, where it ran, and a table of its cells. */
export function reportMarkdown(report: Report): string {
	const rows = [
		[
			'cell',
			'status',
			'settings',
			'p50 ms',
			'p95 ms',
			'runs',
			'first run ms',
			'agrees with the reference'
		],
		...report.cells.map((c) => [
			shortNameOf(c.cell),
			c.status === 'ok' ? (c.settings.ran ?? 'ok') : `${c.status}: ${c.message ?? ''}`,
			describeSettings(c.settings),
			ms(c.p50),
			ms(c.p95),
			String(c.runs),
			ms(c.firstRunMs),
			c.agreement
				? `${c.agreement.same ? 'yes' : 'no'} (${c.agreement.worstRelToPeak.toExponential(1)} of the peak${c.agreement.tolerance ? `; ${c.agreement.within ? 'tolerance' : 'beyond the tolerance'} ${toleranceBound(c.agreement.tolerance)}` : ''})`
				: ''
		])
	];
	return (
		`## ${report.model.id} on ${machineName(report)}\n\n` +
		`${report.from === 'bench' ? 'Bench' : 'Playground'} run of ${report.at}, ${report.machine.userAgent}; agreement against ${shortNameOf(report.reference)}.\n\n` +
		markdownTable(rows)
	);
}

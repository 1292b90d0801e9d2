// A report saved from the page: written in the chosen format and handed to the browser as a download.
import { REPORT_FORMATS } from './formats.js';
import type { Report } from './schema.js';

/** "twinfer-local-my-model-2026-12-03T10-00-00.csv": the model and the time, in characters every file system takes. */
export const reportFileName = (report: Report, extension: string) =>
	`twinfer-${report.model.id}-${report.at.slice(0, 19)}`.replace(/[^\w.-]+/g, '-') +
	`.${extension}`;

/** Downloads `report` as a file of `extension` (json, csv or md). */
export function saveReport(report: Report, extension: string): void {
	const format = REPORT_FORMATS[extension];
	if (!format) throw new Error(`no report format "${extension}"`);
	const url = URL.createObjectURL(new Blob([format.write(report)], { type: format.type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = reportFileName(report, extension);
	link.click();
	// The download has taken the file once the click is handled.
	setTimeout(() => URL.revokeObjectURL(url));
}

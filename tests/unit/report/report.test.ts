// Reports that travel: a bench run written as a report and read back, a bad file's message naming
// what is wrong, two machines side by side, and the CSV and Markdown a person takes elsewhere.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareReportFiles, reportWriter } from '../../../scripts/lib/report-files.js';
import type { BenchReport, BenchRow } from '../../../src/lib/bench/report.js';
import type { Environment } from '../../../src/lib/environment.js';
import { judgeAll } from '../../../src/lib/claims/registry.js';
import { compareReports, comparisonRows } from '../../../src/lib/report/compare.js';
import { toleranceOf } from '../../../src/lib/measure/tolerance.js';
import { SETTING_KEYS } from '../../../src/lib/runtimes/settings.js';
import type { CellSettings } from '../../../src/lib/runtimes/types.js';
import { evidenceFromReport } from '../../../src/lib/report/evidence.js';
import { markdownTable, reportCsv, reportMarkdown } from '../../../src/lib/report/formats.js';
import { reportFromBench } from '../../../src/lib/report/from-bench.js';
import { readReport, type Report } from '../../../src/lib/report/schema.js';

const environment: Environment = {
	userAgent: 'Chromium 156',
	crossOriginIsolated: true,
	cores: 2,
	webgpu: {
		vendor: 'google',
		architecture: 'swiftshader',
		device: '',
		description: 'SwiftShader',
		shaderF16: true,
		timestampQuery: true
	},
	webgl: {
		renderer: 'ANGLE (SwiftShader)',
		vendor: 'Google',
		floatRender: true,
		halfFloatRender: true
	},
	webnn: { missing: 'this browser has no WebNN' },
	libraries: {}
};

const stats = (median: number) => ({
	count: 20,
	median,
	p95: median * 1.2,
	min: median,
	max: median * 1.5,
	mean: median,
	sd: 1
});

function row(cell: string, p50: number | undefined, more: Partial<BenchRow> = {}): BenchRow {
	const [framework, backend] = cell.split('-') as [BenchRow['framework'], BenchRow['backend']];
	return {
		cell,
		framework,
		backend,
		status: 'ok',
		info: {
			framework,
			requested: backend,
			actual: backend,
			version: '1.30.0',
			settings: backend === 'wasm' ? { threads: 1 } : {},
			detail: backend
		},
		loadMs: 100,
		firstRunMs: 300,
		...(p50 !== undefined && {
			stats: {
				preprocess: stats(0.2),
				inference: stats(p50),
				postprocess: stats(0.1),
				total: stats(p50 + 0.3)
			}
		}),
		memory: { wasm: 1e6, gpu: 2e6 },
		...more
	};
}

const bench = (rows: BenchRow[], model = 'movenet-lightning'): BenchReport => ({
	model,
	flops: 1e9,
	plan: { warmups: 1, warmupSeconds: 5, runs: 10, seconds: 2 },
	optimization: 'all',
	reference: 'ort-wasm',
	rows,
	environment,
	verdicts: [{ claim: 'c1', quote: 'q', verdict: { kind: 'supported', why: 'because' } }]
});

const written = (report: Report) => JSON.stringify(report);

describe('a bench run as a report', () => {
	const report = reportFromBench(
		bench([
			row('ort-wasm', 12),
			row('ort-webgpu', undefined, { status: 'unavailable', message: 'no WebGPU, "really"' }),
			row('tfjs-wasm', 15, {
				agreement: {
					same: true,
					worstRelToPeak: 2e-6,
					within: true,
					tolerance: toleranceOf('wasm', 'wasm')
				} as BenchRow['agreement']
			})
		]),
		new Date('2026-12-03T10:00:00Z'),
		'laptop'
	);

	it('keeps every setting a cell has', () => {
		const every: CellSettings = {
			threads: 2,
			simd: false,
			f16Textures: true,
			precision: 'f16',
			inputPath: 'runtime'
		};
		expect(Object.keys(every).sort()).toEqual([...SETTING_KEYS].sort());
		const withAll = structuredClone(report);
		withAll.cells[0]!.settings = { ...withAll.cells[0]!.settings, ...every };
		expect(readReport(written(withAll), 'all.json').cells[0]!.settings).toMatchObject(every);
	});

	it('is read back as it was written', () => {
		expect(readReport(written(report), 'a.json')).toEqual(JSON.parse(written(report)));
		expect(report.machine).toEqual({
			label: 'laptop',
			userAgent: 'Chromium 156',
			cores: 2,
			crossOriginIsolated: true,
			gpu: 'google swiftshader SwiftShader'
		});
		expect(report.cells[0]).toMatchObject({
			cell: 'ort-wasm',
			p50: 12,
			memory: { wasm: 1e6, gpu: 2e6 }
		});
	});

	it('goes to CSV, quoted where a field needs it, and to Markdown', () => {
		const csv = reportCsv(report).split('\r\n');
		expect(csv[0]).toMatch(/^cell,framework,backend,status,message,/);
		expect(csv[2]).toContain('"no WebGPU, ""really"""');
		expect(reportMarkdown(report)).toContain('## movenet-lightning on laptop, 2 cores');
		expect(reportMarkdown(report)).toContain(
			'| TF.js wasm | wasm | 1 thread | 15.0 | 18.0 | 20 | 300.0 | yes (2.0e-6 of the peak; tolerance ≤ 1e-4 of the peak) |'
		);
		expect(markdownTable([['a|b'], ['c']])).toBe('| a\\|b |\n| --- |\n| c |\n');
	});

	it.each([
		['{', /^bad\.json is not JSON: /],
		['[1, 2]', /^bad\.json is not a Twinfer report \(no "format": "twinfer-report"\)$/],
		[
			'{"format": "twinfer-report", "version": 9}',
			/^bad\.json is a version 9 report; this Twinfer reads version 1$/
		]
	])('a file that is not a report: %s', (text, message) => {
		expect(() => readReport(text, 'bad.json')).toThrow(message);
	});

	it('names the field that is wrong', () => {
		const broken = JSON.parse(written(report)) as { cells: { p50: unknown }[]; at: unknown };
		broken.cells[2]!.p50 = 'fast';
		expect(() => readReport(JSON.stringify(broken), 'b.json')).toThrow(
			/^b\.json: cells\.2\.p50: .*number.*"fast"/
		);
		expect(() => readReport(JSON.stringify({ ...broken, at: undefined }), 'd.json')).toThrow(
			/^d\.json: at is missing$/
		);
		expect(() => readReport(JSON.stringify({ ...broken, cells: [] }), 'c.json')).toThrow(
			'c.json: cells: a report holds at least one cell'
		);
	});
});

describe('two reports side by side', () => {
	const at = new Date('2026-12-03T10:00:00Z');
	const a = reportFromBench(bench([row('ort-wasm', 12), row('tfjs-wasm', 15)]), at, 'laptop');
	const b = reportFromBench(
		bench([row('ort-wasm', 6), row('ort-webgpu-native', 3)], 'centernet'),
		at,
		'desktop'
	);

	it('gives each cell its figure in both, the ratio to the first, and what differs', () => {
		const compared = compareReports([
			{ name: 'a.json', report: a },
			{ name: 'b.json', report: b }
		]);
		expect(compared.warnings).toEqual([
			'b.json measured centernet, a.json movenet-lightning: not the same work'
		]);
		expect(comparisonRows(compared)).toEqual([
			['cell', 'a.json (laptop, 2 cores)', 'b.json (desktop, 2 cores)', 'b.json / a.json'],
			['ORT wasm', '12.0 ms', '6.0 ms', '0.50'],
			['TF.js wasm', '15.0 ms', 'not measured', ''],
			['ORT webgpu native', 'not measured', '3.0 ms', '']
		]);
	});

	it('says where a cell ran with other settings', () => {
		const threaded = structuredClone(a);
		threaded.cells[1]!.settings = { ...threaded.cells[1]!.settings, threads: 2, simd: true };
		expect(
			compareReports([
				{ name: 'a.json', report: a },
				{ name: 'c.json', report: threaded }
			]).warnings
		).toEqual(['TF.js wasm ran with 2 threads · SIMD in c.json, 1 thread in a.json']);
	});

	it('needs two reports', () => {
		expect(() => compareReports([{ name: 'a.json', report: a }])).toThrow('two reports or more');
	});
});

describe('npm run bench -- --compare', () => {
	const at = new Date('2026-12-03T10:00:00Z');
	const dir = mkdtempSync(join(tmpdir(), 'reports-'));
	const save = (name: string, report: Report) => {
		const path = join(dir, name);
		writeFileSync(path, JSON.stringify(report));
		return path;
	};
	const a = save('a.json', reportFromBench(bench([row('ort-wasm', 12)]), at, 'laptop'));
	const b = save('b.json', reportFromBench(bench([row('ort-wasm', 3)]), at, 'desktop'));

	it('prints saved reports side by side', () => {
		const text = compareReportFiles([a, b]);
		expect(text).toContain(
			'a.json: movenet-lightning, bench run of 2026-12-03T10:00:00.000Z on laptop'
		);
		expect(text).toMatch(/ORT wasm +12\.0 ms +3\.0 ms +0\.25\n/);
	});

	it('names a file it cannot read, and asks for two', () => {
		expect(() => compareReportFiles([a, join(dir, 'gone.json')])).toThrow(
			/gone\.json: no such file$/
		);
		expect(() => compareReportFiles([a])).toThrow('--compare needs two report files or more');
	});

	it('writes a report in the format its name gives, and refuses one it does not know', () => {
		const path = join(dir, 'run.csv');
		reportWriter(path)(readReport(readFileSync(a, 'utf8'), 'a.json'));
		expect(readFileSync(path, 'utf8')).toMatch(/^cell,framework,/);
		expect(() => reportWriter('run.txt')).toThrow('a report is written as .json, .csv, .md');
	});
});

describe('a report as evidence for the claims', () => {
	const paired = (ratios: number[]) => ({
		ratio: ratios[1]!,
		ratios,
		p50: [10, 14] as [number, number]
	});
	const report = reportFromBench(
		bench([
			row('ort-wasm', 12, {
				comparisons: [
					{
						baseline: { kind: 'optimization', level: 'disabled' },
						result: paired([0.7, 0.72, 0.74])
					},
					{ baseline: { kind: 'framework', framework: 'tfjs' }, result: paired([0.6, 0.62, 0.64]) },
					{ baseline: { kind: 'bare' }, result: { error: 'timed out' } }
				]
			}),
			row('tfjs-wasm', 15)
		]),
		new Date('2026-12-03T10:00:00Z')
	);

	it('carries the comparisons that finished, and judges the claims as the run did', () => {
		expect(report.cells[0]!.comparisons!.map((c) => c.baseline.kind)).toEqual([
			'optimization',
			'framework'
		]);
		const evidence = evidenceFromReport(readReport(JSON.stringify(report), 'a.json'));
		expect(evidence.optimization).toMatchObject({
			backend: 'wasm',
			level: 'all',
			baseline: 'disabled'
		});
		expect(evidence.frameworks).toEqual([
			{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([0.6, 0.62, 0.64]) }
		]);
		expect(evidence.at).toBe(Date.parse('2026-12-03T10:00:00Z'));
		const verdicts = Object.fromEntries(
			judgeAll(evidence).map((j) => [j.claim.id, j.verdict.kind])
		);
		expect(verdicts['onnx-graph-optimization']).toBe('supported');
		expect(verdicts['ort-optimized-hardware']).toBe('supported');
	});
});

// `npm run bench -- --model movenet-lightning|path/to/model.json|path/to/model.onnx [--frameworks tfjs,ort] [--backends webgpu,webgl,wasm] [--cells ort-webgpu,ort-webgpu-native]
// [--warmup S] [--runs N] [--seconds S] [--overhead] [--first-runs yes|no] [--profile yes|no] [--pair-frameworks yes|no] [--runtime-image yes|no] [--reference ort-wasm] [--optimization all]
// [--optimization-baseline disabled|basic|extended|none] [--set tfjs-wasm.threads=1 --set tfjs-webgl.f16-textures=on ...] [--json out.json] [--report run.json|run.csv|run.md] [--label NAME] [--build]`: serves the built app (built again when its sources changed), runs its bench page in headless
// Chromium (the same code path as the UI) and prints what ran, how fast, and how well it agreed.
// `npm run bench -- --compare a.json b.json ...` prints saved reports side by side.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withAppPage } from './lib/app-page.js';
import { buildAppIfStale } from './lib/stale.js';
import { compareReportFiles, reportWriter } from './lib/report-files.js';
import { formatTable } from './lib/table.js';
import { reportFromBench } from '../src/lib/report/from-bench.js';
import {
	describeAgreement,
	describeFirstRuns,
	describeRate,
	rowComparison,
	rowProfile,
	type BenchOutcome,
	type BenchReport,
	type BenchRow
} from '../src/lib/bench/report.js';
import { describeMemory, describeTopOps, multiplyAddCount, percentOf } from '../src/lib/format.js';
import { familyTable, type OpProfile } from '../src/lib/measure/op-profile.js';
import type { Warmup } from '../src/lib/measure/measure.js';
import type { Baseline } from '../src/lib/worker/protocol.js';
import { cellById } from '../src/lib/runtimes/cells.js';
import { describeRan } from '../src/lib/runtimes/settings.js';

const PORT = 4320;
const root = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
	options: {
		model: { type: 'string', default: 'movenet-lightning' },
		frameworks: { type: 'string' },
		backends: { type: 'string' },
		cells: { type: 'string' },
		warmup: { type: 'string', default: '5' },
		runs: { type: 'string', default: '10' },
		seconds: { type: 'string', default: '2' },
		json: { type: 'string' },
		overhead: { type: 'boolean', default: false },
		'first-runs': { type: 'string', default: 'yes' },
		profile: { type: 'string', default: 'yes' },
		'pair-frameworks': { type: 'string', default: 'yes' },
		'runtime-image': { type: 'string', default: 'yes' },
		reference: { type: 'string', default: 'ort-wasm' },
		optimization: { type: 'string', default: 'all' },
		'optimization-baseline': { type: 'string', default: 'disabled' },
		report: { type: 'string' },
		label: { type: 'string' },
		set: { type: 'string', multiple: true },
		compare: { type: 'boolean', default: false },
		build: { type: 'boolean', default: false }
	},
	allowPositionals: true
});

/** Stops with `message` and the exit status of a wrong command line. */
function refuse(message: string): never {
	process.stderr.write(`bench: ${message}\n`);
	process.exit(2);
}

if (values.compare) {
	try {
		process.stdout.write(compareReportFiles(positionals));
	} catch (e) {
		refuse((e as Error).message);
	}
	process.exit(0);
}
if (positionals.length)
	refuse(`unexpected ${positionals.join(' ')}: only --compare takes file names`);
let writeReport: ReturnType<typeof reportWriter> | undefined;
try {
	writeReport = values.report === undefined ? undefined : reportWriter(values.report);
} catch (e) {
	refuse((e as Error).message);
}

for (const option of ['first-runs', 'profile', 'pair-frameworks', 'runtime-image'] as const)
	if (!['yes', 'no'].includes(values[option]!))
		refuse(`--${option} "${values[option]}" is not yes or no`);

/** Each `--set cell.setting=value`, as the bench page's parameters (the page checks the values). */
const settings = (values.set ?? []).map((item) => {
	const at = item.indexOf('=');
	if (at < 1) refuse(`--set "${item}" is not cell.setting=value (e.g. tfjs-wasm.threads=1)`);
	return [item.slice(0, at), item.slice(at + 1)] as const;
});

buildAppIfStale(root, 'bench.html', values.build ?? false);

/** Turning the image into the inputs and the outputs into the result, and its share of a run. */
function prePost(stats: BenchRow['stats']): string {
	if (!stats) return '';
	const ms = stats.preprocess.median + stats.postprocess.median;
	return `${ms.toFixed(1)} (${((100 * ms) / stats.total.median).toFixed(1)}%)`;
}

/** The GPU cells' first runs again in fresh workers: plainly, and compiling ahead. */
function printFirstRuns(rows: BenchRow[]): void {
	const measured = rows.filter((r) => r.firstRuns);
	if (!measured.length) return;
	const lines = [
		['cell', 'first run', 'second visit', 'compiling ahead: compile + first run'],
		...measured.map((r) => {
			const { secondVisit, compiledAhead } = describeFirstRuns(r.firstRuns!);
			return [cellById(r.cell).short, `${r.firstRunMs!.toFixed(0)} ms`, secondVisit, compiledAhead];
		})
	];
	process.stdout.write(
		"\nfirst runs again in fresh workers (the browser's shader caches warm from the first):\n"
	);
	process.stdout.write(formatTable(lines));
}

/** Where each cell's time goes: its top ops, then the op families side by side. */
function printProfiles(rows: BenchRow[]): void {
	const profiled = rows.flatMap((r) => {
		const profile = rowProfile(r);
		return profile ? [{ cell: cellById(r.cell).short, profile }] : [];
	});
	if (!profiled.length) return;
	process.stdout.write(
		"\nwhere the time goes (each runtime's own profiler, in runs apart from the timed ones):\n"
	);
	process.stdout.write(
		formatTable([
			['cell', 'ops a run (a profiled run)', 'top ops a run', 'timed by'],
			...profiled.map(({ cell, profile }) =>
				'ops' in profile
					? [
							cell,
							`${profile.opsMs.toFixed(1)} ms (${profile.runMs.toFixed(1)} ms)`,
							describeTopOps(profile, 4),
							profile.source
						]
					: [cell, '', describeTopOps(profile, 4), '']
			)
		])
	);
	const full = profiled.filter(
		(p): p is { cell: string; profile: OpProfile } => 'ops' in p.profile
	);
	if (!full.length) return;
	process.stdout.write("\nby family of ops (ms a run, share of the cell's ops):\n");
	process.stdout.write(
		formatTable([
			['family', ...full.map((p) => p.cell)],
			...familyTable(full.map((p) => p.profile)).map(({ family, ms }) => [
				family,
				...ms.map((v, i) =>
					v === undefined
						? ''
						: `${v.toFixed(2)} (${percentOf(v, full[i]!.profile.opsMs).toFixed(0)}%)`
				)
			])
		])
	);
}

/** The table of cells, then the verdicts. */
function print(result: BenchReport): void {
	const env = result.environment;
	const ms = (v?: number) => (v === undefined ? '' : v.toFixed(1));
	const warmup = (w: Warmup) =>
		`${w.runs} runs, ${(w.ms / 1000).toFixed(1)} s${w.settled ? '' : ', not settled'}`;
	const compared = (kind: Baseline['kind']) =>
		result.rows.some((r) => r.comparisons?.some((c) => c.baseline.kind === kind));
	const optimized = compared('optimization');
	const paired = compared('framework');
	const imagePath = compared('runtime-image');
	const lines = [
		[
			'cell',
			'ran on',
			'load ms',
			'first run ms',
			'warm-up',
			'p50 ms',
			'p95 ms',
			'runs',
			'GFLOP/s',
			'pre+post p50 (share)',
			'memory',
			...(values.overhead ? ['harness/bare'] : []),
			...(optimized ? ['graph optimization'] : []),
			...(paired ? ['ORT against TF.js, interleaved'] : []),
			...(imagePath ? ['frame pipeline against the runtime making the input'] : []),
			`agreement with ${result.reference}`
		],
		...result.rows.map((r) =>
			r.status === 'ok'
				? [
						cellById(r.cell).short,
						describeRan(r.info!),
						ms(r.loadMs),
						ms(r.firstRunMs),
						warmup(r.warmup!),
						ms(r.stats?.inference.median),
						ms(r.stats?.inference.p95),
						String(r.stats?.inference.count ?? ''),
						describeRate(r, result.gpuPeak),
						prePost(r.stats),
						r.memory ? describeMemory(r.memory) : '',
						...(values.overhead ? [rowComparison(r, 'bare')] : []),
						...(optimized ? [rowComparison(r, 'optimization')] : []),
						...(paired ? [rowComparison(r, 'framework')] : []),
						...(imagePath ? [rowComparison(r, 'runtime-image')] : []),
						r.agreement ? describeAgreement(r.agreement) : 'reference'
					]
				: [cellById(r.cell).short, `${r.status}: ${r.message}`]
		)
	];
	const work =
		result.flops === undefined
			? 'work not counted: a dim known only at run time'
			: `${multiplyAddCount(result.flops / 2)} multiply-adds a run`;
	process.stdout.write(
		`${values.model} (${work}) on ${'vendor' in env.webgpu ? `${env.webgpu.vendor} ${env.webgpu.architecture}` : env.webgpu.missing}, cross-origin isolated: ${env.crossOriginIsolated}\n`
	);
	process.stdout.write(formatTable(lines));
	printFirstRuns(result.rows);
	printProfiles(result.rows);
	const peak = result.gpuPeak;
	if (peak)
		process.stdout.write(
			'missing' in peak
				? `\nWebGPU matmul rate not measured: ${peak.missing}\n`
				: `\nWebGPU matmul rate (the peak above): ${peak.gflops.toFixed(1)} GFLOP/s, ${peak.dispatches} products of ${peak.size}x${peak.size} float32 matrices in ${peak.ms.toFixed(0)} ms\n`
		);
	process.stdout.write(
		'\nclaims of the framework comparison, judged on this run (details: /notes):\n'
	);
	const width = Math.max(...result.verdicts.map((v) => v.claim.length));
	for (const v of result.verdicts)
		process.stdout.write(`${v.claim.padEnd(width)}  ${v.verdict.kind}: ${v.verdict.why}\n`);
}

/**
 * A model given as a path (model.json or .onnx) is served beside the app, and the bench page opens it
 * by URL as the page opens any user's model.
 */
const MODEL_MOUNT = '/user-model/';
const modelPath = resolve(values.model!);
const userModel = /\.(json|onnx)$/i.test(values.model!) || existsSync(modelPath);
if (userModel && !(existsSync(modelPath) && statSync(modelPath).isFile()))
	refuse(`${values.model}: no such file (give a model.json or an .onnx file)`);
const mounts: Record<string, string> = userModel
	? { '/': join(root, 'build'), [MODEL_MOUNT]: dirname(modelPath) }
	: { '/': join(root, 'build') };
await withAppPage(mounts, PORT, async (page, origin) => {
	const query = new URLSearchParams({
		model: userModel
			? `url:${MODEL_MOUNT}${encodeURIComponent(basename(modelPath))}`
			: values.model!,
		...(values.frameworks !== undefined && { frameworks: values.frameworks }),
		...(values.backends !== undefined && { backends: values.backends }),
		...(values.cells !== undefined && { cells: values.cells }),
		warmup: values.warmup!,
		runs: values.runs!,
		seconds: values.seconds!,
		overhead: values.overhead ? '1' : '0',
		'first-runs': values['first-runs'] === 'no' ? '0' : '1',
		profile: values.profile === 'no' ? '0' : '1',
		'pair-frameworks': values['pair-frameworks'] === 'no' ? '0' : '1',
		'runtime-image': values['runtime-image'] === 'no' ? '0' : '1',
		reference: values.reference!,
		optimization: values.optimization!,
		'optimization-baseline': values['optimization-baseline']!
	});
	for (const [name, value] of settings) query.append(name, value);
	await page.goto(`${origin}/bench?${query}`);
	await page.waitForFunction(() => '__twinferBench' in window, undefined, { timeout: 1_800_000 });
	const outcome = await page.evaluate(
		() => (window as unknown as { __twinferBench: BenchOutcome }).__twinferBench
	);
	if ('error' in outcome) {
		process.stderr.write(`bench: ${outcome.error}\n`);
		process.exitCode = 2;
	} else {
		print(outcome);
		if (values.json) writeFileSync(values.json, JSON.stringify(outcome, null, 1));
		writeReport?.(reportFromBench(outcome, new Date(), values.label));
	}
});

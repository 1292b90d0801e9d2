// `npm run soak -- --model <id> [--runs N] [--switches M] [--cells ort-wasm,tfjs-wasm] [--other <id>]
// [--build]`: serves the built app (built again when its sources changed), runs every cell N times
// in headless Chromium (500 on WASM and WebGL, 100 on WebGPU) and switches the model M times (20) to
// another and back, then prints what each cell held before and after, the page's heap and the
// workers alive; exits 1 when anything grew after warm-up beyond its tolerance or outlived its model.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { withAppPage } from './lib/app-page.js';
import {
	DEFAULT_SWITCHES,
	GPU_GROWTH,
	GPU_PROCESS_GROWTH,
	HEAP_GROWTH,
	HEAP_SLACK_BYTES,
	soak,
	TENSOR_GROWTH,
	THREADS,
	WASM_GROWTH,
	type Moments,
	type SoakResult
} from './lib/soak.js';
import { buildAppIfStale } from './lib/stale.js';
import { formatTable } from './lib/table.js';
import { mb } from '../src/lib/format.js';
import type { MemoryUse } from '../src/lib/worker/memory-tap.js';

const PORT = 4322;
const CELLS = ['ort-wasm', 'ort-webgpu', 'ort-webgl', 'tfjs-wasm', 'tfjs-webgpu', 'tfjs-webgl'];
/** Models switched to when none is named: small ones that every cell runs. */
const OTHERS = ['blazeface', 'selfie'];
const root = resolve(import.meta.dirname, '..');
const models = readdirSync(join(root, 'models'))
	.filter((f) => f.endsWith('.card.json'))
	.map((f) => f.replace('.card.json', ''));

const { values } = parseArgs({
	options: {
		model: { type: 'string' },
		runs: { type: 'string' },
		switches: { type: 'string', default: String(DEFAULT_SWITCHES) },
		cells: { type: 'string', default: CELLS.join(',') },
		other: { type: 'string' },
		build: { type: 'boolean', default: false }
	}
});

function usage(problem: string): never {
	process.stderr.write(
		`soak: ${problem}\nusage: npm run soak -- --model <${models.join('|')}> [--runs N] [--switches M] [--cells ${CELLS.join(',')}] [--other <model>] [--build]\n`
	);
	process.exit(2);
}

const count = (name: string, text: string | undefined) => {
	const n = Number(text);
	if (!Number.isInteger(n) || n < 0) usage(`--${name} takes a whole number, not "${text}"`);
	return n;
};
const model = values.model ?? usage('which model? (--model)');
if (!models.includes(model)) usage(`no built-in model "${model}"`);
const cells = values.cells!.split(',').filter(Boolean);
const unknown = cells.filter((c) => !CELLS.includes(c));
if (unknown.length || !cells.length) usage(`cells are some of ${CELLS.join(', ')}`);
const other = values.other ?? OTHERS.find((m) => m !== model)!;
if (!models.includes(other) || other === model)
	usage(`--other must be another built-in model than ${model}`);
const runs = values.runs === undefined ? undefined : count('runs', values.runs);
const switches = count('switches', values.switches);

buildAppIfStale(root, 'index.html', values.build ?? false);

/** "12.0 -> 12.0 MB": one figure before and after, blank where the cell has none. */
function change(before: MemoryUse, after: MemoryUse, key: keyof MemoryUse): string {
	const [a, b] = [before[key], after[key]];
	if (a === undefined || b === undefined) return '';
	return key === 'tensors' ? `${a} -> ${b}` : `${(a / 1e6).toFixed(1)} -> ${mb(b)}`;
}

function print(result: SoakResult, minutes: number): void {
	const out = (line: string) => process.stdout.write(`${line}\n`);
	out(`${model} (switched to ${other} and back ${switches} times), ${minutes.toFixed(1)} min\n`);
	const lines = [
		['cell', 'runs (warm, end)', 'WASM', 'GPU', 'TF.js tensors', 'verdict'],
		...cells.map((cell) => {
			const c = result.cells.find((c) => c.cell === cell);
			if (!c) return [cell, '', '', '', '', 'did not finish its runs (see the problems)'];
			return [
				cell,
				`${c.runs.before}, ${c.runs.after}`,
				change(c.before, c.after, 'wasm'),
				change(c.before, c.after, 'gpu'),
				change(c.before, c.after, 'tensors'),
				c.grew.length ? `GREW: ${c.grew.join('; ')}` : 'steady'
			];
		})
	];
	process.stdout.write(formatTable(lines));
	const moments = (m: Moments, missing: string) =>
		(
			[
				[m.warm, 'warm'],
				[m.runs, 'after the runs'],
				[m.firstSwitch, `back on ${model} after the first switch`],
				[m.lastSwitch, 'after the last']
			] as const
		)
			.flatMap(([bytes, when]) => (bytes === undefined ? [] : [`${mb(bytes)} ${when}`]))
			.join(', ') || missing;
	out(`\npage heap: ${moments(result.heap, 'not measured')}`);
	out(`GPU process: ${moments(result.gpuProcess, 'not measured (read from /proc: Linux only)')}`);
	const workers = Object.entries(result.workers).map(
		([name, n]) => `${name === THREADS ? 'runtime threads (no name)' : name} ${n}`
	);
	out(`workers alive: ${workers.join(', ') || 'none'}`);
	out(
		`sessions alive: ${result.sessions} (a cell's worker, or the probe's, loads one model in its life)`
	);
	const growth = (f: number) => (f ? `${f * 100}%` : 'none');
	out(
		`growth allowed after warm-up: WASM memory ${growth(WASM_GROWTH)}, GPU memory ${growth(GPU_GROWTH)}, ` +
			`TF.js tensors ${growth(TENSOR_GROWTH)}, page heap ${mb(HEAP_SLACK_BYTES)} or ${growth(HEAP_GROWTH)}, ` +
			`GPU process ${growth(GPU_PROCESS_GROWTH)}`
	);
	if (result.problems.length) {
		out(`\n${result.problems.length} problems:`);
		for (const p of result.problems) out(`  ${p}`);
	} else out('\nno problems');
}

await withAppPage({ '/': join(root, 'build') }, PORT, async (page, app) => {
	const started = Date.now();
	const result = await soak(page, {
		app,
		model,
		other,
		cells,
		runs,
		switches,
		log: (line) =>
			process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s: ${line}\n`)
	});
	print(result, (Date.now() - started) / 60_000);
	if (result.problems.length) process.exitCode = 1;
});

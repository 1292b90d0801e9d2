// `npm run bench:convert`: how long the converter takes on each built-in model in Node: the first
// conversion in a fresh process (cold, as the page's one conversion in a fresh worker is), and the
// median of the runs after it. Each model runs in a process of its own (`--one <id>`).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertModel } from '../src/lib/convert/convert.js';
import { modelFilesFromDisk } from './lib/model-files.js';

const RUNS = Number(process.env.RUNS ?? 7);
const modelsDir = resolve(import.meta.dirname, '..', 'static', 'models');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function one(id: string): Promise<void> {
	const files = await modelFilesFromDisk(join(modelsDir, id, 'model.json'));
	const first = (await convertModel(files)).report.conversionMs;
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) times.push((await convertModel(files)).report.conversionMs);
	const cell = (ms: number, width: number) => ms.toFixed(0).padStart(width);
	process.stdout.write(
		`${id.padEnd(18)} ${cell(first, 9)} ${cell(median(times), 11)} ${cell(Math.min(...times), 8)}\n`
	);
}

const at = process.argv.indexOf('--one');
if (at > 0) await one(process.argv[at + 1]!);
else {
	process.stdout.write(
		`model               first ms   median ms   min ms   (first in a fresh process, then ${RUNS} runs; Node ${process.version})\n`
	);
	for (const id of readdirSync(modelsDir).sort())
		execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', id], {
			stdio: 'inherit'
		});
}

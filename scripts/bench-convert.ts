// `npm run bench:convert`: how long the converter takes on each built-in model in Node (median of runs).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertModel } from '../src/lib/convert/convert.js';
import { modelFilesFromDisk } from './lib/model-files.js';

const RUNS = Number(process.env.RUNS ?? 7);
const modelsDir = resolve(import.meta.dirname, '..', 'static', 'models');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

process.stdout.write(
	`model               median ms   min ms   (${RUNS} runs, first run excluded; Node ${process.version})\n`
);
for (const id of readdirSync(modelsDir).sort()) {
	const files = await modelFilesFromDisk(join(modelsDir, id, 'model.json'));
	await convertModel(files);
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) times.push((await convertModel(files)).report.conversionMs);
	process.stdout.write(
		`${id.padEnd(18)} ${median(times).toFixed(0).padStart(10)} ${Math.min(...times)
			.toFixed(0)
			.padStart(8)}\n`
	);
}

// `npm run bench:convert`: how long the converter takes on each built-in model in Node: the first
// run in this process (cold, as a user's one conversion in the page's worker is) and the median of
// the runs after it.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { convertModel } from '../src/lib/convert/convert.js';
import { modelFilesFromDisk } from './lib/model-files.js';

const RUNS = Number(process.env.RUNS ?? 7);
const modelsDir = resolve(import.meta.dirname, '..', 'static', 'models');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

process.stdout.write(
	`model               first ms   median ms   min ms   (then ${RUNS} runs; Node ${process.version})\n`
);
for (const id of readdirSync(modelsDir).sort()) {
	const files = await modelFilesFromDisk(join(modelsDir, id, 'model.json'));
	const first = (await convertModel(files)).report.conversionMs;
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) times.push((await convertModel(files)).report.conversionMs);
	process.stdout.write(
		`${id.padEnd(18)} ${first.toFixed(0).padStart(9)} ${median(times).toFixed(0).padStart(11)} ${Math.min(
			...times
		)
			.toFixed(0)
			.padStart(8)}\n`
	);
}

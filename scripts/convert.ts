// `npm run convert`: converts a TF.js graph model to ONNX from the command line.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { convertModel, DEFAULT_OPSET, type Target } from '../src/lib/convert/convert.js';
import { ConversionError } from '../src/lib/convert/errors.js';
import { modelFilesFromDisk } from './lib/model-files.js';
import { formatReport } from './lib/format-report.js';

const USAGE = `usage: npm run convert -- path/to/model.json -o out.onnx [--opset N] [--target any|webgl]
                  [--input-shape NAME=D,D,...] [--json]

  -o, --output   where to write the ONNX model (required)
  --opset N      ONNX opset, 13..17 (default ${DEFAULT_OPSET})
  --target T     "webgl" rewrites ops the WebGL backend lacks, where exact, and fails on the rest
  --input-shape  fixes an input's unknown dims, e.g. input=1,256,256,3 (repeatable)
  --json         print the conversion report as one JSON object on stdout`;

function usage(message: string): never {
	process.stderr.write(`${message}\n${USAGE}\n`);
	process.exit(2);
}

async function main(): Promise<void> {
	let parsed;
	try {
		parsed = parseArgs({
			allowPositionals: true,
			options: {
				output: { type: 'string', short: 'o' },
				opset: { type: 'string' },
				target: { type: 'string' },
				'input-shape': { type: 'string', multiple: true },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		usage((e as Error).message);
	}
	const { values, positionals } = parsed;
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	if (positionals.length !== 1) usage('give exactly one model.json');
	if (!values.output) usage('missing -o/--output');
	const opset = values.opset === undefined ? undefined : Number(values.opset);
	if (opset !== undefined && !Number.isInteger(opset))
		usage(`--opset must be an integer, got "${values.opset}"`);
	const target = (values.target ?? 'any') as Target;
	if (target !== 'any' && target !== 'webgl')
		usage(`--target must be "any" or "webgl", got "${values.target}"`);

	const inputShapes: Record<string, number[]> = {};
	for (const spec of values['input-shape'] ?? []) {
		const match = /^(.+)=(\d+(?:,\d+)*)$/.exec(spec);
		if (!match) usage(`--input-shape wants NAME=D,D,... (positive integers), got "${spec}"`);
		inputShapes[match[1]!] = match[2]!.split(',').map(Number);
	}

	try {
		const files = await modelFilesFromDisk(positionals[0]!);
		const { onnx, report } = await convertModel(files, { opset, target, inputShapes });
		await writeFile(values.output, onnx);
		if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
		else process.stdout.write(`${formatReport(report, values.output, onnx.byteLength)}\n`);
	} catch (e) {
		if (!(e instanceof ConversionError)) throw e;
		process.stderr.write(`error: ${e.message}\n`);
		process.exit(1);
	}
}

await main();

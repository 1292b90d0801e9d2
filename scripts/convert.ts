// `npm run convert`: converts a TF.js graph model to ONNX, or an ONNX model to a TF.js graph model, from the command line.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { convertModel, DEFAULT_OPSET, type Target } from '../src/lib/convert/convert.js';
import { ConversionError } from '../src/lib/convert/errors.js';
import { modelFilesFromDisk, onnxFilesFromDisk } from './lib/model-files.js';
import { formatReport, formatTfjsReport } from './lib/format-report.js';
import { convertOnnxModel } from '../src/lib/convert/to-tfjs/convert.js';
import { float16Twin, type Float16Report } from '../src/lib/convert/f16-twin.js';

const USAGE = `usage: npm run convert -- path/to/model.json -o out.onnx [--opset N] [--target any|webgl]
                  [--precision f32|f16] [--input-shape NAME=D,D,...] [--json]
       npm run convert -- path/to/model.onnx -o out/ [--input-shape NAME=D,D,...] [--json]

  The direction follows the input: model.json (TF.js) -> ONNX, model.onnx -> TF.js graph model.

  -o, --output   where to write the ONNX model, or the folder for model.json and its shards (required)
  --opset N      ONNX opset, 13..17 (default ${DEFAULT_OPSET})
  --target T     "webgl" rewrites ops the WebGL backend lacks, where exact, and fails on the rest
  --precision P  "f16" writes the float16 twin: weights and activations in half precision, inputs
                 and outputs float32 (ops without float16 kernels in onnxruntime stay float32)
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
				precision: { type: 'string' },
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
	if (positionals.length !== 1) usage('give exactly one model.json or model.onnx');
	if (!values.output) usage('missing -o/--output');
	const opset = values.opset === undefined ? undefined : Number(values.opset);
	if (opset !== undefined && !Number.isInteger(opset))
		usage(`--opset must be an integer, got "${values.opset}"`);
	const target = (values.target ?? 'any') as Target;
	if (target !== 'any' && target !== 'webgl')
		usage(`--target must be "any" or "webgl", got "${values.target}"`);

	const precision = values.precision ?? 'f32';
	if (precision !== 'f32' && precision !== 'f16')
		usage(`--precision must be "f32" or "f16", got "${values.precision}"`);

	const inputShapes: Record<string, number[]> = {};
	for (const spec of values['input-shape'] ?? []) {
		const match = /^(.+)=(\d+(?:,\d+)*)$/.exec(spec);
		if (!match) usage(`--input-shape wants NAME=D,D,... (positive integers), got "${spec}"`);
		inputShapes[match[1]!] = match[2]!.split(',').map(Number);
	}

	try {
		if (positionals[0]!.toLowerCase().endsWith('.onnx')) {
			if (
				values.opset !== undefined ||
				values.target !== undefined ||
				values.precision !== undefined
			)
				usage('--opset, --target and --precision apply to TF.js -> ONNX only');
			await toTfjs(positionals[0]!, values.output, inputShapes, values.json ?? false);
			return;
		}
		const files = await modelFilesFromDisk(positionals[0]!);
		const { onnx: plain, report } = await convertModel(files, { opset, target, inputShapes });
		const twin = precision === 'f16' ? float16Twin(plain) : undefined;
		const onnx = twin?.bytes ?? plain;
		await writeFile(values.output, onnx);
		const f16 = twin && { ...twin.report, f32Bytes: plain.byteLength };
		if (values.json)
			process.stdout.write(`${JSON.stringify({ ...report, ...(f16 && { f16 }) })}\n`);
		else
			process.stdout.write(
				`${formatReport(report, values.output, onnx.byteLength)}\n${f16 ? `${describeFloat16(f16)}\n` : ''}`
			);
	} catch (e) {
		if (!(e instanceof ConversionError)) throw e;
		process.stderr.write(`error: ${e.message}\n`);
		process.exit(1);
	}
}

/** What the float16 twin changed, in a line. */
function describeFloat16(r: Float16Report & { f32Bytes: number }): string {
	const kept = Object.entries(r.float32Ops).map(([op, n]) => `${op} ×${n}`);
	return `float16 twin (from ${r.f32Bytes} bytes): ${r.tensors} weight tensors (${r.elements} values) in half precision, ${r.casts} casts${kept.length ? `; in float32: ${kept.join(', ')}` : ''}${r.saturated ? `; ${r.saturated} values beyond ±65504 held there` : ''}`;
}

/** ONNX -> TF.js: writes model.json and its shards into the folder `out`. */
async function toTfjs(
	path: string,
	out: string,
	inputShapes: Record<string, number[]>,
	json: boolean
): Promise<void> {
	const result = await convertOnnxModel(await onnxFilesFromDisk(path), { inputShapes });
	await mkdir(out, { recursive: true });
	await writeFile(join(out, 'model.json'), JSON.stringify(result.modelJson));
	for (const shard of result.shards) await writeFile(join(out, shard.path), shard.bytes);
	if (json) process.stdout.write(`${JSON.stringify(result.report)}\n`);
	else process.stdout.write(`${formatTfjsReport(result.report, out)}\n`);
}

await main();

// ONNX's own conformance cases (tests/data/onnx-node, copied by scripts/onnx-node-cases.ts: per-op cases, and models
// PyTorch's exporter wrote): each model is converted to TF.js, run on TF.js's CPU backend with the case's inputs,
// and must give the expected outputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clone, fromBinary, toBinary } from '@bufbuild/protobuf';
import { afterAll, chai, describe, expect, it } from 'vitest';
import { ConversionError } from '../../../src/lib/convert/errors.js';
import {
	ModelProtoSchema,
	TensorProtoSchema,
	type ModelProto,
	type TensorProto
} from '../../../src/lib/convert/onnx/onnx_pb.js';
import type { ConstTensor } from '../../../src/lib/convert/tensor.js';
import { concatBytes } from '../../../src/lib/convert/tfjs/weights.js';
import { convertOnnxModel } from '../../../src/lib/convert/to-tfjs/convert.js';
import { ONNX_HANDLERS } from '../../../src/lib/convert/to-tfjs/handlers/index.js';
import { decodeTensor } from '../../../src/lib/convert/to-tfjs/tensor-proto.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { loadTfjs, tf } from '../../helpers/reference-runtimes.js';

interface CaseList {
	source: string;
	cases: { case: string; op: string }[];
	skipped: { case: string; op: string; reason: string }[];
}

/** Float outputs agree when the largest difference is within this fraction of the output's peak |value|. */
const TOLERANCE = 1e-4;

// A failure shows the whole outcome (the converter's message, or every output that differs), not its first 40 characters.
chai.config.truncateThreshold = 0;

const dataDir = join(import.meta.dirname, '..', '..', 'data', 'onnx-node');
const list = JSON.parse(readFileSync(join(dataDir, 'cases.json'), 'utf8')) as CaseList;
const outOfScope = JSON.parse(
	readFileSync(join(import.meta.dirname, 'out-of-scope.json'), 'utf8')
) as Record<string, string>;

/** 'passed', or 'refused: <the ConversionError's message>', or 'failed: <how the outputs differ>'. */
type Outcome = string;

/** input_0.pb, input_1.pb, ... (or output_N.pb) of the case's first data set. */
function readProtos(dir: string, prefix: 'input' | 'output'): TensorProto[] {
	const protos: TensorProto[] = [];
	for (let i = 0; ; i++) {
		const file = join(dir, 'test_data_set_0', `${prefix}_${i}.pb`);
		if (!existsSync(file)) return protos;
		protos.push(fromBinary(TensorProtoSchema, readFileSync(file)));
	}
}

/**
 * ONNX's cases feed every input, weights and axes included; real models hold those as initializers, which the
 * converter needs for some (a kernel, Squeeze's axes, Resize's scales). These are the graph inputs that no node
 * reads as its first input.
 */
function parameterInputs(model: ModelProto): Set<string> {
	const data = new Set(model.graph!.node.map((n) => n.input[0]));
	return new Set(model.graph!.input.map((v) => v.name).filter((name) => !data.has(name)));
}

/** The model with `names` made initializers holding the case's values for them. */
function withInitializers(
	model: ModelProto,
	names: Set<string>,
	values: Map<string, TensorProto>
): Uint8Array {
	const copy = clone(ModelProtoSchema, model);
	const graph = copy.graph!;
	for (const name of names) graph.initializer.push({ ...values.get(name)!, name });
	graph.input = graph.input.filter((v) => !names.has(v.name));
	return toBinary(ModelProtoSchema, copy);
}

/** The case converted with every input fed at run time or, when the converter refuses that, its parameters held as initializers. */
async function convertCase(name: string, model: ModelProto, values: Map<string, TensorProto>) {
	const convert = (onnx: Uint8Array) => convertOnnxModel({ onnx, file: `${name}/model.onnx` });
	try {
		return await convert(toBinary(ModelProtoSchema, model));
	} catch (e) {
		const parameters = new Set([...parameterInputs(model)].filter((n) => values.has(n)));
		if (!(e instanceof ConversionError) || parameters.size === 0) throw e;
		return await convert(withInitializers(model, parameters, values));
	}
}

/** A feed as TF.js takes it: int64 narrowed to int32. */
function feed(t: ConstTensor): tf.Tensor {
	if (t.dtype === 'int64')
		return tf.tensor(Int32Array.from(t.data as BigInt64Array, Number), t.shape, 'int32');
	return tf.tensor(
		t.data as Float32Array | Int32Array | Uint8Array,
		t.shape,
		t.dtype as tf.DataType
	);
}

/** Float values: NaN and infinities where ONNX has them, the rest within TOLERANCE of the peak. */
function floatProblem(want: Float32Array, got: Float32Array): string | undefined {
	const finite: number[] = [];
	for (let i = 0; i < want.length; i++) {
		if (Number.isFinite(want[i]) && Number.isFinite(got[i])) finite.push(i);
		else if (!Object.is(want[i], got[i])) return `element ${i}: expected ${want[i]}, got ${got[i]}`;
	}
	const a = tensorAgreement(
		finite.map((i) => want[i]!),
		finite.map((i) => got[i]!)
	);
	if (a.maxAbs <= TOLERANCE * a.peak) return undefined;
	const at = finite[a.maxAbsIndex]!;
	return `element ${at}: expected ${want[at]}, got ${got[at]} (peak ${a.peak})`;
}

/** Why `got` is not ONNX's expected output, or undefined when it is. */
function outputProblem(want: ConstTensor, got: tf.Tensor): string | undefined {
	const dtype = want.dtype === 'int64' ? 'int32' : want.dtype;
	if (got.dtype !== dtype) return `dtype ${got.dtype}, expected ${dtype}`;
	if (got.shape.join() !== want.shape.join())
		return `shape [${got.shape}], expected [${want.shape}]`;
	const values = got.dataSync();
	if (dtype === 'float32') return floatProblem(want.data as Float32Array, values as Float32Array);
	const expected = Array.from(want.data as ArrayLike<number | bigint>, Number);
	const i = expected.findIndex((v, k) => v !== values[k]);
	return i < 0 ? undefined : `element ${i}: expected ${expected[i]}, got ${values[i]}`;
}

async function runCase(name: string): Promise<Outcome> {
	const dir = join(dataDir, name);
	const model = fromBinary(ModelProtoSchema, readFileSync(join(dir, 'model.onnx')));
	const known = new Set(model.graph!.initializer.map((t) => t.name));
	const inputNames = model.graph!.input.map((v) => v.name).filter((n) => !known.has(n));
	const inputs = readProtos(dir, 'input');
	const values = new Map(inputNames.map((n, i) => [n, inputs[i]!]));
	let converted;
	try {
		converted = await convertCase(name, model, values);
	} catch (e) {
		if (e instanceof ConversionError) return `refused: ${e.message}`;
		throw e;
	}
	const { modelJson, shards, report } = converted;
	const tfModel = await loadTfjs(modelJson, concatBytes(shards.map((s) => s.bytes)));
	const feeds = Object.fromEntries(
		report.inputs.map((info) => [info.name, feed(decodeTensor(values.get(info.name)!, info.name))])
	);
	const expected = readProtos(dir, 'output').map((t, i) => decodeTensor(t, `output ${i}`));
	try {
		const result = tfModel.execute(
			feeds,
			report.outputs.map((o) => o.name)
		);
		const outputs = Array.isArray(result) ? result : [result];
		const problems = report.outputs.flatMap((o, i) => {
			const problem = outputProblem(expected[i]!, outputs[i]!);
			return problem ? [`${o.name}: ${problem}`] : [];
		});
		tf.dispose(outputs);
		return problems.length ? `failed: ${problems.join('; ')}` : 'passed';
	} catch (e) {
		return `failed: TF.js: ${(e as Error).message}`;
	} finally {
		tf.dispose(Object.values(feeds));
		tfModel.dispose();
	}
}

const tally = new Map<string, { passed: number; total: number; outOfScope: number }>(
	Object.keys(ONNX_HANDLERS).map((op) => [op, { passed: 0, total: 0, outOfScope: 0 }])
);

describe(`ONNX node cases (${list.source})`, () => {
	it('names only copied cases as out of scope', () => {
		const copied = new Set(list.cases.map((c) => c.case));
		expect(Object.keys(outOfScope).filter((name) => !copied.has(name))).toEqual([]);
	});

	it.each(list.cases.map((c) => [c.case, c.op] as const))('%s', async (name, op) => {
		const counts = tally.get(op) ?? { passed: 0, total: 0, outOfScope: 0 };
		tally.set(op, counts);
		counts.total++;
		const reason = outOfScope[name];
		const outcome = await runCase(name);
		if (reason === undefined) {
			expect(outcome).toBe('passed');
			counts.passed++;
			return;
		}
		counts.outOfScope++;
		// Out of scope (the reason says why): it must still be refused or differ, never pass unnoticed.
		expect(outcome, `out of scope (${reason}), but it passes: take it off the list`).not.toBe(
			'passed'
		);
	});

	afterAll(() => {
		const lines = [...tally]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([op, n]) => `${op}: ${n.passed}/${n.total} (out of scope ${n.outOfScope})`);
		const skipped = list.skipped.map((s) => `skipped ${s.case} (${s.op}): ${s.reason}`);
		console.log([...lines, ...skipped].join('\n'));
	});
});

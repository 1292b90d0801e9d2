// Bad input gets one clear error naming the file and the problem; good variants (gzip, groups, quantized) convert.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	convertGraphModel,
	convertModel,
	type ModelFiles
} from '../../../src/lib/convert/convert.js';
import { ConversionError, UnsupportedOpsError } from '../../../src/lib/convert/errors.js';
import type { GraphModelJson } from '../../../src/lib/convert/tfjs/model-json.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { buildCase, type OpCase } from '../ops/case-model.js';

const conv: OpCase = {
	name: 'conv',
	op: '_FusedConv2D',
	attrs: {
		strides: [1, 1, 1, 1],
		padding: 'SAME',
		data_format: 'NHWC',
		dilations: [1, 1, 1, 1],
		fused_ops: ['BiasAdd', 'Relu'],
		num_args: 1
	},
	inputs: [
		{ shape: [1, 5, 5, 3] },
		{ shape: [3, 3, 3, 4], const: true },
		{ shape: [4], const: true }
	]
};

function files(
	model: unknown,
	shards: Record<string, Uint8Array>,
	text = JSON.stringify(model)
): ModelFiles {
	return {
		modelJson: new TextEncoder().encode(text),
		modelFile: 'model.json',
		readFile: async (path) => {
			const shard = shards[path];
			if (!shard) throw new Error('file not found');
			return shard;
		}
	};
}

async function failure(promise: Promise<unknown>): Promise<ConversionError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ConversionError);
	return error as ConversionError;
}

describe('bad model.json', () => {
	it('not JSON', async () => {
		const e = await failure(convertModel(files(null, {}, '{"modelTopology": ')));
		expect(e.message).toMatch(/^model\.json: not JSON/);
	});
	it('a layers model', async () => {
		const e = await failure(convertModel(files({ format: 'layers-model', modelTopology: {} }, {})));
		expect(e.message).toBe(
			'model.json: is a TF.js layers model; only graph models (format "graph-model") convert: make one with tensorflowjs_converter --input_format=tfjs_layers_model --output_format=tfjs_graph_model'
		);
	});
	it('no graph', async () => {
		const e = await failure(
			convertModel(files({ format: 'graph-model', weightsManifest: [] }, {}))
		);
		expect(e.message).toBe('model.json: modelTopology.node is missing; not a TF.js graph model');
	});
	it('not UTF-8', async () => {
		const bad: ModelFiles = { ...files(null, {}), modelJson: Uint8Array.from([0xff, 0xfe, 0x00]) };
		const e = await failure(convertModel(bad));
		expect(e.message).toMatch(/^model\.json: cannot read as UTF-8 or gzip/);
	});
	it('an input a node reads is missing', async () => {
		const { model, weights } = buildCase(conv, 1);
		model.modelTopology.node.at(-1)!.input![1] = 'nowhere';
		const e = await failure(convertModel(files(model, { 'weights.bin': weights })));
		expect(e.message).toBe('model.json: node "n0" reads "nowhere", which is not in the graph');
	});
});

describe('bad weights', () => {
	const { model, weights } = buildCase(conv, 1);
	it('a missing shard', async () => {
		const e = await failure(convertModel(files(model, {})));
		expect(e.message).toBe('weights.bin: weight shard cannot be read (file not found)');
	});
	it('a short shard', async () => {
		const e = await failure(
			convertModel(files(model, { 'weights.bin': weights.subarray(0, 100) }))
		);
		expect(e.message).toMatch(
			/weight "in1" in weightsManifest\[0\] \(weights\.bin\): needs bytes 0\.\.432 but the shards hold 100 \(short or missing shard\)/
		);
	});
	it('a shard with bytes the manifest does not describe', async () => {
		const longer = new Uint8Array(weights.byteLength + 8);
		longer.set(weights);
		const e = await failure(convertModel(files(model, { 'weights.bin': longer })));
		expect(e.message).toBe(
			`model.json: weightsManifest[0] (weights.bin) holds ${weights.byteLength + 8} bytes but its weights describe ${weights.byteLength}`
		);
	});
	it('an unknown dtype', async () => {
		const odd = structuredClone(model);
		odd.weightsManifest[0]!.weights[0]!.dtype = 'complex64';
		const e = await failure(convertModel(files(odd, { 'weights.bin': weights })));
		expect(e.message).toBe(
			'weight "in1" in weightsManifest[0] (weights.bin): unknown dtype "complex64"'
		);
	});
	it('a Const without weights', async () => {
		const odd = structuredClone(model);
		odd.weightsManifest[0]!.weights.pop();
		const e = await failure(convertModel(files(odd, { 'weights.bin': weights.subarray(0, 432) })));
		expect(e.message).toBe('Const node "in2" has no entry in the weights manifest');
	});
});

describe('unsupported ops', () => {
	it('lists every unsupported op with its nodes, in one error', async () => {
		const { model, weights } = buildCase(conv, 1);
		const nodes = model.modelTopology.node;
		nodes.push(
			{ name: 'loop/a', op: 'TensorListReserve', input: ['n0'] },
			{ name: 'loop/b', op: 'TensorListReserve', input: ['loop/a'] }
		);
		nodes.push({ name: 'nms', op: 'NonMaxSuppressionV5', input: ['loop/b'] });
		model.signature = { outputs: { nms: { name: 'nms:0' } } };
		const e = await failure(convertModel(files(model, { 'weights.bin': weights })));
		expect(e).toBeInstanceOf(UnsupportedOpsError);
		expect(e.message).toBe(
			'unsupported ops: NonMaxSuppressionV5 (1 node: nms); TensorListReserve (2 nodes: loop/a, loop/b)'
		);
	});
	it('a WebGL target lists the ops WebGL lacks', async () => {
		const topk: OpCase = {
			name: 'topk',
			op: 'TopKV2',
			attrs: { sorted: true },
			inputs: [{ shape: [8] }, { shape: [], dtype: 'int32', values: [3], const: true }]
		};
		const { model, weights } = buildCase(topk, 1);
		const e = await failure(
			convertModel(files(model, { 'weights.bin': weights }), { target: 'webgl' })
		);
		expect(e.message).toBe('unsupported on webgl: TopK (1 node)');
	});
	it('an opset outside 13..17', async () => {
		const { model, weights } = buildCase(conv, 1);
		const e = await failure(convertModel(files(model, { 'weights.bin': weights }), { opset: 9 }));
		expect(e.message).toBe('opset 9 is not supported; choose 13..17');
	});
});

/** Converts a model and checks it against TF.js on the same input. */
async function agreesWithTfjs(
	model: GraphModelJson,
	shards: Record<string, Uint8Array>,
	json?: Uint8Array
) {
	const source = files(model, shards);
	const { onnx } = await convertModel(json ? { ...source, modelJson: json } : source);
	const built = buildCase(conv, 1);
	const joined = new Uint8Array(
		Buffer.concat(model.weightsManifest.flatMap((g) => g.paths.map((p) => shards[p]!)))
	);
	const tfModel = await loadTfjs(model, joined);
	const feed = built.feeds[0]!;
	const expected = (
		tfModel.execute({ [feed.name]: tf.tensor(feed.data, feed.shape) }, 'n0') as tf.Tensor
	).dataSync();
	const session = await ort.InferenceSession.create(onnx);
	const actual = (
		await session.run({
			[feed.name]: new ort.Tensor('float32', feed.data as Float32Array, feed.shape)
		})
	).n0!.data;
	return tensorAgreement(expected as Float32Array, actual as Float32Array);
}

describe('weights that convert', () => {
	it('a gzipped model.json', async () => {
		const { model, weights } = buildCase(conv, 1);
		const a = await agreesWithTfjs(
			model,
			{ 'weights.bin': weights },
			gzipSync(JSON.stringify(model))
		);
		expect(a.relToPeak).toBeLessThan(1e-6);
	});
	it('weights spread over two groups and three shards', async () => {
		const { model, weights } = buildCase(conv, 1);
		const [filter, bias] = model.weightsManifest[0]!.weights;
		model.weightsManifest = [
			{ paths: ['a.bin', 'b.bin'], weights: [filter!] },
			{ paths: ['c.bin'], weights: [bias!] }
		];
		const shards = {
			'a.bin': weights.subarray(0, 200),
			'b.bin': weights.subarray(200, 432),
			'c.bin': weights.subarray(432)
		};
		expect((await agreesWithTfjs(model, shards)).relToPeak).toBeLessThan(1e-6);
	});
	it.each(['uint8', 'uint16', 'float16'] as const)(
		'%s-quantized weights, dequantized as TF.js does',
		async (dtype) => {
			const { model, weights } = buildCase(conv, 1);
			const entry = model.weightsManifest[0]!.weights[0]!;
			const values = new Float32Array(
				weights.buffer.slice(weights.byteOffset, weights.byteOffset + 432)
			);
			const min = Math.min(...values);
			const scale = (Math.max(...values) - min) / (dtype === 'uint8' ? 255 : 65535);
			const quantized =
				dtype === 'float16'
					? new Uint8Array(Uint16Array.from(values, toFloat16).buffer)
					: dtype === 'uint8'
						? Uint8Array.from(values, (v) => Math.round((v - min) / scale))
						: new Uint8Array(Uint16Array.from(values, (v) => Math.round((v - min) / scale)).buffer);
			entry.quantization = dtype === 'float16' ? { dtype } : { dtype, scale, min };
			const shard = new Uint8Array(Buffer.concat([quantized, weights.subarray(432)]));
			expect((await agreesWithTfjs(model, { 'weights.bin': shard })).relToPeak).toBeLessThan(1e-6);
		}
	);
	it('an int32 weight quantized as uint8 is rounded like TF.js', async () => {
		const reshape: OpCase = {
			name: 'reshape',
			op: 'Reshape',
			inputs: [{ shape: [2, 6] }, { shape: [2], dtype: 'int32', values: [3, 4], const: true }]
		};
		const { model } = buildCase(reshape, 1);
		model.weightsManifest[0]!.weights[0]!.quantization = { dtype: 'uint8', scale: 0.49, min: 1.04 };
		// 4 * 0.49 + 1.04 = 3.0 and 6 * 0.49 + 1.04 = 3.98 -> 4 after rounding.
		const { report } = await convertModel(files(model, { 'weights.bin': Uint8Array.from([4, 6]) }));
		expect(report.outputs[0]!.shape).toEqual([3, 4]);
	});
});

describe('the report', () => {
	it('counts ops, nodes, bytes and names inputs and outputs', async () => {
		const { model, weights } = buildCase(conv, 1);
		const { report } = await convertGraphModel(model, {
			modelFile: 'm.json',
			readFile: async () => weights
		});
		expect(report.opsIn).toEqual({ Const: 2, Placeholder: 1, _FusedConv2D: 1 });
		expect(report.opsOut).toEqual({ Conv: 1, Relu: 1, Transpose: 2 });
		expect(report.transposesAdded).toEqual({ edge: 2, inside: 0 });
		expect(report.inputs).toEqual([{ name: 'in0', dtype: 'float32', shape: [1, 5, 5, 3] }]);
		expect(report.outputs).toEqual([{ name: 'n0', dtype: 'float32', shape: [1, 5, 5, 4] }]);
		expect(report.weightBytes).toBe(448);
		expect(report.initializerBytes).toBe(448);
		expect(report.opset).toBe(13);
		expect(report.rewrites).toEqual([
			{ op: '_FusedConv2D', how: 'Conv with its bias, then Relu', nodes: 1 }
		]);
		expect(report.irVersion).toBe(8);
	});
});

/** float32 -> IEEE half bits (round to nearest even), for building float16 test weights. */
function toFloat16(value: number): number {
	const f32 = new Float32Array([value]);
	const bits = new Uint32Array(f32.buffer)[0]!;
	const sign = (bits >>> 16) & 0x8000;
	const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
	const mantissa = bits & 0x7fffff;
	if (exponent <= 0)
		return sign | (Math.round((mantissa | 0x800000) / 2 ** (14 - exponent)) & 0x3ff);
	const rounded = Math.round(mantissa / 8192);
	return sign | ((exponent << 10) + rounded);
}

// Opening a model as the page's worker does, here in Node: the twins of a built-in model's files are
// byte-identical to the CLI's, an ONNX file gives its signature, and bad files get a message that
// names the file and the problem.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { guessChoices } from '../../../src/lib/open/choices.js';
import { fileSet } from '../../../src/lib/open/files.js';
import { countWork, prepareModel } from '../../../src/lib/open/prepare.js';
import {
	ModelProtoSchema,
	StringStringEntryProtoSchema,
	TensorProto_DataLocation
} from '../../../src/lib/convert/onnx/onnx_pb.js';
import { card, manifest, modelsDir, TFJS_BORN } from '../../helpers/artifacts.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { buildCase } from '../to-tfjs/onnx-case.js';
import {
	builtInFiles,
	fileSetOf,
	OCR_DETECTION,
	OCR_DIRECTION,
	zooFiles
} from '../../helpers/user-models.js';

const bytesOf = (source: { bytes: Uint8Array } | { unavailable: string } | object) =>
	'bytes' in source ? Buffer.from(source.bytes) : undefined;

describe.each(TFJS_BORN)('%s opened from its TF.js files', (id) => {
	it('has the twins `npm run convert` writes, byte for byte, and the signature of its card', async () => {
		const stages: string[] = [];
		const model = await prepareModel(fileSetOf(builtInFiles(id)), {
			onProgress: (stage) => stages.push(stage)
		});
		expect(
			bytesOf(model.source.onnx)?.equals(readFileSync(join(modelsDir, id, 'model.onnx')))
		).toBe(true);
		const webgl = manifest(id).webglFile;
		if (webgl)
			expect(
				bytesOf(model.source.onnxWebgl)?.equals(readFileSync(join(modelsDir, id, webgl)))
			).toBe(true);
		else expect(model.source.onnxWebgl).toEqual({ unavailable: manifest(id).webglError });
		expect(model.signature.inputs.map((i) => i.name)).toEqual([card(id).input.name]);
		expect(model.source.outputs.sort()).toEqual(
			card(id)
				.outputs.map((o) => o.name)
				.sort()
		);
		expect(stages).toContain('converting nodes');
		expect(stages.at(-1)).toBe('ready');
	});
});

describe('the work of a model whose file leaves its batch open', () => {
	it('is not counted at opening, and is counted at the shapes the user chooses', async () => {
		const model = await prepareModel(fileSetOf(builtInFiles('emotion')));
		expect(model.signature.inputs[0]!.shape[0], 'a symbolic batch').not.toBeTypeOf('number');
		expect(model.multiplyAdds).toBeUndefined();
		const { inputs } = guessChoices(model);
		const shapes = Object.fromEntries(inputs.map((i) => [i.name, i.shape]));
		expect(shapes).toEqual({ input_1: [1, 64, 64, 1] });
		const onnx = model.source.onnx as { bytes: Uint8Array };
		// What `npm run models` counted for the built-in at the same shape.
		const counted = JSON.parse(
			readFileSync(join(modelsDir, 'emotion', 'manifest.json'), 'utf8')
		) as { multiplyAdds: number };
		expect(await countWork(onnx, shapes)).toBe(counted.multiplyAdds);
	});
});

describe('a model Twinfer does not build in', () => {
	it('antispoof (TF.js graph model of the package) converts, and is guessed NHWC 0..1', async () => {
		const model = await prepareModel(fileSetOf(await zooFiles('antispoof')));
		expect(model.name).toBe('antispoof');
		expect('bytes' in model.source.onnx).toBe(true);
		const [input] = guessChoices(model).inputs;
		expect(input).toMatchObject({ shape: [1, 128, 128, 3], image: { layout: 'NHWC' } });
		expect(input!.image!.scale[0]).toBeCloseTo(1 / 255);
	});

	it('PP-OCRv4 detection (ONNX from paddle2onnx) gives its signature and a TF.js twin; WebGL says why not', async () => {
		const model = await prepareModel(fileSetOf([OCR_DETECTION]));
		expect(model.format).toBe('onnx');
		expect(model.signature.inputs).toEqual([
			{
				name: 'x',
				dtype: 'float32',
				shape: [expect.anything(), 3, expect.anything(), expect.anything()]
			}
		]);
		expect('modelJson' in model.source.tfjs).toBe(true);
		expect(model.toTfjs?.transposesAdded).toEqual({ edge: 2, inside: 0 });
		expect(model.problems).toEqual([]);
		expect(model.source.onnxWebgl).toEqual({
			unavailable: expect.stringMatching(
				/^unsupported on webgl: HardSigmoid \(10 nodes\); a twin through TF\.js needs the inputs' sizes fixed$/
			)
		});
		const [input] = guessChoices(model).inputs;
		expect(input).toMatchObject({
			shape: [1, 3, 224, 224],
			image: { layout: 'NCHW', color: 'rgb' }
		});
		expect(input!.image!.offset[0]).toBeCloseTo(-123.675 / 58.395);
	});
});

/** A small valid graph model's files, to break one way at a time. */
function emotion(): Record<string, Uint8Array> {
	const [json, ...shards] = builtInFiles('emotion');
	return {
		'model.json': readFileSync(json!),
		...Object.fromEntries(shards.map((s) => [s.slice(s.lastIndexOf('/') + 1), readFileSync(s)]))
	};
}
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const emotionJson = () =>
	JSON.parse(new TextDecoder().decode(emotion()['model.json'])) as {
		modelTopology: { node: { name: string; op: string; input?: string[] }[] };
		weightsManifest: { paths: string[] }[];
	};

const BAD: [string, () => Record<string, Uint8Array>, RegExp][] = [
	[
		'no model among the files',
		() => ({ 'photo.jpg': new Uint8Array(3) }),
		/^photo\.jpg: no model here; open a TF\.js graph model/
	],
	[
		'two .onnx files',
		() => ({ 'a.onnx': new Uint8Array(1), 'b.onnx': new Uint8Array(1) }),
		/^a\.onnx, b\.onnx: open one \.onnx file at a time$/
	],
	[
		'model.json that is not JSON',
		() => ({ 'model.json': new TextEncoder().encode('{"modelTopology": ') }),
		/^model\.json: not JSON/
	],
	[
		'a layers model',
		() => ({ 'model.json': json({ format: 'layers-model', modelTopology: {} }) }),
		/^model\.json: is a TF\.js layers model; only graph models .* tensorflowjs_converter/
	],
	[
		'a missing shard',
		() => ({ 'model.json': emotion()['model.json']! }),
		/^model\.json: weight shard "[^"]+\.bin" is missing; pick it together with model\.json$/
	],
	[
		'a short shard',
		() => {
			const files = emotion();
			const shard = Object.keys(files).find((f) => f.endsWith('.bin'))!;
			return { ...files, [shard]: files[shard]!.slice(0, 1000) };
		},
		/short or missing shard/
	],
	[
		'an empty .onnx file',
		() => ({ 'model.onnx': new Uint8Array(0) }),
		/^model\.onnx: the file is empty$/
	],
	[
		'random bytes as .onnx',
		() => ({ 'model.onnx': Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251) }),
		/^model\.onnx: not an ONNX model/
	],
	[
		'a truncated .onnx file',
		() => ({ 'model.onnx': readFileSync(OCR_DIRECTION).subarray(0, 5000) }),
		/^model\.onnx: not an ONNX model/
	]
];

describe('bad files get one message naming the file and the problem', () => {
	it.each(BAD)('%s', async (_, files, message) => {
		await expect((async () => prepareModel(fileSet(files())))()).rejects.toThrow(message);
	});

	it('ops that do not convert: the TF.js cells still run it, the ONNX cells say which ops', async () => {
		const model = emotionJson();
		const node =
			model.modelTopology.node.find((n) => n.op === 'Relu') ?? model.modelTopology.node.at(-1)!;
		node.op = 'Atan';
		const prepared = await prepareModel(fileSet({ ...emotion(), 'model.json': json(model) }));
		expect(prepared.problems).toEqual([
			expect.stringMatching(/^model\.json: unsupported ops: Atan \(1 node: /)
		]);
		expect(prepared.source.onnx).toEqual({
			unavailable: expect.stringMatching(/^no ONNX twin: unsupported ops: Atan \(/)
		});
		expect('modelJson' in prepared.source.tfjs).toBe(true);
	});
});

describe('an ONNX file that keeps its weights in another file (external data)', () => {
	/** A Conv whose kernel lives in weights.bin, as exporters write models over 2 GB. */
	function external(): {
		onnx: Uint8Array;
		weights: Uint8Array;
		feed: { shape: number[]; data: Float32Array };
	} {
		const built = buildCase(
			{
				name: 'external',
				op: 'Conv',
				attrs: { pads: [1, 1, 1, 1] },
				inputs: [{ shape: [1, 3, 8, 8] }, { shape: [4, 3, 3, 3], const: true }]
			},
			5
		);
		const model = fromBinary(ModelProtoSchema, built.onnx);
		const kernel = model.graph!.initializer[0]!;
		const weights = kernel.rawData;
		kernel.rawData = new Uint8Array();
		kernel.dataLocation = TensorProto_DataLocation.EXTERNAL;
		kernel.externalData = [
			create(StringStringEntryProtoSchema, { key: 'location', value: 'weights.bin' }),
			create(StringStringEntryProtoSchema, { key: 'offset', value: '0' }),
			create(StringStringEntryProtoSchema, { key: 'length', value: String(weights.byteLength) })
		];
		const feed = built.feeds[0]!;
		return {
			onnx: toBinary(ModelProtoSchema, model),
			weights,
			feed: { shape: feed.shape, data: feed.data as Float32Array }
		};
	}

	it('picked together: the TF.js twin reads them and agrees with onnxruntime-node; the ORT cells get them too', async () => {
		const { onnx, weights, feed } = external();
		const model = await prepareModel(fileSet({ 'model.onnx': onnx, 'weights.bin': weights }));
		expect(model.problems).toEqual([]);
		expect(model.source.onnx).toMatchObject({ externalData: [{ path: 'weights.bin' }] });
		const twin = model.source.tfjs as { modelJson: Uint8Array; weights: Uint8Array };
		const tfjs = await loadTfjs(JSON.parse(new TextDecoder().decode(twin.modelJson)), twin.weights);
		const x = tf.tensor(feed.data, feed.shape);
		const [name] = model.signature.outputs.map((o) => o.name);
		const out = tfjs.execute({ in0: x }, name) as tf.Tensor;
		const got = out.dataSync() as Float32Array;
		tf.dispose([x, out]);
		tfjs.dispose();
		const dir = mkdtempSync(join(tmpdir(), 'twinfer-external-'));
		writeFileSync(join(dir, 'model.onnx'), onnx);
		writeFileSync(join(dir, 'weights.bin'), weights);
		const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
		const expected = (await session.run({ in0: new ort.Tensor('float32', feed.data, feed.shape) }))[
			name!
		]!;
		await session.release();
		const worst = Math.max(
			...Array.from(got, (v, i) => Math.abs(v - (expected.data as Float32Array)[i]!))
		);
		expect(worst).toBeLessThan(1e-5);
	});

	it('picked alone: one message naming the file it needs', async () => {
		const { onnx } = external();
		await expect(prepareModel(fileSet({ 'model.onnx': onnx }))).rejects.toThrow(
			'model.onnx: its weights are in "weights.bin", which was not picked with it; pick them together'
		);
	});
});

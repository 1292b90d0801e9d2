// The bad-input corpus: model files broken one way each, as a user might pick them, with the message
// each must produce. Built from the emotion model's TF.js files and its ONNX twin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
	ModelProtoSchema,
	StringStringEntryProtoSchema,
	TensorProto_DataLocation,
	type ModelProto
} from '../../../src/lib/convert/onnx/onnx_pb.js';
import type { GraphModelJson } from '../../../src/lib/convert/tfjs/model-json.js';
import { modelsDir } from '../../helpers/artifacts.js';

export interface BadFiles {
	name: string;
	/** The files, by name; `entry` is the one given to the converter. */
	files: Record<string, Uint8Array>;
	entry: string;
	/** The one line the converter must say (after "error: "). */
	message: RegExp;
}

const dir = join(modelsDir, 'emotion');
const text = (s: string) => new TextEncoder().encode(s);
const shard = () => new Uint8Array(readFileSync(join(dir, 'emotion.bin')));
const modelJson = () => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as GraphModelJson;

/** emotion's TF.js files with model.json changed by `edit` (and the shard by `bin`). */
function tfjs(
	name: string,
	message: RegExp,
	edit: (m: GraphModelJson) => unknown = (m) => m,
	bin: (b: Uint8Array) => Uint8Array | undefined = (b) => b
): BadFiles {
	const shardBytes = bin(shard());
	return {
		name,
		entry: 'model.json',
		files: {
			'model.json': text(JSON.stringify(edit(modelJson()))),
			...(shardBytes ? { 'emotion.bin': shardBytes } : {})
		},
		message
	};
}

/** emotion's ONNX twin changed by `edit`. */
function onnx(name: string, message: RegExp, edit: (m: ModelProto) => void): BadFiles {
	const model = fromBinary(ModelProtoSchema, readFileSync(join(dir, 'model.onnx')));
	edit(model);
	return {
		name,
		entry: 'model.onnx',
		files: { 'model.onnx': toBinary(ModelProtoSchema, model) },
		message
	};
}

const raw = (name: string, entry: string, bytes: Uint8Array, message: RegExp): BadFiles => ({
	name,
	entry,
	files: { [entry]: bytes },
	message
});

const firstConv = (m: GraphModelJson) => m.modelTopology.node.find((n) => n.op === '_FusedConv2D')!;
const twin = () => new Uint8Array(readFileSync(join(dir, 'model.onnx')));

export const BAD_FILES: BadFiles[] = [
	raw('empty model.json', 'model.json', new Uint8Array(), /^model\.json: the file is empty$/),
	raw('not JSON', 'model.json', text('{"modelTopology": '), /^model\.json: not JSON/),
	raw('JSON of the wrong shape', 'model.json', text('[1, 2, 3]'), /^model\.json: /),
	raw(
		'gzip that does not inflate',
		'model.json',
		Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3),
		/^model\.json: .*gzip/
	),
	tfjs('a layers model', /^model\.json: is a TF\.js layers model/, () => ({
		format: 'layers-model',
		modelTopology: {}
	})),
	tfjs(
		'a missing shard',
		/emotion\.bin.*(cannot be read|missing|not found)/,
		undefined,
		() => undefined
	),
	tfjs(
		'a short shard',
		/needs bytes \d+\.\.\d+ but the shards hold \d+ \(short or missing shard\)$/,
		undefined,
		(b) => b.subarray(0, b.byteLength - 100)
	),
	tfjs('an extra-long shard', /holds \d+ bytes but its weights describe \d+/, undefined, (b) =>
		Uint8Array.from([...b, 1, 2, 3, 4])
	),
	tfjs('an unknown dtype', /complex128|dtype/, (m) => {
		m.weightsManifest[0]!.weights[0]!.dtype = 'complex128';
		return m;
	}),
	tfjs('quantization without scale or min', /quantiz|scale|min/, (m) => {
		m.weightsManifest[0]!.weights[0]!.quantization = { dtype: 'uint8' };
		return m;
	}),
	tfjs(
		'a weight whose shape needs more bytes than exist',
		/needs bytes \d+\.\.\d+ but the shards hold \d+ \(short or missing shard\)$/,
		(m) => {
			m.weightsManifest[0]!.weights[0]!.shape = [3, 3, 128, 100];
			return m;
		}
	),
	tfjs(
		'an input naming a node that does not exist',
		/reads "nowhere", which is not in the graph/,
		(m) => {
			firstConv(m).input![0] = 'nowhere';
			return m;
		}
	),
	tfjs('a cycle', /cycle/, (m) => {
		const convs = m.modelTopology.node.filter((n) => n.op === '_FusedConv2D');
		convs[0]!.input![0] = convs[1]!.name;
		return m;
	}),
	tfjs(
		'an output naming a node that does not exist',
		/output "ghost" names no node in the graph/,
		(m) => {
			m.signature = { outputs: { 'ghost:0': { name: 'ghost:0' } } };
			return m;
		}
	),
	tfjs(
		'a Const node with no weight',
		/Const node "ghost" has no entry in the weights manifest/,
		(m) => {
			m.modelTopology.node.push({
				name: 'ghost',
				op: 'Const',
				attr: { dtype: { type: 'DT_FLOAT' } }
			});
			firstConv(m).input![1] = 'ghost';
			return m;
		}
	),
	tfjs('a manifest that names no shard', /needs bytes 0\.\.\d+ but the shards hold 0/, (m) => {
		m.weightsManifest[0]!.paths = [];
		return m;
	}),
	tfjs('an unsupported op', /^unsupported ops: Sparsemax \(1 node/, (m) => {
		m.modelTopology.node.find((n) => n.op === 'Softmax')!.op = 'Sparsemax';
		return m;
	}),
	raw(
		'ONNX: random bytes',
		'model.onnx',
		Uint8Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 251),
		/^model\.onnx: not an ONNX model/
	),
	raw('ONNX: truncated', 'model.onnx', twin().subarray(0, 3000), /^model\.onnx: not an ONNX model/),
	raw('ONNX: empty', 'model.onnx', new Uint8Array(), /^model\.onnx: the file is empty$/),
	onnx(
		'ONNX: an opset newer than supported',
		/^model\.onnx: opset 30 is not supported; the converter reads opsets 1 to 21$/,
		(m) => {
			m.opsetImport[0]!.version = 30n;
		}
	),
	onnx('ONNX: external data that is missing', /weights\.bin/, (m) => {
		const t = m.graph!.initializer[0]!;
		t.rawData = new Uint8Array();
		t.dataLocation = TensorProto_DataLocation.EXTERNAL;
		t.externalData = [
			create(StringStringEntryProtoSchema, { key: 'location', value: 'weights.bin' })
		];
	}),
	onnx(
		'ONNX: an IR version older than 3',
		/^model\.onnx: ONNX IR version 2 is older than 3/,
		(m) => {
			m.irVersion = 2n;
		}
	),
	onnx(
		'ONNX: a tensor shorter than its shape',
		/holds \d+ bytes, but shape \[[\d, ]+\] of FLOAT needs \d+/,
		(m) => {
			const t = m.graph!.initializer.find((i) => i.rawData.byteLength > 16)!;
			t.rawData = t.rawData.subarray(0, 8);
		}
	),
	onnx('ONNX: a string initializer', /STRING tensors are not supported/, (m) => {
		m.graph!.initializer[0]!.dataType = 8;
	}),
	onnx('ONNX: a dangling input', /reads "nowhere", which nothing produces/, (m) => {
		m.graph!.node[1]!.input[0] = 'nowhere';
	}),
	onnx('ONNX: no outputs', /^model\.onnx: the graph has no outputs$/, (m) => {
		m.graph!.output = [];
	}),
	onnx('ONNX: a cycle', /the graph has a cycle through node/, (m) => {
		const [a, b] = [m.graph!.node[1]!, m.graph!.node[2]!];
		a.input[0] = b.output[0]!;
	}),
	onnx('ONNX: an unknown op', /^unsupported ops: Sparsemax \(1 node/, (m) => {
		m.graph!.node.find((n) => n.opType === 'Softmax')!.opType = 'Sparsemax';
	}),
	onnx('ONNX: an unknown domain', /^unsupported ops: com\.example\.Softmax \(1 node/, (m) => {
		m.graph!.node.find((n) => n.opType === 'Softmax')!.domain = 'com.example';
	})
];

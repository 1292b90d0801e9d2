// Builds a small ONNX model in memory from an op case (one node, or a few chained), with the values to feed it.
import { create, toBinary } from '@bufbuild/protobuf';
import {
	AttributeProto_AttributeType as A,
	ModelProtoSchema,
	TensorProto_DataType as T,
	type TensorProto
} from '../../../src/lib/convert/onnx/onnx_pb.js';
import { rng } from '../../helpers/random-input.js';

export type CaseDType = 'float32' | 'int32' | 'int64' | 'bool';

export interface CaseInput {
	shape: number[];
	dtype?: CaseDType;
	/** Explicit values; otherwise seeded random values in `range` (default [-1, 1], ints [-10, 10]). */
	values?: number[];
	range?: [number, number];
	/** An initializer rather than a graph input. */
	const?: boolean;
	/** The shape the graph declares, when not `shape`: a name for a dim known only at run time. */
	dims?: (number | string)[];
}

/** number -> INT, number[] -> INTS, string -> STRING, { f } -> FLOAT, { floats } -> FLOATS, { tensor } -> TENSOR. */
export type CaseAttr =
	| number
	| number[]
	| string
	| { f: number }
	| { floats: number[] }
	| { tensor: { dtype: CaseDType; shape: number[]; values: number[] } };

export interface CaseNode {
	op: string;
	/** "in0".. (case inputs), "n0" / "n0:1" (earlier nodes' outputs), "" (an optional input left out). */
	inputs: string[];
	outputs?: number;
	attrs?: Record<string, CaseAttr>;
}

export interface OpCase {
	name: string;
	/** Default 17. */
	opset?: number;
	/** One node reading every input in order (null: an optional input left out)... */
	op?: string;
	attrs?: Record<string, CaseAttr>;
	/** ...or a small graph; the last node's outputs are the graph's. */
	nodes?: CaseNode[];
	inputs: (CaseInput | null)[];
	/** Dtypes of the last node's outputs (default: one output, of input 0's dtype). */
	outputs?: CaseDType[];
	/** Feeds input 0 (NCHW) through a 1x1 Conv first, so the op reads a tensor TF.js holds NHWC. */
	afterConv?: boolean;
	/** The TF ops the conversion writes, Const and Placeholder aside, in order (checked when given). */
	tfOps?: string[];
	/** Tolerance relative to the output's peak (default 1e-5). */
	tolerance?: number;
	/** The conversion refuses the model, with a message that holds this text. */
	refused?: string;
}

export interface Feed {
	name: string;
	dims?: (number | string)[];
	dtype: CaseDType;
	shape: number[];
	data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

export interface BuiltCase {
	onnx: Uint8Array;
	feeds: Feed[];
	outputNames: string[];
}

const ONNX_TYPE: Record<CaseDType, T> = {
	float32: T.FLOAT,
	int32: T.INT32,
	int64: T.INT64,
	bool: T.BOOL
};

const [INT64_MIN, INT64_MAX] = [-(2n ** 63n), 2n ** 63n - 1n];
/** JSON's 9223372036854775807 reads as 2^63: ints beyond int64 are its bounds (INT64_MAX as ONNX models write it). */
const int64 = (v: number): bigint => {
	const n = BigInt(v);
	return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
};

function values(input: CaseInput, seed: number): Feed['data'] {
	const size = input.shape.reduce((a, b) => a * b, 1);
	const dtype = input.dtype ?? 'float32';
	const next = rng(seed);
	const [lo, hi] = input.range ?? (dtype === 'float32' ? [-1, 1] : [-10, 10]);
	const value = (i: number) =>
		input.values?.[i] ??
		(dtype === 'float32'
			? lo + next() * (hi - lo)
			: dtype === 'bool'
				? Number(next() < 0.5)
				: Math.floor(lo + next() * (hi - lo + 1)));
	const all = Array.from({ length: size }, (_, i) => value(i));
	if (dtype === 'int64') return BigInt64Array.from(all, int64);
	if (dtype === 'int32') return Int32Array.from(all);
	if (dtype === 'bool') return Uint8Array.from(all);
	return Float32Array.from(all);
}

function tensor(name: string, dtype: CaseDType, shape: number[], data: Feed['data']) {
	return {
		name,
		dataType: ONNX_TYPE[dtype],
		dims: shape.map(BigInt),
		rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
	};
}

function attribute(name: string, value: CaseAttr) {
	if (typeof value === 'number') return { name, type: A.INT, i: BigInt(value) };
	if (typeof value === 'string')
		return { name, type: A.STRING, s: new TextEncoder().encode(value) };
	if (Array.isArray(value)) return { name, type: A.INTS, ints: value.map(BigInt) };
	if ('f' in value) return { name, type: A.FLOAT, f: value.f };
	if ('floats' in value) return { name, type: A.FLOATS, floats: value.floats };
	const t = value.tensor;
	return { name, type: A.TENSOR, t: tensor('', t.dtype, t.shape, values(t, 0)) };
}

const dimProto = (d: number | string) => ({
	value:
		typeof d === 'number'
			? { case: 'dimValue' as const, value: BigInt(d) }
			: { case: 'dimParam' as const, value: d }
});

const valueInfo = (name: string, dtype: CaseDType, dims?: (number | string)[]) => ({
	name,
	type: {
		value: {
			case: 'tensorType' as const,
			value: { elemType: ONNX_TYPE[dtype], ...(dims ? { shape: { dim: dims.map(dimProto) } } : {}) }
		}
	}
});

/** ONNX tensor name of a case reference ("in0", "n1", "n1:2"). */
const tensorName = (ref: string): string => {
	const [node, out] = ref.split(':');
	return node!.startsWith('n') ? `${node}_${out ?? 0}` : node!;
};

export function buildCase(c: OpCase, seed: number): BuiltCase {
	const feeds: Feed[] = [];
	const initializers: ReturnType<typeof tensor>[] = [];
	c.inputs.forEach((input, i) => {
		if (!input) return;
		const dtype = input.dtype ?? 'float32';
		const data = values(input, seed + i);
		if (input.const) initializers.push(tensor(`in${i}`, dtype, input.shape, data));
		else feeds.push({ name: `in${i}`, dtype, shape: input.shape, dims: input.dims, data });
	});
	const graph: CaseNode[] = c.nodes ?? [
		{
			op: c.op!,
			inputs: c.inputs.map((v, i) => (v ? `in${i}` : '')),
			outputs: c.outputs?.length ?? 1,
			attrs: c.attrs
		}
	];
	const nodes = graph.map((n, k) => ({
		name: `n${k}`,
		opType: n.op,
		input: n.inputs.map((r) => (r ? tensorName(r) : '')),
		output: Array.from({ length: n.outputs ?? 1 }, (_, j) => `n${k}_${j}`),
		attribute: Object.entries(n.attrs ?? {}).map(([key, v]) => attribute(key, v))
	}));
	if (c.afterConv) {
		const x = feeds[0]!;
		const channels = x.shape[1]!;
		const w = values({ shape: [channels, channels, 1, 1] }, seed + 100) as Float32Array;
		initializers.push(tensor('conv_w', 'float32', [channels, channels, 1, 1], w));
		nodes.unshift({
			name: 'conv',
			opType: 'Conv',
			input: [x.name, 'conv_w'],
			output: ['conv_out'],
			attribute: []
		});
		for (const n of nodes.slice(1)) n.input = n.input.map((r) => (r === x.name ? 'conv_out' : r));
	}
	const last = graph.length - 1;
	const outTypes = c.outputs ?? [c.inputs[0]?.dtype ?? 'float32'];
	const outputNames = outTypes.map((_, j) => `n${last}_${j}`);
	const model = create(ModelProtoSchema, {
		irVersion: 8n,
		opsetImport: [{ domain: '', version: BigInt(c.opset ?? 17) }],
		producerName: 'twinfer-op-cases',
		graph: {
			name: c.name,
			node: nodes,
			initializer: initializers as TensorProto[],
			input: feeds.map((f) => valueInfo(f.name, f.dtype, f.dims ?? f.shape)),
			output: outTypes.map((d, j) => valueInfo(outputNames[j]!, d))
		}
	});
	return { onnx: toBinary(ModelProtoSchema, model), feeds, outputNames };
}

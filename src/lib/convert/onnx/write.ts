// Serializes the built graph as an ONNX ModelProto with the generated protobuf schema.
import { create, toBinary } from '@bufbuild/protobuf';
import type { AttrValue, GraphBuilder, OnnxNode, ValueInfo } from '../graph/builder.js';
import type { ConstTensor } from '../tensor.js';
import { ONNX_TYPE } from '../handlers/elementwise.js';
import {
	AttributeProto_AttributeType as AttrType,
	ModelProtoSchema,
	type AttributeProto,
	type NodeProto,
	type TensorProto,
	type ValueInfoProto
} from './onnx_pb.js';

export interface ModelMeta {
	graphName: string;
	opset: number;
	irVersion: number;
	producerVersion: string;
	properties: Record<string, string>;
}

function tensorProto(name: string, t: ConstTensor): Omit<TensorProto, '$typeName'> {
	const base = {
		name,
		dims: t.shape.map(BigInt),
		dataType: ONNX_TYPE[t.dtype],
		floatData: [],
		int32Data: [],
		stringData: [] as Uint8Array[],
		int64Data: [],
		docString: '',
		rawData: new Uint8Array(),
		externalData: [],
		dataLocation: 0,
		doubleData: [],
		uint64Data: []
	};
	if (Array.isArray(t.data))
		return { ...base, stringData: t.data.map((s) => new TextEncoder().encode(s)) };
	// Typed arrays are little-endian on every platform the converter runs on, as raw_data requires.
	return {
		...base,
		rawData: new Uint8Array(
			t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength)
		)
	};
}

function attribute(name: string, value: AttrValue): Partial<AttributeProto> {
	if (typeof value === 'number') return { name, type: AttrType.INT, i: BigInt(value) };
	if (typeof value === 'string')
		return { name, type: AttrType.STRING, s: new TextEncoder().encode(value) };
	if (Array.isArray(value)) return { name, type: AttrType.INTS, ints: value.map(BigInt) };
	if ('f' in value) return { name, type: AttrType.FLOAT, f: value.f };
	if ('floats' in value) return { name, type: AttrType.FLOATS, floats: value.floats };
	return { name, type: AttrType.TENSOR, t: tensorProto('', value.t) as TensorProto };
}

function node(n: OnnxNode): Partial<NodeProto> {
	return {
		name: n.name,
		opType: n.op,
		input: n.inputs,
		output: n.outputs,
		attribute: Object.entries(n.attrs).map(([k, v]) => attribute(k, v) as AttributeProto)
	};
}

function valueInfo(v: ValueInfo): Partial<ValueInfoProto> {
	const dim = v.shape.map((d) => ({
		value:
			typeof d === 'number'
				? { case: 'dimValue' as const, value: BigInt(d) }
				: { case: 'dimParam' as const, value: d }
	}));
	return {
		name: v.name,
		type: {
			value: { case: 'tensorType', value: { elemType: ONNX_TYPE[v.dtype], shape: { dim } } }
		} as ValueInfoProto['type']
	};
}

export function writeOnnx(g: GraphBuilder, meta: ModelMeta): Uint8Array {
	const model = create(ModelProtoSchema, {
		irVersion: BigInt(meta.irVersion),
		opsetImport: [{ domain: '', version: BigInt(meta.opset) }],
		producerName: 'twinfer',
		producerVersion: meta.producerVersion,
		graph: {
			name: meta.graphName,
			node: g.nodes.map(node) as NodeProto[],
			initializer: [...g.initializers].map(([name, t]) => tensorProto(name, t) as TensorProto),
			input: g.inputs.map(valueInfo) as ValueInfoProto[],
			output: g.outputs.map(valueInfo) as ValueInfoProto[]
		},
		metadataProps: Object.entries(meta.properties).map(([key, value]) => ({ key, value }))
	});
	return toBinary(ModelProtoSchema, model);
}

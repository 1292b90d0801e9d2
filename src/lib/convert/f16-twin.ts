// The float16 twin of an ONNX model: every float32 weight and activation in half precision (half the
// bytes to fetch and hold, and the GPU's f16 arithmetic where the adapter has `shader-f16`), its inputs
// and outputs still float32 so that it runs on the same inputs and is compared with the same outputs.
// Ops without float16 kernels in onnxruntime keep float32, with casts around them.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ConversionError } from './errors.js';
import {
	AttributeProto_AttributeType as AttrType,
	AttributeProtoSchema,
	ModelProtoSchema,
	NodeProtoSchema,
	TensorProtoSchema,
	TensorProto_DataType as T,
	type AttributeProto,
	type GraphProto,
	type NodeProto,
	type TensorProto
} from './onnx/onnx_pb.js';
import { float32ToFloat16, FLOAT16_MAX } from './tfjs/float16.js';
import { decodeTensor } from './to-tfjs/tensor-proto.js';

/**
 * Ops that stay float32 (their float inputs cast to float32, their float outputs back to float16):
 * onnxruntime's CPU kernels for them take no float16 (Resize, TopK, ArgMax), and Resize's scales
 * must be float32 whatever its data is.
 */
const FLOAT32_OPS = new Set([
	'Resize',
	'TopK',
	'ArgMax',
	'ArgMin',
	'NonMaxSuppression',
	'RoiAlign',
	'QuantizeLinear',
	'DequantizeLinear'
]);

/** Ops whose output takes its type from another input than the first. */
const TYPED_BY_INPUT: Record<string, number> = { Where: 1, DequantizeLinear: 1 };

/** Ops whose outputs are int64, or bool, whatever their inputs are (TopK: its second output). */
const INT64_OUTPUTS = new Set([
	'Shape',
	'Size',
	'NonZero',
	'ArgMax',
	'ArgMin',
	'NonMaxSuppression'
]);
const BOOL_OUTPUTS = new Set([
	...['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'],
	...['Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']
]);

/** The type op `op` gives its output `i` whatever its inputs are, if it fixes one. */
function fixedOutput(op: string, i: number): number | undefined {
	if (INT64_OUTPUTS.has(op) || (op === 'TopK' && i === 1)) return T.INT64;
	if (BOOL_OUTPUTS.has(op)) return T.BOOL;
	if (op === 'QuantizeLinear') return T.UINT8;
	return undefined;
}

export interface Float16Report {
	/** Weights and constants now float16, and their elements. */
	tensors: number;
	elements: number;
	/** Elements beyond float16's range, held at ±65504. */
	saturated: number;
	/** Nodes that stay float32, by op. */
	float32Ops: Record<string, number>;
	/** Casts added: at the inputs and outputs, and around the float32 ops. */
	casts: number;
}

const attr = (node: NodeProto, name: string) => node.attribute.find((a) => a.name === name);

const beyond = (v: number) => Math.abs(v) > FLOAT16_MAX && Number.isFinite(v);
const beyondHalf = (values: Float32Array) => values.some(beyond);

/**
 * `t`'s float32 values as a float16 TensorProto in place (raw data); the elements held at ±65504,
 * counted unless they are `bounds` (Clip's, which bound float16 values the same).
 */
function toHalf(t: TensorProto, where: string, bounds: boolean): number {
	const values = decodeTensor(t, where).data as Float32Array;
	const bits = values.length ? Uint16Array.from(values, float32ToFloat16) : new Uint16Array(0);
	const saturated = bounds ? 0 : values.filter(beyond).length;
	t.dataType = T.FLOAT16;
	t.floatData = [];
	t.int32Data = [];
	t.rawData = new Uint8Array(bits.buffer);
	return saturated;
}

const castNode = (input: string, output: string, to: T): NodeProto =>
	create(NodeProtoSchema, {
		opType: 'Cast',
		name: `${output}__cast`,
		input: [input],
		output: [output],
		attribute: [{ name: 'to', type: AttrType.INT, i: BigInt(to) }]
	});

function rejectSubgraphs(graph: GraphProto): void {
	for (const node of graph.node)
		for (const a of node.attribute)
			if (a.g || a.graphs.length)
				throw new ConversionError(
					`node "${node.name || node.opType}" (${node.opType}) holds a subgraph: the float16 twin does not convert subgraphs`
				);
}

/** The float16 twin of the ONNX model `bytes`, and what changed; a ConversionError naming what it cannot convert. */
export function float16Twin(bytes: Uint8Array): { bytes: Uint8Array; report: Float16Report } {
	const model = fromBinary(ModelProtoSchema, bytes);
	const graph = model.graph;
	if (!graph) throw new ConversionError('the model has no graph');
	rejectSubgraphs(graph);
	if (graph.initializer.some((t) => t.externalData.length))
		throw new ConversionError(
			'the model keeps weights in external data: the float16 twin is made from a single .onnx file'
		);
	const report: Float16Report = { tensors: 0, elements: 0, saturated: 0, float32Ops: {}, casts: 0 };
	const consumers = new Map<string, NodeProto[]>();
	for (const node of graph.node)
		for (const input of node.input) consumers.set(input, [...(consumers.get(input) ?? []), node]);

	// The float tensors the file gives (weights, constants), by name, and which reach beyond float16.
	const given = new Map<string, TensorProto>();
	for (const t of graph.initializer) if (t.dataType === T.FLOAT) given.set(t.name, t);
	for (const node of graph.node) {
		if (node.opType === 'Constant') floatValueAsTensor(node);
		const value = attr(node, 'value')?.t;
		if (value?.dataType === T.FLOAT && ['Constant', 'ConstantOfShape'].includes(node.opType))
			given.set(node.output[0]!, value);
	}
	const wide = new Set(
		[...given]
			.filter(([name, t]) => beyondHalf(decodeTensor(t, name).data as Float32Array))
			.map(([name]) => name)
	);
	// Nodes that run in float32: ops without float16 kernels, and those that read a tensor beyond
	// float16's range (a running variance of 1e8), but Clip, whose bound held at 65504 bounds the same.
	const float32Nodes = new Set(
		graph.node.filter(
			(n) => FLOAT32_OPS.has(n.opType) || (n.opType !== 'Clip' && n.input.some((i) => wide.has(i)))
		)
	);
	const onlyFloat32 = (name: string) =>
		(consumers.get(name) ?? []).every((n) => float32Nodes.has(n));

	// Weights and constants: float16, unless only float32 nodes read them.
	for (const [name, t] of given) {
		if (onlyFloat32(name)) continue;
		report.saturated += toHalf(
			t,
			name,
			consumers.get(name)!.every((n) => n.opType === 'Clip')
		);
		report.tensors++;
		report.elements += t.dims.reduce((a, b) => a * Number(b), 1);
	}
	const types = new Map<string, number>(graph.initializer.map((t) => [t.name, t.dataType]));
	for (const node of graph.node) {
		if (node.opType === 'ConstantOfShape' && !attr(node, 'value') && !onlyFloat32(node.output[0]!))
			// Its default is a float32 zero.
			node.attribute.push(halfZero());
		const to = attr(node, 'to');
		if (node.opType === 'Cast' && to && Number(to.i) === T.FLOAT) to.i = BigInt(T.FLOAT16);
	}

	// Inputs: float32 outside, cast to float16 at once.
	const nodes: NodeProto[] = [];
	const renamed = new Map<string, string>();
	for (const input of graph.input) {
		const type = elemType(input.type);
		if (type !== T.FLOAT || types.has(input.name)) {
			types.set(input.name, type);
			continue;
		}
		const inside = `${input.name}__f16`;
		nodes.push(castNode(input.name, inside, T.FLOAT16));
		renamed.set(input.name, inside);
		types.set(inside, T.FLOAT16);
		report.casts++;
	}
	// Outputs: the model's float outputs come out of a cast back to float32.
	const outputs = new Map<string, string>();
	for (const output of graph.output)
		if (elemType(output.type) === T.FLOAT) outputs.set(output.name, `${output.name}__f16`);

	let serial = 0;
	const fresh = (base: string, suffix: string) => `${base}__${suffix}${serial++}`;
	for (const node of graph.node) {
		node.input = node.input.map((name) => renamed.get(name) ?? outputs.get(name) ?? name);
		node.output = node.output.map((name) => outputs.get(name) ?? name);
		const float32 = float32Nodes.has(node);
		if (float32) {
			report.float32Ops[node.opType] = (report.float32Ops[node.opType] ?? 0) + 1;
			node.input = node.input.map((name) => {
				if (!name || types.get(name) !== T.FLOAT16) return name;
				const cast = fresh(name, 'f32');
				nodes.push(castNode(name, cast, T.FLOAT));
				types.set(cast, T.FLOAT);
				report.casts++;
				return cast;
			});
		}
		const inputType = types.get(node.input[TYPED_BY_INPUT[node.opType] ?? 0] ?? '') ?? T.FLOAT16;
		const after: NodeProto[] = [];
		node.output = node.output.map((name, i) => {
			const type = fixedOutput(node.opType, i) ?? outputType(node, inputType);
			if (!float32 || type !== T.FLOAT) {
				types.set(name, type);
				return name;
			}
			const inside = fresh(name, 'f32');
			types.set(inside, T.FLOAT);
			after.push(castNode(inside, name, T.FLOAT16));
			types.set(name, T.FLOAT16);
			report.casts++;
			return inside;
		});
		nodes.push(node, ...after);
	}
	for (const [name, inside] of outputs) {
		nodes.push(castNode(inside, name, T.FLOAT));
		report.casts++;
	}
	graph.node = nodes;
	// The declared types inside the graph no longer hold; onnxruntime infers them again.
	graph.valueInfo = [];
	return { bytes: toBinary(ModelProtoSchema, model), report };
}

/** The element type of a node's output: its `to` (Cast), its value (Constant), else its first input's. */
function outputType(node: NodeProto, inputType: number): number {
	if (node.opType === 'Cast') return Number(attr(node, 'to')!.i);
	const value = attr(node, 'value')?.t;
	if (node.opType === 'Constant' || node.opType === 'ConstantOfShape')
		return value?.dataType ?? T.FLOAT16;
	return inputType;
}

function elemType(type: GraphProto['input'][number]['type']): number {
	return type?.value.case === 'tensorType' ? type.value.value.elemType : -1;
}

/** ConstantOfShape's value attribute: a float16 zero. */
const halfZero = (): AttributeProto =>
	create(AttributeProtoSchema, {
		name: 'value',
		type: AttrType.TENSOR,
		t: create(TensorProtoSchema, { dims: [1n], dataType: T.FLOAT16, rawData: new Uint8Array(2) })
	});

/** A Constant given as `value_float` or `value_floats`, given as a float32 `value` tensor instead. */
function floatValueAsTensor(node: NodeProto): void {
	const scalar = attr(node, 'value_float');
	const list = attr(node, 'value_floats');
	const given = scalar ?? list;
	if (!given) return;
	const values = scalar ? [scalar.f] : list!.floats;
	node.attribute = [
		create(AttributeProtoSchema, {
			name: 'value',
			type: AttrType.TENSOR,
			t: create(TensorProtoSchema, {
				dims: scalar ? [] : [BigInt(values.length)],
				dataType: T.FLOAT,
				rawData: new Uint8Array(Float32Array.from(values).buffer)
			})
		})
	];
}

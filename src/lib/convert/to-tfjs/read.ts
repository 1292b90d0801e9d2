// Reads an ONNX model for the reverse converter: inputs, outputs, constants (external data included) and nodes in order.
import { ConversionError, ModelFileError } from '../errors.js';
import type { Dim } from '../graph/value.js';
import {
	TensorProto_DataLocation,
	type AttributeProto,
	type NodeProto,
	type TensorProto,
	type ValueInfoProto
} from '../onnx/onnx_pb.js';
import { parseOnnx } from '../onnx/signature.js';
import type { ConstTensor, DType } from '../tensor.js';
import type { ReadFile } from '../tfjs/weights.js';
import { decodeTensor, elemTypeName, heldDType } from './tensor-proto.js';

export const MIN_IR = 3;
export const MIN_OPSET = 1;
export const MAX_OPSET = 21;

export interface OnnxValueInfo {
	name: string;
	dtype: DType;
	shape: Dim[];
}

export interface OnnxNode {
	name: string;
	op: string;
	domain: string;
	/** Input names; '' marks an optional input left out. */
	inputs: string[];
	outputs: string[];
	attrs: Map<string, AttributeProto>;
}

export interface OnnxGraph {
	irVersion: number;
	opset: number;
	producer: string;
	inputs: OnnxValueInfo[];
	outputs: OnnxValueInfo[];
	constants: Map<string, ConstTensor>;
	/** Nodes in an order where every input is made before it is read. */
	nodes: OnnxNode[];
}

function valueInfo(v: ValueInfoProto, file: string): OnnxValueInfo {
	const type = v.type?.value;
	if (type?.case !== 'tensorType')
		throw new ModelFileError(
			`${file}: "${v.name}" is not a tensor (Twinfer converts tensor models)`
		);
	const dtype = heldDType(type.value.elemType);
	if (!dtype)
		throw new ConversionError(
			`${file}: "${v.name}" is ${elemTypeName(type.value.elemType)}, which TF.js has no dtype for`
		);
	const shape = (type.value.shape?.dim ?? []).map((d, i): Dim =>
		d.value.case === 'dimValue' && d.value.value >= 0n
			? Number(d.value.value)
			: d.value.case === 'dimParam' && d.value.value
				? d.value.value
				: `${v.name}_dim${i}`
	);
	return { name: v.name, dtype, shape };
}

async function readConstant(
	t: TensorProto,
	file: string,
	readFile?: ReadFile
): Promise<ConstTensor> {
	const where = `${file}: tensor "${t.name}"`;
	if (t.dataLocation !== TensorProto_DataLocation.EXTERNAL) return decodeTensor(t, where);
	const entry = Object.fromEntries(t.externalData.map((e) => [e.key, e.value]));
	const location = entry.location;
	if (!location) throw new ModelFileError(`${where}: external data without a location`);
	if (!readFile)
		throw new ModelFileError(
			`${where}: its data is in "${location}"; give that file beside the model`
		);
	let bytes: Uint8Array;
	try {
		bytes = await readFile(location);
	} catch (e) {
		throw new ModelFileError(
			`${where}: its data is in "${location}", which cannot be read (${(e as Error).message}); give that file beside the model`
		);
	}
	const offset = Number(entry.offset ?? 0);
	const length = entry.length === undefined ? bytes.byteLength - offset : Number(entry.length);
	if (offset + length > bytes.byteLength)
		throw new ModelFileError(
			`${where}: "${location}" holds ${bytes.byteLength} bytes, but the tensor reads ${length} from offset ${offset}`
		);
	return decodeTensor(t, where, bytes.subarray(offset, offset + length));
}

/** The nodes the outputs depend on, each after the nodes it reads; a cycle is an error naming a node on it. */
function topologicalOrder(
	nodes: OnnxNode[],
	known: Set<string>,
	outputs: string[],
	file: string
): OnnxNode[] {
	const producer = new Map<string, OnnxNode>();
	for (const n of nodes) for (const o of n.outputs) if (o) producer.set(o, n);
	const state = new Map<OnnxNode, 'visiting' | 'done'>();
	const order: OnnxNode[] = [];
	const visit = (start: OnnxNode) => {
		const stack: [OnnxNode, number][] = [[start, 0]];
		state.set(start, 'visiting');
		while (stack.length) {
			const top = stack[stack.length - 1]!;
			const [node, i] = top;
			if (i === node.inputs.length) {
				stack.pop();
				state.set(node, 'done');
				order.push(node);
				continue;
			}
			top[1]++;
			const name = node.inputs[i]!;
			if (!name || known.has(name)) continue;
			const from = producer.get(name);
			if (!from)
				throw new ModelFileError(
					`${file}: node "${node.name}" (${node.op}) reads "${name}", which nothing produces`
				);
			if (state.get(from) === 'visiting')
				throw new ModelFileError(
					`${file}: the graph has a cycle through node "${from.name}" (${from.op})`
				);
			if (!state.has(from)) {
				state.set(from, 'visiting');
				stack.push([from, 0]);
			}
		}
	};
	for (const name of outputs) {
		if (known.has(name)) continue;
		const from = producer.get(name);
		if (!from) throw new ModelFileError(`${file}: output "${name}" is produced by no node`);
		if (!state.has(from)) visit(from);
	}
	return order;
}

function node(n: NodeProto, k: number): OnnxNode {
	return {
		name: n.name || `${n.opType}_${k}`,
		op: n.opType,
		domain: n.domain === 'ai.onnx' ? '' : n.domain,
		inputs: [...n.input],
		outputs: [...n.output],
		attrs: new Map(n.attribute.map((a) => [a.name, a]))
	};
}

/** Parses `bytes` (the ONNX file named `file`); `readFile` reads external data files named by the model. */
export async function readOnnxGraph(
	bytes: Uint8Array,
	file: string,
	readFile?: ReadFile
): Promise<OnnxGraph> {
	const model = parseOnnx(bytes, file);
	const graph = model.graph;
	const irVersion = Number(model.irVersion);
	if (irVersion < MIN_IR)
		throw new ConversionError(
			`${file}: ONNX IR version ${irVersion} is older than ${MIN_IR}, the oldest supported`
		);
	const opsets = new Map(
		model.opsetImport.map((o) => [o.domain === 'ai.onnx' ? '' : o.domain, Number(o.version)])
	);
	const opset = opsets.get('') ?? 1;
	if (opset < MIN_OPSET || opset > MAX_OPSET)
		throw new ConversionError(
			`${file}: opset ${opset} is not supported; the converter reads opsets ${MIN_OPSET} to ${MAX_OPSET}`
		);
	const constants = new Map<string, ConstTensor>();
	for (const t of graph.initializer) constants.set(t.name, await readConstant(t, file, readFile));
	const inputs = graph.input.filter((v) => !constants.has(v.name)).map((v) => valueInfo(v, file));
	const nodes = graph.node.map(node);
	const known = new Set([...constants.keys(), ...inputs.map((i) => i.name)]);
	const outputs = graph.output.map((v) => valueInfo(v, file));
	return {
		irVersion,
		opset,
		producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
		inputs,
		outputs,
		constants,
		nodes: topologicalOrder(
			nodes,
			known,
			outputs.map((o) => o.name),
			file
		)
	};
}

// Reads what an ONNX file says about itself: inputs (initializers left out) and outputs with their
// dtypes and shapes, the opsets and the ops it uses; a file that is not ONNX gets an error naming it.
import { fromBinary } from '@bufbuild/protobuf';
import { ModelFileError } from '../errors.js';
import {
	ModelProtoSchema,
	TensorProto_DataLocation,
	TensorProto_DataType,
	type GraphProto,
	type ModelProto,
	type ValueInfoProto
} from './onnx_pb.js';

export interface OnnxTensorInfo {
	name: string;
	dtype: string;
	/** Unknown dims by name, or -1 where the file gives neither a size nor a name. */
	shape: (number | string)[];
}

export interface OnnxSummary {
	inputs: OnnxTensorInfo[];
	outputs: OnnxTensorInfo[];
	/** Opset version per domain ('' is the default ONNX domain). */
	opsets: Record<string, number>;
	/** Op types with their node counts. */
	ops: Record<string, number>;
	producer: string;
	/** Files beside the model that hold some of its weights (external data). */
	external: string[];
}

const DTYPES: Partial<Record<TensorProto_DataType, string>> = {
	[TensorProto_DataType.FLOAT]: 'float32',
	[TensorProto_DataType.UINT8]: 'uint8',
	[TensorProto_DataType.INT8]: 'int8',
	[TensorProto_DataType.INT32]: 'int32',
	[TensorProto_DataType.INT64]: 'int64',
	[TensorProto_DataType.BOOL]: 'bool',
	[TensorProto_DataType.FLOAT16]: 'float16',
	[TensorProto_DataType.DOUBLE]: 'float64'
};

function tensorInfo(v: ValueInfoProto, file: string): OnnxTensorInfo {
	const type = v.type?.value;
	if (type?.case !== 'tensorType')
		throw new ModelFileError(`${file}: "${v.name}" is not a tensor (Twinfer runs tensor models)`);
	const { elemType, shape } = type.value;
	return {
		name: v.name,
		dtype: DTYPES[elemType as TensorProto_DataType] ?? `type ${elemType}`,
		shape: (shape?.dim ?? []).map((d) =>
			d.value.case === 'dimValue'
				? Number(d.value.value)
				: d.value.case === 'dimParam' && d.value.value
					? d.value.value
					: -1
		)
	};
}

/** The model in `bytes` (the ONNX file named `file`), with a graph that has outputs; else an error naming the file. */
export function parseOnnx(bytes: Uint8Array, file: string): ModelProto & { graph: GraphProto } {
	if (bytes.byteLength === 0) throw new ModelFileError(`${file}: the file is empty`);
	let model;
	try {
		model = fromBinary(ModelProtoSchema, bytes);
	} catch (e) {
		throw new ModelFileError(`${file}: not an ONNX model (${(e as Error).message})`);
	}
	const graph = model.graph;
	if (!graph || (graph.node.length === 0 && graph.output.length === 0))
		throw new ModelFileError(`${file}: not an ONNX model (it parses, but holds no graph)`);
	if (graph.output.length === 0) throw new ModelFileError(`${file}: the graph has no outputs`);
	return { ...model, graph };
}

/** The files that hold the weights of the model's external tensors, in order of first use. */
export const externalFiles = (graph: GraphProto): string[] => [
	...new Set(
		graph.initializer
			.filter((t) => t.dataLocation === TensorProto_DataLocation.EXTERNAL)
			.flatMap((t) => t.externalData.filter((e) => e.key === 'location').map((e) => e.value))
	)
];

/** The summary of the ONNX file `bytes` named `file`. */
export function readOnnx(bytes: Uint8Array, file: string): OnnxSummary {
	const model = parseOnnx(bytes, file);
	const graph = model.graph;
	const initializers = new Set(graph.initializer.map((t) => t.name));
	const ops: Record<string, number> = {};
	for (const node of graph.node) {
		const op = node.domain ? `${node.domain}.${node.opType}` : node.opType;
		ops[op] = (ops[op] ?? 0) + 1;
	}
	return {
		inputs: graph.input.filter((v) => !initializers.has(v.name)).map((v) => tensorInfo(v, file)),
		outputs: graph.output.map((v) => tensorInfo(v, file)),
		opsets: Object.fromEntries(model.opsetImport.map((o) => [o.domain, Number(o.version)])),
		ops,
		producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
		external: externalFiles(graph)
	};
}

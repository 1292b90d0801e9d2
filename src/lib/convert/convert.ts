// The converter's entry point: TF.js graph model files in, ONNX bytes and a report out (Node, page or worker).
import {
	backendSupport,
	webglUnsupportedMessage,
	type Backend,
	type BackendSupport
} from './backends.js';
import { ConversionError, UnsupportedOpsError } from './errors.js';
import { GraphBuilder, type ValueInfo } from './graph/builder.js';
import { pruneUnused } from './graph/prune.js';
import { countTransposes } from './graph/transposes.js';
import { CHANNELS_FIRST, type Dim, type Value } from './graph/value.js';
import { HANDLERS, STRUCTURAL_OPS } from './handlers/index.js';
import { feedsSpatialOps } from './input-layout.js';
import { writeOnnx } from './onnx/write.js';
import { byteLength } from './tensor.js';
import { Attrs, shapeOf, tfDType } from './tfjs/attrs.js';
import { consumersOf, parseRef, readGraph, tensorName, type TfGraph } from './tfjs/graph.js';
import { parseModelJson, type GraphModelJson, type NodeJson } from './tfjs/model-json.js';
import { decodeWeights, type ReadFile } from './tfjs/weights.js';

export const CONVERTER_VERSION = '0.1.0';
export const DEFAULT_OPSET = 13;
const IR_VERSION = 8;
const MIN_OPSET = 13;
const MAX_OPSET = 17;

export type Target = 'any' | 'webgl';

export interface ConvertOptions {
	/** ONNX opset to write (13..17; default 13). */
	opset?: number;
	/** 'webgl' rewrites ops the WebGL EP lacks where that is exact, and fails listing the rest. */
	target?: Target;
}

export interface ModelFiles {
	/** model.json, plain or gzipped. */
	modelJson: Uint8Array;
	/** Its name, for messages. */
	modelFile: string;
	/** Reads a weight shard named in the manifest (paths relative to model.json). */
	readFile: ReadFile;
}

export interface ConversionReport {
	source: { file: string; generatedBy?: string; convertedBy?: string };
	opset: number;
	irVersion: number;
	target: Target;
	inputs: ValueInfo[];
	outputs: ValueInfo[];
	/** TF ops the outputs depend on, with counts (Const and Placeholder included). */
	opsIn: Record<string, number>;
	/** ONNX ops written, with counts. */
	opsOut: Record<string, number>;
	nodesIn: number;
	nodesOut: number;
	/** Transposes the converter added: at graph inputs/outputs (edge), and between ops (inside). */
	transposesAdded: { edge: number; inside: number };
	/** Transpose ops in the TF.js model itself. */
	transposesInModel: number;
	weightBytes: number;
	initializerBytes: number;
	conversionMs: number;
	warnings: string[];
	backends: Record<Backend, BackendSupport>;
}

export interface ConversionResult {
	onnx: Uint8Array;
	report: ConversionReport;
}

const histogram = (names: readonly string[]): Record<string, number> => {
	const counts: Record<string, number> = {};
	for (const n of [...names].sort()) counts[n] = (counts[n] ?? 0) + 1;
	return counts;
};

function checkOptions(options: ConvertOptions): { opset: number; target: Target } {
	const opset = options.opset ?? DEFAULT_OPSET;
	if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
		throw new ConversionError(`opset ${opset} is not supported; choose ${MIN_OPSET}..${MAX_OPSET}`);
	}
	const target = options.target ?? 'any';
	if (target !== 'any' && target !== 'webgl')
		throw new ConversionError(`unknown target "${String(target)}"; use "any" or "webgl"`);
	return { opset, target };
}

function checkSupported(graph: TfGraph): void {
	const missing = new Map<string, string[]>();
	for (const node of graph.order) {
		if (HANDLERS[node.op] || STRUCTURAL_OPS.has(node.op)) continue;
		missing.set(node.op, [...(missing.get(node.op) ?? []), node.name]);
	}
	if (missing.size > 0) throw new UnsupportedOpsError(missing);
}

function symbolicShape(g: GraphBuilder, node: NodeJson, shape: number[]): Dim[] {
	if (g.target === 'webgl' && shape.some((d) => d < 0)) {
		g.warnings.push(
			`input ${node.name}: unknown dims fixed to 1, since the WebGL EP rejects symbolic input dims`
		);
		return shape.map((d) => (d >= 0 ? d : 1));
	}
	return shape.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `${node.name}_dim${i}`));
}

function placeholder(
	g: GraphBuilder,
	node: NodeJson,
	graph: TfGraph,
	consumers: Map<string, NodeJson[]>
): Value {
	const attrs = new Attrs(node);
	const info = Object.values(graph.signature?.inputs ?? {}).find(
		(i) => parseRef(i.name)?.node === node.name
	);
	const shape = attrs.shape('shape') ?? shapeOf(info?.tensorShape);
	if (!shape)
		throw new ConversionError(
			`input "${node.name}" has no shape; the converter needs at least its rank`
		);
	const dtype = attrs.has('dtype')
		? attrs.dtype('dtype')
		: tfDType(info?.dtype ?? 'DT_FLOAT', `input "${node.name}"`);
	const value = g.input(node.name, dtype, symbolicShape(g, node, shape));
	// An image input that flows into convolutions is moved to NCHW once, at the input (on WebGL only
	// float inputs: its Transpose takes no int32).
	const movable = g.target !== 'webgl' || dtype === 'float32';
	return movable && shape.length === 4 && feedsSpatialOps(node, consumers)
		? g.inLayout(value, CHANNELS_FIRST)
		: value;
}

function constant(
	g: GraphBuilder,
	node: NodeJson,
	weights: Map<string, import('./tensor.js').ConstTensor>
): Value {
	const tensor = weights.get(node.name);
	if (!tensor)
		throw new ConversionError(`Const node "${node.name}" has no entry in the weights manifest`);
	return g.constant(tensor);
}

function convertNodes(
	graph: TfGraph,
	weights: Map<string, import('./tensor.js').ConstTensor>,
	g: GraphBuilder
): void {
	const values = new Map<string, Value[]>();
	const consumers = consumersOf(graph.order);
	g.reserveOutputs(graph.outputs.map(tensorName));
	const lookup = (ref: string, reader: string): Value => {
		const r = parseRef(ref)!;
		const v = values.get(r.node)?.[r.index];
		if (!v) throw new ConversionError(`node "${reader}" reads "${ref}", which has no value`);
		return v;
	};
	for (const node of graph.order) {
		if (node.op === 'NoOp') continue;
		if (node.op === 'Const') values.set(node.name, [constant(g, node, weights)]);
		else if (node.op === 'Placeholder')
			values.set(node.name, [placeholder(g, node, graph, consumers)]);
		else {
			const inputs = (node.input ?? [])
				.filter((r) => !r.startsWith('^'))
				.map((r) => lookup(r, node.name));
			if (node.op === 'PlaceholderWithDefault') values.set(node.name, inputs);
			else values.set(node.name, runHandler(node, inputs, g));
		}
	}
	g.writeOutputs(graph.outputs.map((ref) => [tensorName(ref), lookup(tensorName(ref), 'outputs')]));
}

function runHandler(node: NodeJson, inputs: Value[], g: GraphBuilder): Value[] {
	try {
		return HANDLERS[node.op]!({ name: node.name, op: node.op, attrs: new Attrs(node), inputs, g });
	} catch (e) {
		if (e instanceof ConversionError) throw e;
		throw new ConversionError(`node "${node.name}" (${node.op}): ${(e as Error).message}`);
	}
}

/** Converts a TF.js graph model already parsed (model.json object plus its files). */
export async function convertGraphModel(
	model: GraphModelJson,
	files: Omit<ModelFiles, 'modelJson'>,
	options: ConvertOptions = {}
): Promise<ConversionResult> {
	const started = performance.now();
	const { opset, target } = checkOptions(options);
	const graph = readGraph(model, files.modelFile);
	checkSupported(graph);
	const weights = await decodeWeights(model.weightsManifest, files.readFile, files.modelFile);
	const g = new GraphBuilder(target);
	convertNodes(graph, weights, g);
	pruneUnused(g);
	const backends = backendSupport(g.nodes.map((n) => n.op));
	if (target === 'webgl' && Object.keys(backends.webgl.missing).length > 0) {
		throw new ConversionError(webglUnsupportedMessage(backends.webgl.missing));
	}
	const onnx = writeOnnx(g, {
		graphName: files.modelFile.replace(/^.*[\\/]/, '').replace(/\.json(\.gz)?$/, ''),
		opset,
		irVersion: IR_VERSION,
		producerVersion: CONVERTER_VERSION,
		properties: {
			source_format: 'tfjs-graph-model',
			...(model.generatedBy ? { source_generated_by: model.generatedBy } : {}),
			...(model.convertedBy ? { source_converted_by: model.convertedBy } : {})
		}
	});
	const report: ConversionReport = {
		source: {
			file: files.modelFile,
			generatedBy: model.generatedBy,
			convertedBy: model.convertedBy
		},
		opset,
		irVersion: IR_VERSION,
		target,
		inputs: g.inputs,
		outputs: g.outputs,
		opsIn: histogram(graph.order.map((n) => n.op)),
		opsOut: histogram(g.nodes.map((n) => n.op)),
		nodesIn: graph.order.length,
		nodesOut: g.nodes.length,
		transposesAdded: countTransposes(g),
		transposesInModel: graph.order.filter((n) => n.op === 'Transpose').length,
		weightBytes: [...weights.values()].reduce((n, t) => n + byteLength(t), 0),
		initializerBytes: [...g.initializers.values()].reduce((n, t) => n + byteLength(t), 0),
		conversionMs: performance.now() - started,
		warnings: g.warnings,
		backends
	};
	return { onnx, report };
}

/** Converts model.json (plain or gzipped) and its weight shards. */
export async function convertModel(
	files: ModelFiles,
	options: ConvertOptions = {}
): Promise<ConversionResult> {
	const started = performance.now();
	const model = await parseModelJson(files.modelJson, files.modelFile);
	const result = await convertGraphModel(model, files, options);
	result.report.conversionMs = performance.now() - started;
	return result;
}

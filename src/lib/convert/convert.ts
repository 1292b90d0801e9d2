// The converter's entry point: TF.js graph model files in, ONNX bytes and a report out (Node, page or worker).
import {
	backendSupport,
	webglUnsupportedMessage,
	type Backend,
	type BackendSupport
} from './backends.js';
import { ConversionError } from './errors.js';
import { convertNodes } from './walk.js';
import { GraphBuilder } from './graph/builder.js';
import { pruneUnused } from './graph/prune.js';
import { histogram, type ReportCore } from './report.js';
import { countTransposes } from './graph/transposes.js';
import { HANDLERS, STRUCTURAL_OPS } from './handlers/index.js';
import { writeOnnx } from './onnx/write.js';
import { byteLength } from './tensor.js';
import { countMultiplyAdds } from './work.js';
import { readGraph } from './tfjs/graph.js';
import { parseModelJson, type GraphModelJson } from './tfjs/model-json.js';
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
	/** Fixed shapes for inputs with unknown dims, by input name (e.g. { input: [1, 256, 256, 3] }). */
	inputShapes?: Record<string, number[]>;
	/** Told what the converter is doing, and how far it is (0..1), as it goes. */
	onProgress?: (progress: ConversionProgress) => void;
}

export interface ConversionProgress {
	stage: 'reading weights' | 'converting nodes' | 'writing ONNX';
	fraction: number;
}

/** Calls to onProgress while nodes convert: about this many per conversion. */
const NODE_REPORTS = 50;

export interface ModelFiles {
	/** model.json, plain or gzipped. */
	modelJson: Uint8Array;
	/** Its name, for messages. */
	modelFile: string;
	/** Reads a weight shard named in the manifest (paths relative to model.json). */
	readFile: ReadFile;
}

export interface ConversionReport extends ReportCore {
	direction: 'tfjs-to-onnx';
	opset: number;
	irVersion: number;
	target: Target;
	backends: Record<Backend, BackendSupport>;
}

export interface ConversionResult {
	onnx: Uint8Array;
	report: ConversionReport;
}

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

/** Converts a TF.js graph model already parsed (model.json object plus its files). */
export async function convertGraphModel(
	model: GraphModelJson,
	files: Omit<ModelFiles, 'modelJson'>,
	options: ConvertOptions = {}
): Promise<ConversionResult> {
	const started = performance.now();
	const { opset, target } = checkOptions(options);
	const graph = readGraph(
		model,
		files.modelFile,
		(op) => Object.hasOwn(HANDLERS, op) || STRUCTURAL_OPS.has(op)
	);
	const progress = options.onProgress ?? (() => {});
	progress({ stage: 'reading weights', fraction: 0 });
	const weights = await decodeWeights(model.weightsManifest, files.readFile, files.modelFile);
	const g = new GraphBuilder(target);
	const every = Math.max(1, Math.ceil(graph.order.length / NODE_REPORTS));
	convertNodes(graph, weights, g, options.inputShapes ?? {}, (done, total) => {
		if (done % every === 0)
			progress({ stage: 'converting nodes', fraction: 0.1 + (0.8 * done) / total });
	});
	pruneUnused(g);
	const backends = backendSupport(g.nodes.map((n) => n.op));
	if (target === 'webgl' && Object.keys(backends.webgl.missing).length > 0) {
		throw new ConversionError(webglUnsupportedMessage(backends.webgl.missing));
	}
	progress({ stage: 'writing ONNX', fraction: 0.9 });
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
		direction: 'tfjs-to-onnx',
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
		multiplyAdds: countMultiplyAdds(g.shapedNodes()),
		conversionMs: performance.now() - started,
		rewrites: g.rewrites(),
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

// The reverse converter's entry point: ONNX bytes in, a TF.js graph model (model.json and shards) and a report out.
import { histogram, type ReportCore } from '../report.js';
import type { ReadFile } from '../tfjs/weights.js';
import { TfGraphBuilder } from './builder.js';
import { readOnnxGraph } from './read.js';
import { convertOnnxNodes } from './walk.js';
import { writeTfjs, type TfjsModel } from './write.js';

export const REVERSE_CONVERTER_VERSION = '0.1.0';

export interface OnnxFiles {
	/** The .onnx file's bytes. */
	onnx: Uint8Array;
	/** Its name, for messages. */
	file: string;
	/** Reads a file the model names for its external data (paths relative to the model). */
	readFile?: ReadFile;
}

export interface OnnxConvertOptions {
	/** Fixed shapes for inputs with unknown dims, by input name (e.g. { x: [1, 3, 640, 640] }). */
	inputShapes?: Record<string, number[]>;
	onProgress?: (progress: {
		stage: 'reading ONNX' | 'converting nodes' | 'writing TF.js';
		fraction: number;
	}) => void;
}

export interface TfjsConversionReport extends ReportCore {
	direction: 'onnx-to-tfjs';
	/** The ONNX model's opset and IR version. */
	opset: number;
	irVersion: number;
	shards: number;
}

export interface TfjsConversionResult extends TfjsModel {
	report: TfjsConversionReport;
}

const NODE_REPORTS = 50;

/** Converts an ONNX model to a TF.js graph model that TF.js's own GraphModel executes. */
export async function convertOnnxModel(
	files: OnnxFiles,
	options: OnnxConvertOptions = {}
): Promise<TfjsConversionResult> {
	const started = performance.now();
	const progress = options.onProgress ?? (() => {});
	progress({ stage: 'reading ONNX', fraction: 0 });
	const graph = await readOnnxGraph(files.onnx, files.file, files.readFile);
	const g = new TfGraphBuilder();
	const every = Math.max(1, Math.ceil(graph.nodes.length / NODE_REPORTS));
	const walked = convertOnnxNodes(graph, g, options.inputShapes ?? {}, (done, total) => {
		if (done % every === 0)
			progress({ stage: 'converting nodes', fraction: 0.1 + (0.8 * done) / total });
	});
	progress({ stage: 'writing TF.js', fraction: 0.9 });
	const model = writeTfjs(g.nodes, g.weights, {
		generatedBy: graph.producer || 'unknown ONNX producer',
		convertedBy: `Twinfer ONNX -> TF.js ${REVERSE_CONVERTER_VERSION}`,
		inputs: walked.inputs,
		outputs: walked.outputs
	});
	const info = (list: typeof walked.inputs) =>
		list.map((i) => ({ name: i.name, dtype: i.value.dtype, shape: i.value.shape }));
	const report: TfjsConversionReport = {
		direction: 'onnx-to-tfjs',
		source: { file: files.file, generatedBy: graph.producer || undefined },
		opset: graph.opset,
		irVersion: graph.irVersion,
		inputs: info(walked.inputs),
		outputs: info(walked.outputs),
		opsIn: histogram(graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.op}` : n.op))),
		opsOut: histogram(g.nodes.map((n) => n.op)),
		nodesIn: graph.nodes.length,
		nodesOut: g.nodes.length,
		transposesAdded: { ...g.transposes },
		transposesInModel: graph.nodes.filter((n) => n.op === 'Transpose').length,
		weightBytes: walked.constantBytes,
		multiplyAdds: walked.multiplyAdds,
		initializerBytes: model.shards.reduce((n, s) => n + s.bytes.byteLength, 0),
		conversionMs: performance.now() - started,
		rewrites: g.rewrites(),
		warnings: g.warnings,
		shards: model.shards.length
	};
	return { ...model, report };
}

/**
 * The multiply-adds of one run at `inputShapes`, where every dim they depend on is known: the
 * conversion's walk alone (it works out every shape), with nothing written.
 */
export async function countOnnxWork(
	files: OnnxFiles,
	inputShapes: Record<string, number[]>
): Promise<number | undefined> {
	const graph = await readOnnxGraph(files.onnx, files.file, files.readFile);
	return convertOnnxNodes(graph, new TfGraphBuilder(), inputShapes).multiplyAdds;
}

// A user's model made ready for every cell: its signature read from the model, its ONNX twins made
// by the converter (a TF.js model) or the file itself (ONNX), each twin held in memory or missing with
// the reason. The same code runs in the page's worker and in Node.
import {
	convertModel,
	type ConversionProgress,
	type ConversionReport
} from '../convert/convert.js';
import { ConversionError, ModelFileError } from '../convert/errors.js';
import { readOnnx } from '../convert/onnx/signature.js';
import {
	convertOnnxModel,
	countOnnxWork,
	type TfjsConversionReport,
	type TfjsConversionResult
} from '../convert/to-tfjs/convert.js';
import { webglTwinOfOnnx } from '../convert/webgl-twin.js';
import { shapeOf } from '../convert/tfjs/attrs.js';
import { readGraph, tensorName } from '../convert/tfjs/graph.js';
import { parseModelJson, type GraphModelJson } from '../convert/tfjs/model-json.js';
import { concatBytes, decodeWeights } from '../convert/tfjs/weights.js';
import type { TensorSignature } from '../models/descriptor.js';
import type { ExternalFile, ModelSource, TfjsArtifact } from '../runtimes/types.js';
import type { ModelFileSet, ModelFormat } from './files.js';

export interface PreparedModel {
	name: string;
	format: ModelFormat;
	signature: { inputs: TensorSignature[]; outputs: TensorSignature[] };
	source: ModelSource;
	/** The conversion to ONNX (a TF.js model): its report, and the WebGL twin's or why there is none. */
	conversion?: { report: ConversionReport; webgl: ConversionReport | { error: string } };
	/** ONNX ops with their counts, and what made the file (an ONNX model). */
	onnx?: { ops: Record<string, number>; opsets: Record<string, number>; producer: string };
	/** The conversion to TF.js (an ONNX model), when it worked. */
	toTfjs?: TfjsConversionReport;
	/** Sizes on disk: the files opened, and the ONNX twin. */
	bytes: { opened: number; onnx?: number };
	/** Multiply-adds of one run, where every dim the count needs is fixed in the file or given. */
	multiplyAdds?: number;
	/** What does not work, though the model runs in some cells (e.g. ops that do not convert). */
	problems: string[];
}

export interface PrepareOptions {
	/** Fixed shapes for inputs with unknown dims, by name. */
	inputShapes?: Record<string, number[]>;
	onProgress?: (stage: string, fraction: number) => void;
}

function reader({ files }: Pick<ModelFileSet, 'files'>) {
	return async (path: string) => {
		const bytes = files[decodeURIComponent(path)] ?? files[path];
		if (!bytes) throw new Error('file not found');
		return bytes;
	};
}

/**
 * Multiply-adds of one run of an ONNX model at fixed input shapes (a user's choices fix the dims its
 * file leaves open, a symbolic batch say, which the count at opening had to leave out).
 */
export async function countWork(
	onnx: { bytes: Uint8Array; externalData?: ExternalFile[] },
	inputShapes: Record<string, number[]>
): Promise<number | undefined> {
	const files = Object.fromEntries((onnx.externalData ?? []).map((f) => [f.path, f.data]));
	const readFile = reader({ files });
	return countOnnxWork({ onnx: onnx.bytes, file: 'model.onnx', readFile }, inputShapes);
}

/** Every shard of the manifest, joined in order (what TF.js's loader reads from memory). */
async function joinedWeights(model: GraphModelJson, set: ModelFileSet): Promise<Uint8Array> {
	const read = reader(set);
	const shards = await Promise.all(
		model.weightsManifest.flatMap((g) =>
			g.paths.map((path) =>
				read(path).catch(() => {
					throw new ModelFileError(
						`${set.entry}: weight shard "${path}" is missing; pick it together with ${set.entry}`
					);
				})
			)
		)
	);
	return concatBytes(shards);
}

/** Inputs and outputs read from the graph itself, for a model whose conversion failed. */
function graphSignature(model: GraphModelJson, file: string): PreparedModel['signature'] {
	const graph = readGraph(model, file, () => true);
	return {
		inputs: graph.inputs.map((n) => ({
			name: n.name,
			dtype: n.attr?.dtype?.type === 'DT_INT32' ? 'int32' : 'float32',
			shape: shapeOf(n.attr?.shape?.shape) ?? []
		})),
		outputs: graph.outputs.map((ref) => ({ name: tensorName(ref), dtype: 'float32', shape: [] }))
	};
}

const total = (set: ModelFileSet) => Object.values(set.files).reduce((n, f) => n + f.byteLength, 0);

async function prepareTfjs(set: ModelFileSet, options: PrepareOptions): Promise<PreparedModel> {
	const progress = options.onProgress ?? (() => {});
	progress('reading model.json', 0);
	const modelJson = set.files[set.entry]!;
	const model = await parseModelJson(modelJson, set.entry);
	const weights = await joinedWeights(model, set);
	const files = { modelFile: set.entry, readFile: reader(set) };
	const convert = (target: 'any' | 'webgl', from: number, to: number) =>
		convertModel(
			{ ...files, modelJson },
			{
				target,
				inputShapes: options.inputShapes,
				onProgress: (p: ConversionProgress) =>
					progress(
						`${target === 'webgl' ? 'WebGL twin: ' : ''}${p.stage}`,
						from + (to - from) * p.fraction
					)
			}
		);
	const tfjs = { modelJson: new TextEncoder().encode(JSON.stringify(model)), weights };
	const bytes = { opened: total(set) };
	try {
		const twin = await convert('any', 0.02, 0.6);
		const webgl = await convert('webgl', 0.6, 0.98).catch((e: unknown) => {
			if (e instanceof ConversionError) return { error: e.message };
			throw e;
		});
		const same = 'onnx' in webgl && equal(webgl.onnx, twin.onnx);
		const io = (v: { name: string; dtype: string; shape: (number | string)[] }) => ({
			name: v.name,
			dtype: v.dtype,
			shape: v.shape
		});
		return {
			name: set.name,
			format: 'tfjs',
			signature: { inputs: twin.report.inputs.map(io), outputs: twin.report.outputs.map(io) },
			source: {
				outputs: twin.report.outputs.map((o) => o.name),
				tfjs,
				onnx: { bytes: twin.onnx },
				onnxWebgl:
					'error' in webgl ? { unavailable: webgl.error } : { bytes: same ? twin.onnx : webgl.onnx }
			},
			conversion: { report: twin.report, webgl: 'error' in webgl ? webgl : webgl.report },
			bytes: { ...bytes, onnx: twin.onnx.byteLength },
			multiplyAdds: twin.report.multiplyAdds,
			problems: []
		};
	} catch (e) {
		if (e instanceof ModelFileError || !(e instanceof ConversionError)) throw e;
		// The converter cannot make a twin, but TF.js may still run the model: check its weights,
		// then offer it to the TF.js cells alone.
		await decodeWeights(model.weightsManifest, files.readFile, set.entry);
		const signature = graphSignature(model, set.entry);
		const why = `no ONNX twin: ${withoutFile(e.message, set.entry)}`;
		return {
			name: set.name,
			format: 'tfjs',
			signature,
			source: {
				outputs: signature.outputs.map((o) => o.name),
				tfjs,
				onnx: { unavailable: why },
				onnxWebgl: { unavailable: why }
			},
			bytes,
			problems: [`${set.entry}: ${withoutFile(e.message, set.entry)}`]
		};
	}
}

/** A converter's message without the file name it may start with (the page names the file once). */
const withoutFile = (message: string, file: string) =>
	message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}

/** The TF.js twin of an ONNX model, or why there is none (a ModelFileError stops the open). */
async function tfjsTwin(
	set: ModelFileSet,
	bytes: Uint8Array,
	options: PrepareOptions
): Promise<{ result: TfjsConversionResult; twin: TfjsArtifact } | { error: string }> {
	try {
		const result = await convertOnnxModel(
			{ onnx: bytes, file: set.entry, readFile: reader(set) },
			{
				inputShapes: options.inputShapes,
				onProgress: (p) => options.onProgress?.(`TF.js twin: ${p.stage}`, 0.05 + 0.9 * p.fraction)
			}
		);
		const modelJson = new TextEncoder().encode(JSON.stringify(result.modelJson));
		return {
			result,
			twin: { modelJson, weights: concatBytes(result.shards.map((s) => s.bytes)) }
		};
	} catch (e) {
		if (e instanceof ModelFileError || !(e instanceof ConversionError)) throw e;
		return { error: `no TF.js twin: ${withoutFile(e.message, set.entry)}` };
	}
}

/** The files holding the model's external data, picked with it; a missing one is named. */
async function externalFilesOf(
	set: ModelFileSet,
	paths: string[]
): Promise<{ externalData?: ExternalFile[] }> {
	if (!paths.length) return {};
	const read = reader(set);
	const externalData = await Promise.all(
		paths.map(async (path) => {
			try {
				return { path, data: await read(path) };
			} catch {
				throw new ModelFileError(
					`${set.entry}: its weights are in "${path}", which was not picked with it; pick them together`
				);
			}
		})
	);
	return { externalData };
}

/** Every input's shape when all their dims are known (given, or fixed in the file). */
function fixedShapes(
	model: TfjsConversionResult | undefined
): Record<string, number[]> | undefined {
	const inputs = model?.report.inputs ?? [];
	if (!model || !inputs.every((i) => i.shape.every((d) => typeof d === 'number'))) return undefined;
	return Object.fromEntries(inputs.map((i) => [i.name, i.shape as number[]]));
}

async function prepareOnnx(set: ModelFileSet, options: PrepareOptions): Promise<PreparedModel> {
	options.onProgress?.('reading the ONNX file', 0);
	const bytes = set.files[set.entry]!;
	const summary = readOnnx(bytes, set.entry);
	const externalData = await externalFilesOf(set, summary.external);
	const tfjs = await tfjsTwin(set, bytes, options);
	const converted = 'result' in tfjs ? tfjs.result : undefined;
	const webgl = await webglTwinOfOnnx(bytes, summary.ops, converted, fixedShapes(converted));
	return {
		name: set.name,
		format: 'onnx',
		signature: { inputs: summary.inputs, outputs: summary.outputs },
		source: {
			outputs: summary.outputs.map((o) => o.name),
			tfjs: 'error' in tfjs ? { unavailable: tfjs.error } : tfjs.twin,
			onnx: { bytes, ...externalData },
			onnxWebgl:
				'error' in webgl
					? { unavailable: webgl.error }
					: webgl.bytes === bytes
						? { bytes, ...externalData }
						: { bytes: webgl.bytes }
		},
		onnx: { ops: summary.ops, opsets: summary.opsets, producer: summary.producer },
		...(converted ? { toTfjs: converted.report } : {}),
		bytes: { opened: total(set), onnx: bytes.byteLength },
		multiplyAdds: converted?.report.multiplyAdds,
		problems: 'error' in tfjs ? [`${set.entry}: ${tfjs.error}`] : []
	};
}

/** Reads, checks and converts the model in `set`; a ModelFileError names what is wrong with its files. */
export async function prepareModel(
	set: ModelFileSet,
	options: PrepareOptions = {}
): Promise<PreparedModel> {
	const prepared =
		set.format === 'onnx' ? await prepareOnnx(set, options) : await prepareTfjs(set, options);
	options.onProgress?.('ready', 1);
	return prepared;
}

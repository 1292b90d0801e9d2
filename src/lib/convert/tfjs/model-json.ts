// The TF.js graph-model format (model.json): its types, and a parser that names what is wrong.
import { ModelFileError } from '../errors.js';

export interface TensorShapeJson {
	dim?: { size?: string | number }[];
	unknownRank?: boolean;
}

export interface AttrValueJson {
	s?: string;
	i?: string | number;
	f?: number;
	b?: boolean;
	type?: string;
	shape?: TensorShapeJson;
	tensor?: { dtype?: string; tensorShape?: TensorShapeJson };
	list?: {
		s?: string[];
		i?: (string | number)[];
		f?: number[];
		b?: boolean[];
		type?: string[];
		shape?: TensorShapeJson[];
	};
	func?: { name: string };
}

export interface NodeJson {
	name: string;
	op: string;
	input?: string[];
	attr?: Record<string, AttrValueJson>;
	device?: string;
}

export interface QuantizationJson {
	dtype: 'uint8' | 'uint16' | 'float16';
	scale?: number;
	min?: number;
	original_dtype?: string;
}

export interface WeightEntryJson {
	name: string;
	shape: number[];
	dtype: string;
	quantization?: QuantizationJson;
}

export interface WeightGroupJson {
	paths: string[];
	weights: WeightEntryJson[];
}

export interface TensorInfoJson {
	name: string;
	dtype?: string;
	tensorShape?: TensorShapeJson;
}

export interface SignatureJson {
	inputs?: Record<string, TensorInfoJson>;
	outputs?: Record<string, TensorInfoJson>;
}

export interface GraphModelJson {
	format?: string;
	generatedBy?: string;
	convertedBy?: string;
	modelTopology: { node: NodeJson[]; library?: { function?: unknown[] }; versions?: unknown };
	weightsManifest: WeightGroupJson[];
	signature?: SignatureJson;
	userDefinedMetadata?: { signature?: SignatureJson } & Record<string, unknown>;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether `bytes` start as a gzip stream does. */
export function isGzip(bytes: Uint8Array): boolean {
	return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The bytes of a gzip stream, inflated (the platform's DecompressionStream). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses model.json bytes (plain or gzipped) and checks that it is a TF.js graph model. */
export async function parseModelJson(bytes: Uint8Array, file: string): Promise<GraphModelJson> {
	if (bytes.byteLength === 0) throw new ModelFileError(`${file}: the file is empty`);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(
			isGzip(bytes) ? await gunzip(bytes) : bytes
		);
	} catch (e) {
		throw new ModelFileError(`${file}: cannot read as UTF-8 or gzip (${(e as Error).message})`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new ModelFileError(`${file}: not JSON (${(e as Error).message})`);
	}
	return checkGraphModel(json, file);
}

function checkGraphModel(json: unknown, file: string): GraphModelJson {
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new ModelFileError(
			`${file}: expected a JSON object with modelTopology and weightsManifest`
		);
	}
	const model = json as Partial<GraphModelJson> & { format?: unknown };
	if (model.format === 'layers-model') {
		throw new ModelFileError(
			`${file}: is a TF.js layers model; only graph models (format "graph-model") convert: make one with tensorflowjs_converter --input_format=tfjs_layers_model --output_format=tfjs_graph_model`
		);
	}
	if (model.format !== undefined && model.format !== 'graph-model') {
		throw new ModelFileError(
			`${file}: format is ${JSON.stringify(model.format)}, expected "graph-model"`
		);
	}
	const nodes = model.modelTopology?.node;
	if (!Array.isArray(nodes)) {
		throw new ModelFileError(`${file}: modelTopology.node is missing; not a TF.js graph model`);
	}
	for (const [i, node] of nodes.entries()) {
		if (typeof node?.name !== 'string' || typeof node.op !== 'string') {
			throw new ModelFileError(`${file}: modelTopology.node[${i}] has no name or op`);
		}
	}
	if (!Array.isArray(model.weightsManifest)) {
		throw new ModelFileError(`${file}: weightsManifest is missing or not a list`);
	}
	for (const [g, group] of model.weightsManifest.entries()) {
		if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
			throw new ModelFileError(`${file}: weightsManifest[${g}] needs "paths" and "weights" lists`);
		}
	}
	return model as GraphModelJson;
}

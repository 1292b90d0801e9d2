// Writes the TF.js graph model: model.json (topology, signature by ONNX names, manifest) and weight shards of at most 4 MB.
import type { GraphModelJson, TensorInfoJson, WeightEntryJson } from '../tfjs/model-json.js';
import { concatBytes } from '../tfjs/weights.js';
import type { Weight } from './builder.js';
import { tfAttr, tfDTypeName } from './tf-attrs.js';
import type { TfValue } from './value.js';

/** TF.js's own converter splits weights into shards of this size. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export interface TfjsModel {
	modelJson: GraphModelJson;
	/** Shards by file name, in manifest order. */
	shards: { path: string; bytes: Uint8Array }[];
}

export interface ModelMeta {
	generatedBy: string;
	convertedBy: string;
	inputs: { name: string; ref: string; value: TfValue }[];
	outputs: { name: string; ref: string; value: TfValue }[];
}

function weightBytes(w: Weight): Uint8Array {
	const data = w.tensor.data;
	if (Array.isArray(data)) throw new Error(`weight ${w.name}: string tensors are not written`);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function tensorInfo(ref: string, v: TfValue): TensorInfoJson {
	return {
		name: ref.includes(':') ? ref : `${ref}:0`,
		dtype: tfDTypeName(v.dtype),
		tensorShape: tfAttr.shape(v.shape.map((d) => (typeof d === 'number' ? d : -1))).shape
	};
}

export function writeTfjs(
	nodes: GraphModelJson['modelTopology']['node'],
	weights: Weight[],
	meta: ModelMeta
): TfjsModel {
	const all = concatBytes(weights.map(weightBytes));
	const count = Math.ceil(all.byteLength / SHARD_BYTES);
	const shards = Array.from({ length: count }, (_, i) => ({
		path: `group1-shard${i + 1}of${count}.bin`,
		bytes: all.slice(i * SHARD_BYTES, (i + 1) * SHARD_BYTES)
	}));
	const entries: WeightEntryJson[] = weights.map((w) => ({
		name: w.name,
		shape: w.tensor.shape,
		dtype: w.tensor.dtype === 'int64' ? 'int32' : w.tensor.dtype
	}));
	const modelJson: GraphModelJson = {
		format: 'graph-model',
		generatedBy: meta.generatedBy,
		convertedBy: meta.convertedBy,
		modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
		weightsManifest: [{ paths: shards.map((s) => s.path), weights: entries }],
		signature: {
			inputs: Object.fromEntries(meta.inputs.map((i) => [i.name, tensorInfo(i.ref, i.value)])),
			outputs: Object.fromEntries(meta.outputs.map((o) => [o.name, tensorInfo(o.ref, o.value)]))
		}
	};
	return { modelJson, shards };
}

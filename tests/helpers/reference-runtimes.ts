// The two independent runtimes the twins are checked on in Node: TF.js (CPU backend) and onnxruntime-node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { GraphModelJson } from '../../src/lib/convert/tfjs/model-json.js';
import type { InputTensor } from '../../src/lib/models/preprocess.js';

export type OutputArrays = Record<string, Float32Array | Int32Array>;

/** Loads a TF.js graph model from model.json and its shards in memory. */
export async function loadTfjs(json: GraphModelJson, weights: Uint8Array): Promise<tf.GraphModel> {
	await tf.setBackend('cpu');
	const buffer = weights.buffer.slice(
		weights.byteOffset,
		weights.byteOffset + weights.byteLength
	) as ArrayBuffer;
	return tf.loadGraphModel(
		tf.io.fromMemory({
			modelTopology: json.modelTopology,
			weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
			weightData: buffer,
			format: json.format,
			signature: json.signature,
			userDefinedMetadata: json.userDefinedMetadata
		} as tf.io.ModelArtifacts)
	);
}

export async function loadTfjsFromDir(dir: string): Promise<tf.GraphModel> {
	const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as GraphModelJson;
	const shards = json.weightsManifest.flatMap((g) =>
		g.paths.map((p) => readFileSync(join(dir, p)))
	);
	return loadTfjs(json, new Uint8Array(Buffer.concat(shards)));
}

export function runTfjs(
	model: tf.GraphModel,
	inputName: string,
	input: InputTensor,
	outputNames: string[]
): OutputArrays {
	const x = tf.tensor(
		input.data as Float32Array | Int32Array,
		input.shape,
		input.dtype as 'float32' | 'int32'
	);
	const result = model.execute({ [inputName]: x }, outputNames);
	const list = Array.isArray(result) ? result : [result];
	const arrays = Object.fromEntries(
		outputNames.map((name, i) => [name, list[i]!.dataSync() as Float32Array | Int32Array])
	);
	tf.dispose([x, ...list]);
	return arrays;
}

export async function runOrt(
	session: ort.InferenceSession,
	inputName: string,
	input: InputTensor
): Promise<OutputArrays> {
	const feeds = { [inputName]: new ort.Tensor(input.dtype, input.data, input.shape) };
	const result = await session.run(feeds);
	return Object.fromEntries(
		Object.entries(result).map(([name, t]) => [name, t.data as Float32Array | Int32Array])
	);
}

export { ort, tf };

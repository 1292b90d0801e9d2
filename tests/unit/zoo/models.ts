// The converters on every graph model of the pinned package, not only the ones it ships: each one
// converts and agrees with TF.js on a random input, or fails naming why; and the round trip (TF.js ->
// ONNX -> TF.js, through both converters) agrees with the original. The models are split between
// test files (part-*.test.ts) so that both of the machine's cores work on them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertGraphModel, type ConvertOptions } from '../../../src/lib/convert/convert.js';
import { ConversionError } from '../../../src/lib/convert/errors.js';
import { convertOnnxModel } from '../../../src/lib/convert/to-tfjs/convert.js';
import { concatBytes } from '../../../src/lib/convert/tfjs/weights.js';
import type { GraphModelJson } from '../../../src/lib/convert/tfjs/model-json.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { rng } from '../../helpers/random-input.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { zooModels } from '../../helpers/zoo-models.js';

/** Every model file of the package, unpacked before the tests are collected. */
const zooDir = await zooModels();

/** rvm's frame and recurrent states at a downsample ratio of 0.25: its inputs have no shape, not even a rank. */
const RVM_SHAPES = {
	src: [1, 256, 256, 3],
	r1i: [1, 32, 32, 16],
	r2i: [1, 16, 16, 20],
	r3i: [1, 8, 8, 40],
	r4i: [1, 4, 4, 64]
};

/**
 * Inputs with unknown dims need a size to convert: movenet-multipose's spatial dims (SAME padding
 * with stride 2), facemesh-attention's batch (its landmark transforms slice along a reshape of it).
 */
const OPTIONS: Record<string, ConvertOptions> = {
	'facemesh-attention': { inputShapes: { input_1: [1, 192, 192, 3] } },
	'movenet-multipose': { inputShapes: { input: [1, 256, 256, 3] } },
	rvm: { inputShapes: RVM_SHAPES }
};

/**
 * Inputs fixed to a value, made constants of the graph for both twins: rvm's tf.cond on its
 * downsample ratio converts only when its predicate folds.
 */
const FROZEN: Record<string, Record<string, number>> = { rvm: { downsample_ratio: 0.25 } };

/** Conversions that fail naming why: the models above without their options or frozen inputs. */
const FAILURES: { id: string; options?: ConvertOptions; message: RegExp }[] = [
	{
		id: 'facemesh-attention',
		message:
			/^node "[^"]+": slicing dim 1 needs a static size; it comes from input "input_1" \[\?, 192, 192, 3\]: give its shape \(--input-shape input_1=N,192,192,3, or inputShapes\)$/
	},
	{
		id: 'movenet-multipose',
		message:
			/^node "[^"]+" \(_FusedConv2D\): SAME padding with stride 2 needs a static height; it is a dim of input "input" \[1, \?, \?, 3\]: give its shape \(--input-shape input=1,H,W,3, or inputShapes\)$/
	},
	{
		id: 'faceboxes',
		message:
			/^faceboxes\.json: while loop "nms\/map\/while\/while_context" does not convert: the converter has no ONNX Loop, TensorArray or TensorList; its body also runs NonMaxSuppressionV3, TensorArrayReadV3, TensorArrayWriteV3, Where$/
	},
	{
		id: 'handtrack',
		message:
			/^handtrack\.json: while loop "StatefulPartitionedCall\/map\/while" does not convert: the converter has no ONNX Loop, TensorArray or TensorList; its body also runs TensorListGetItem, TensorListSetItem$/
	},
	{
		id: 'rvm',
		options: { inputShapes: { ...RVM_SHAPES, downsample_ratio: [] } },
		message:
			/^node "[^"]+\/cond\/[^"]+" \(Switch\): its tf\.cond predicate is known only at run time \(it depends on input "downsample_ratio"\)/
	}
];

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

/** A model's model.json and shards; frozen inputs become Const nodes, their values appended to the last shard. */
function load(id: string, frozen: Record<string, number> = {}) {
	const json = JSON.parse(readFileSync(join(zooDir, `${id}.json`), 'utf8')) as GraphModelJson;
	const paths = json.weightsManifest.flatMap((g) => g.paths);
	const shards = new Map(paths.map((p) => [p, new Uint8Array(readFileSync(join(zooDir, p)))]));
	const values = Object.entries(frozen);
	for (const [name] of values) {
		json.modelTopology.node.find((n) => n.name === name)!.op = 'Const';
		json.weightsManifest.at(-1)!.weights.push({ name, shape: [], dtype: 'float32' });
		for (const [key, input] of Object.entries(json.signature?.inputs ?? {}))
			if (input.name.startsWith(`${name}:`)) delete json.signature!.inputs![key];
	}
	const last = paths.at(-1)!;
	const appended = new Uint8Array(Float32Array.from(values.map(([, v]) => v)).buffer);
	shards.set(last, new Uint8Array(Buffer.concat([shards.get(last)!, appended])));
	const files = { modelFile: `${id}.json`, readFile: async (p: string) => shards.get(p)! };
	return { json, files, weights: new Uint8Array(Buffer.concat(paths.map((p) => shards.get(p)!))) };
}

/**
 * Part `part` of `parts` of the package's models (every parts-th one): the first part also checks the
 * count and the models that fail naming why.
 */
export function describeZoo(part: number, parts: number): void {
	describe(`the package's graph models, part ${part + 1} of ${parts}`, () => {
		if (part === 0) describeFailures();
		const converting = ids().filter((id, i) => i % parts === part && !LOOPS.includes(id));
		it.each(converting)('%s', checkModel, 120_000);
	});
}

/** The models with a while loop: they fail naming it, and have no twin to check. */
const LOOPS = ['faceboxes', 'handtrack'];

function describeFailures(): void {
	it('has models to try', () => {
		expect(ids().length).toBe(41);
	});

	it.each(FAILURES)('$id fails naming why', async ({ id, options, message }) => {
		const { json, files } = load(id);
		const error = await convertGraphModel(json, files, options).then(
			() => undefined,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ConversionError);
		expect((error as Error).message).toMatch(message);
	});
}

/** The model converts, agrees with TF.js, and comes back through the reverse converter. */
async function checkModel(id: string): Promise<void> {
	const { json, files, weights } = load(id, FROZEN[id]);
	const { onnx, report } = await convertGraphModel(json, files, OPTIONS[id]);
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
		ortFeeds[input.name] = new ort.Tensor(input.dtype as 'float32', data as Float32Array, shape);
	}
	const names = report.outputs.map((o) => o.name);
	const result = await model.executeAsync(feeds, names);
	const expected = Array.isArray(result) ? result : [result];
	const original = expected.map((t) => t.dataSync() as Float32Array);
	const actual = await session.run(ortFeeds);
	const within = (name: string, got: ArrayLike<number>, i: number) => {
		const a = tensorAgreement(original[i]!, got as Float32Array);
		const tolerance = MASKS.has(`${id}/${name}`) ? MASK_TOLERANCE : 1e-4;
		expect(a.maxAbs / Math.max(a.peak, 1e-3), `${name}: ${JSON.stringify(a)}`).toBeLessThanOrEqual(
			tolerance
		);
		return a.maxAbs / Math.max(a.peak, 1e-3);
	};
	names.forEach((name, i) => within(name, actual[name]!.data as Float32Array, i));
	await session.release();
	// The round trip: the ONNX twin back to TF.js by the reverse converter, run by TF.js again.
	const back = await convertOnnxModel({ onnx, file: `${id}.onnx` });
	const twin = await loadTfjs(back.modelJson, concatBytes(back.shards.map((s) => s.bytes)));
	const again = await twin.executeAsync(feeds, names);
	const roundTrip = (Array.isArray(again) ? again : [again]).map((t) => t.dataSync());
	const worst = Math.max(...names.map((name, i) => within(name, roundTrip[i]!, i)));
	const r = back.report;
	expect(r.multiplyAdds, 'both converters count the same work').toBe(report.multiplyAdds);
	console.log(
		`round trip ${id}: ${report.nodesIn} TF -> ${report.nodesOut} ONNX -> ${r.nodesOut} TF nodes; Transposes inside ${report.transposesAdded.inside} then ${r.transposesAdded.inside}; worst ${worst.toExponential(1)}; ${r.conversionMs.toFixed(0)} ms back`
	);
	tf.dispose([...Object.values(feeds), ...expected, ...(Array.isArray(again) ? again : [again])]);
	model.dispose();
	twin.dispose();
}

// The reverse converter on a model born in PaddlePaddle: PP-OCRv4 detection (paddle2onnx) becomes a TF.js
// graph model whose outputs agree with onnxruntime-node within 1e-4 and find the same text boxes.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	convertOnnxModel,
	type TfjsConversionResult
} from '../../../src/lib/convert/to-tfjs/convert.js';
import { SHARD_BYTES } from '../../../src/lib/convert/to-tfjs/write.js';
import { concatBytes } from '../../../src/lib/convert/tfjs/weights.js';
import { cardInput } from '../../../src/lib/models/card-run.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { detectionAgreement } from '../../../src/lib/tasks/boxes.js';
import { textBoxes } from '../../../src/lib/tasks/text-detection.js';
import { card, loadImage } from '../../helpers/artifacts.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { rng } from '../../helpers/random-input.js';
import { OCR_DETECTION, OCR_DIRECTION, OCR_RECOGNITION } from '../../helpers/user-models.js';

const c = card('ppocr-det');
const [height, width] = c.input.shape.slice(2) as number[];
let result: TfjsConversionResult;

beforeAll(async () => {
	result = await convertOnnxModel({
		onnx: readFileSync(OCR_DETECTION),
		file: 'ch_PP-OCRv4_det_infer.onnx'
	});
});

describe('PP-OCRv4 detection, ONNX -> TF.js', () => {
	it('keeps the ONNX names, dtypes and NCHW layout at its edges, and adds no Transpose inside', () => {
		const { report } = result;
		expect(report.inputs).toEqual([
			{
				name: 'x',
				dtype: 'float32',
				shape: [expect.any(String), 3, expect.any(String), expect.any(String)]
			}
		]);
		expect(report.outputs.map((o) => o.name)).toEqual(['sigmoid_0.tmp_0']);
		expect(report.transposesAdded).toEqual({ edge: 2, inside: 0 });
		expect(Object.keys(result.modelJson.signature?.inputs ?? {})).toEqual(['x']);
		console.log(
			`PP-OCR: ${report.nodesIn} ONNX nodes -> ${report.nodesOut} TF in ${report.conversionMs.toFixed(0)} ms; ${report.shards} shards; Transposes ${JSON.stringify(report.transposesAdded)}`
		);
	});

	it('writes shards of at most 4 MB that hold every weight', () => {
		expect(result.shards.every((s) => s.bytes.byteLength <= SHARD_BYTES)).toBe(true);
		expect(result.shards.reduce((n, s) => n + s.bytes.byteLength, 0)).toBe(
			result.report.initializerBytes
		);
		expect(result.shards.map((s) => s.path)).toEqual([
			'group1-shard1of2.bin',
			'group1-shard2of2.bin'
		]);
	});

	it('agrees with onnxruntime-node within 1e-4 of the peak on the text photo, and finds the same boxes', async () => {
		const input = cardInput(loadImage('text.jpg'), c);
		const model = await loadTfjs(result.modelJson, concatBytes(result.shards.map((s) => s.bytes)));
		const x = tf.tensor(input.data as Float32Array, input.shape);
		const out = model.execute({ x }, 'sigmoid_0.tmp_0') as tf.Tensor;
		const tfjs = out.dataSync() as Float32Array;
		tf.dispose([x, out]);
		model.dispose();
		// 'basic': onnxruntime's own kernels without the NCHWc fusions that reorder float sums (see twins.test.ts).
		const session = await ort.InferenceSession.create(readFileSync(OCR_DETECTION), {
			graphOptimizationLevel: 'basic'
		});
		const feeds = { x: new ort.Tensor('float32', input.data as Float32Array, input.shape) };
		const onnx = (await session.run(feeds))['sigmoid_0.tmp_0']!.data as Float32Array;
		await session.release();
		const a = tensorAgreement(onnx, tfjs);
		console.log(
			`PP-OCR text.jpg: max abs ${a.maxAbs.toExponential(2)} of peak ${a.peak.toFixed(3)}`
		);
		expect(a.maxAbs / a.peak).toBeLessThanOrEqual(1e-4);
		const boxes = (map: Float32Array) => textBoxes(map, width!, height!, 'text');
		const judged = detectionAgreement(boxes(onnx), boxes(tfjs), 0.9);
		expect(judged.countA).toBeGreaterThanOrEqual(3);
		expect(judged.same).toBe(true);
	});
});

describe("PaddleOCR's other two models, ONNX -> TF.js", () => {
	/** The direction classifier (a small CNN) and the recognizer (SVTR: convolutions, then attention). */
	const models = [
		{ name: 'direction', path: OCR_DIRECTION, shape: [1, 3, 48, 192] },
		{ name: 'recognition', path: OCR_RECOGNITION, shape: [1, 3, 48, 320] }
	];

	it.each(models)(
		'$name agrees with onnxruntime-node within 1e-4 on a seeded input',
		async ({ name: id, path, shape }) => {
			const onnx = readFileSync(path);
			const file = `${id}.onnx`;
			const { modelJson, shards, report } = await convertOnnxModel({ onnx, file });
			const next = rng(3);
			const data = Float32Array.from(
				{ length: shape.reduce((a, b) => a * b, 1) },
				() => next() * 4 - 2
			);
			const model = await loadTfjs(modelJson, concatBytes(shards.map((s) => s.bytes)));
			const x = tf.tensor(data, shape);
			const name = report.outputs[0]!.name;
			const out = model.execute({ x }, name) as tf.Tensor;
			const tfjs = out.dataSync() as Float32Array;
			tf.dispose([x, out]);
			model.dispose();
			const session = await ort.InferenceSession.create(onnx);
			const expected = (await session.run({ x: new ort.Tensor('float32', data, shape) }))[name]!;
			await session.release();
			const a = tensorAgreement(expected.data as Float32Array, tfjs);
			console.log(
				`${report.source.file}: ${report.nodesIn} ONNX -> ${report.nodesOut} TF nodes, Transposes ${JSON.stringify(report.transposesAdded)}; max abs ${a.maxAbs.toExponential(2)} of peak ${a.peak.toFixed(3)}`
			);
			expect(a.maxAbs / a.peak).toBeLessThanOrEqual(1e-4);
		}
	);
});

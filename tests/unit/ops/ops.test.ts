// Data-driven op tests: each case (cases/*.json) runs in TF.js and, converted, in onnxruntime-node;
// where a case gives its multiply-adds, both converters count them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertGraphModel } from '../../../src/lib/convert/convert.js';
import { convertOnnxModel } from '../../../src/lib/convert/to-tfjs/convert.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { caseFamilies } from '../../helpers/case-families.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { buildCase, type OpCase } from './case-model.js';

const families = caseFamilies<OpCase>(join(import.meta.dirname, 'cases'));

async function runCase(c: OpCase, seed: number) {
	const built = buildCase(c, seed);
	const { onnx, report } = await convertGraphModel(
		built.model,
		{ modelFile: `${c.name}.json`, readFile: async () => built.weights },
		{ target: c.target }
	);
	const model = await loadTfjs(built.model, built.weights);
	const feeds = Object.fromEntries(
		built.feeds.map((f) => [f.name, tf.tensor(f.data, f.shape, f.dtype)])
	);
	const result = model.execute(feeds, built.outputNames);
	const expected = (Array.isArray(result) ? result : [result]).map((t) => ({
		dtype: t.dtype,
		shape: t.shape,
		data: t.dataSync()
	}));
	const session = await ort.InferenceSession.create(onnx);
	const ortFeeds = Object.fromEntries(
		built.feeds.map((f) => [
			f.name,
			f.dtype === 'bool'
				? new ort.Tensor('bool', f.data as Uint8Array, f.shape)
				: new ort.Tensor(f.dtype, f.data as Float32Array, f.shape)
		])
	);
	const actual = await session.run(ortFeeds);
	await session.release();
	model.dispose();
	return { expected, actual, outputNames: built.outputNames, report, onnx };
}

describe.each(families)('op family $family', ({ cases }) => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
		const { expected, actual, outputNames, report, onnx } = await runCase(c, 11);
		expect(
			report.nodesOut,
			'the converted graph has nodes or folds to constants'
		).toBeGreaterThanOrEqual(0);
		if (c.multiplyAdds !== undefined) {
			expect(report.multiplyAdds, 'multiply-adds counted on the way to ONNX').toBe(c.multiplyAdds);
			const back = await convertOnnxModel({ onnx, file: `${c.name}.onnx` });
			expect(back.report.multiplyAdds, 'multiply-adds counted on the ONNX graph read back').toBe(
				c.multiplyAdds
			);
		}
		outputNames.forEach((name, i) => {
			const want = expected[i]!;
			const got = actual[name];
			expect(got, `output ${name}`).toBeDefined();
			expect([...got!.dims], `shape of ${name}`).toEqual(want.shape);
			if (want.dtype === 'float32') {
				const a = tensorAgreement(want.data as Float32Array, got!.data as Float32Array);
				expect(
					a.maxAbs / Math.max(a.peak, 1e-6),
					`${name}: ${JSON.stringify(a)}`
				).toBeLessThanOrEqual(c.tolerance ?? 1e-5);
			} else {
				expect(
					Array.from(got!.data as ArrayLike<number | boolean>, Number),
					`values of ${name}`
				).toEqual(Array.from(want.data, Number));
			}
		});
	});
});

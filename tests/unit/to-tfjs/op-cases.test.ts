// Data-driven op tests of the ONNX -> TF.js converter: each case (cases/*.json) runs in onnxruntime-node and, converted, in TF.js.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertOnnxModel } from '../../../src/lib/convert/to-tfjs/convert.js';
import { concatBytes } from '../../../src/lib/convert/tfjs/weights.js';
import { tensorAgreement } from '../../../src/lib/measure/tensor-agreement.js';
import { caseFamilies } from '../../helpers/case-families.js';
import { loadTfjs, ort, tf } from '../../helpers/reference-runtimes.js';
import { buildCase, type Feed, type OpCase } from './onnx-case.js';

const families = caseFamilies<OpCase>(join(import.meta.dirname, 'cases'));

interface Result {
	dims: readonly number[];
	data: ArrayLike<number | bigint>;
}

async function runOrt(onnx: Uint8Array, feeds: Feed[], names: string[]): Promise<Result[]> {
	const session = await ort.InferenceSession.create(onnx);
	const inputs = Object.fromEntries(
		feeds.map((f) => [f.name, new ort.Tensor(f.dtype, f.data, f.shape)])
	);
	const out = await session.run(inputs);
	await session.release();
	return names.map((n) => ({ dims: out[n]!.dims, data: out[n]!.data as Result['data'] }));
}

async function runTfjs(onnx: Uint8Array, feeds: Feed[], c: OpCase) {
	const { modelJson, shards } = await convertOnnxModel({ onnx, file: `${c.name}.onnx` });
	const model = await loadTfjs(modelJson, concatBytes(shards.map((s) => s.bytes)));
	const sig = modelJson.signature!;
	const ref = (info: { name: string }) => info.name.replace(/:0$/, '');
	const inputs = Object.fromEntries(
		feeds.map((f) => [
			ref(sig.inputs![f.name]!),
			tf.tensor(
				f.data instanceof BigInt64Array ? Int32Array.from(f.data, Number) : f.data,
				f.shape,
				f.dtype === 'float32' || f.dtype === 'bool' ? f.dtype : 'int32'
			)
		])
	);
	const names = Object.values(sig.outputs!).map(ref);
	const result = model.execute(inputs, names);
	const outputs = (Array.isArray(result) ? result : [result]).map((t) => ({
		dims: t.shape,
		data: t.dataSync()
	}));
	tf.dispose([...Object.values(inputs), ...(Array.isArray(result) ? result : [result])]);
	model.dispose();
	const ops = modelJson.modelTopology.node
		.map((n) => n.op)
		.filter((op) => op !== 'Const' && op !== 'Placeholder');
	return { outputs, ops };
}

describe.each(families)('op family $family', ({ cases }) => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
		const built = buildCase(c, 7);
		if (c.refused) {
			await expect(convertOnnxModel({ onnx: built.onnx, file: 'case.onnx' })).rejects.toThrow(
				c.refused
			);
			return;
		}
		const want = await runOrt(built.onnx, built.feeds, built.outputNames);
		const { outputs, ops } = await runTfjs(built.onnx, built.feeds, c);
		if (c.tfOps) expect(ops, 'TF ops written').toEqual(c.tfOps);
		want.forEach((w, i) => {
			const got = outputs[i]!;
			expect([...got.dims], `shape of output ${i}`).toEqual([...w.dims]);
			const [a, b] = [Array.from(w.data, Number), Array.from(got.data, Number)];
			if (w.data instanceof Float32Array) {
				const agree = tensorAgreement(a, b);
				expect(
					agree.maxAbs / Math.max(agree.peak, 1e-6),
					`output ${i}: ${JSON.stringify(agree)}`
				).toBeLessThanOrEqual(c.tolerance ?? 1e-5);
			} else expect(b, `values of output ${i}`).toEqual(a);
		});
	});
});

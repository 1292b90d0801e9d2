// Smoke test: every ONNX twin runs in onnxruntime-web on WASM in real Chromium and agrees with
// onnxruntime-node, an independent reference (the matrix holds the other cells to this one).
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import {
	openOnnxPage,
	pageTensorValues,
	runOnnxInPage,
	toBase64
} from '../../scripts/lib/onnx-page.js';
import { tensorAgreement } from '../../src/lib/measure/tensor-agreement.js';
import { cardInput } from '../../src/lib/models/card-run.js';
import { card, loadImage, manifest, MODEL_IDS, modelsDir } from '../helpers/artifacts.js';
import { ort } from '../helpers/reference-runtimes.js';

/** onnxruntime-web's own tolerance on WASM, relative to the output's peak. */
const WASM_REL_TO_PEAK = 1e-4;

test('the browser has WebGPU, WebGL2 and cross-origin isolation', async ({ page }) => {
	await openOnnxPage(page, '/');
	const env = await page.evaluate(() =>
		(window as unknown as { environment: () => Promise<Record<string, unknown>> }).environment()
	);
	console.log(JSON.stringify(env));
	expect(env.webgpu, 'a WebGPU adapter').not.toBeNull();
	expect(env.webgl2, 'a WebGL2 context').not.toBeNull();
	expect(env.crossOriginIsolated).toBe(true);
});

for (const id of MODEL_IDS) {
	test.describe(id, () => {
		const c = card(id);
		const input = cardInput(loadImage('astronaut.jpg'), c);
		const pageInput = {
			name: c.input.name,
			dtype: input.dtype,
			shape: input.shape,
			data: toBase64(input.data)
		};
		const reference: Record<string, { data: Float32Array; dims: number[] }> = {};

		test.beforeAll(async () => {
			const session = await ort.InferenceSession.create(join(modelsDir, id, 'model.onnx'));
			const results = await session.run({
				[c.input.name]: new ort.Tensor(input.dtype, input.data, input.shape)
			});
			for (const [name, t] of Object.entries(results))
				reference[name] = { data: t.data as Float32Array, dims: [...t.dims] };
			await session.release();
		});

		test('runs on wasm', async ({ page }) => {
			await openOnnxPage(page, '/');
			const run = await runOnnxInPage(page, {
				url: `/models/${id}/model.onnx`,
				ep: 'wasm',
				input: pageInput
			});
			expect(run.error ?? '').toBe('');
			for (const [name, expected] of Object.entries(reference)) {
				const out = run.outputs![name]!;
				expect(out.dims, `dims of ${name}`).toEqual(expected.dims);
				const a = tensorAgreement(expected.data, pageTensorValues(out));
				console.log(
					`${id} wasm ${name}: session ${run.createMs!.toFixed(0)} ms, first run ${run.runMs!.toFixed(0)} ms, max abs ${a.maxAbs.toExponential(2)}, rel ${a.relToPeak.toExponential(2)}, cosine ${a.cosine.toFixed(6)}`
				);
				expect(
					a.maxAbs / Math.max(a.peak, 1e-3),
					`${name} within the wasm tolerance`
				).toBeLessThanOrEqual(WASM_REL_TO_PEAK);
			}
		});

		const { webglError } = manifest(id);
		if (webglError)
			test('has no WebGL twin, and onnxruntime-web on WebGL indeed refuses the plain one', async ({
				page
			}) => {
				// No exact rewrite exists: the converter names the ops, and the plain twin indeed fails there.
				expect(webglError).toMatch(/^unsupported on webgl: /);
				await openOnnxPage(page, '/');
				const plain = await runOnnxInPage(page, {
					url: `/models/${id}/model.onnx`,
					ep: 'webgl',
					input: pageInput
				});
				expect(plain.ok).toBe(false);
				expect(plain.error).toContain('TopK');
				console.log(
					`${id} on webgl: ${webglError}; onnxruntime-web: ${plain.error?.split('\n')[0]}`
				);
			});
	});
}

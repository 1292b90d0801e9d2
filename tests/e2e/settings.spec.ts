// Each cell's settings in the built app: chosen in the URL or in the tile, applied by the runtime
// (TF.js WebGL on float16 textures, TF.js WASM without SIMD, ORT WASM on two threads and on the
// model's float16 twin), shown with what ran, kept in the URL; a wrong one named; a float16 model on a
// WebGPU adapter without shader-f16 unavailable with that reason; every agreement figure with the
// tolerance it is held to.
import type { Page } from '@playwright/test';
import { APP, expect, test } from './support/isolation.js';

/** Waits until cell `id` runs again, with a few runs. */
async function running(page: Page, id: string) {
	await expect
		.poll(
			() =>
				page
					.locator(`[data-cell="${id}"]`)
					.evaluate(
						(e) =>
							e.getAttribute('data-status') === 'running' &&
							Number(e.getAttribute('data-runs')) >= 2
					),
			{ timeout: 180_000, intervals: [1000] }
		)
		.toBe(true);
}

/** The environment panel's line for the runtime of the cell named `name`. */
const runtimeLine = (page: Page, name: string) =>
	page.locator('.runtime', { hasText: `${name}: ` });

test('settings per cell: from the URL and the tile, applied, shown and kept', async ({
	page
}, testInfo) => {
	await page.goto(
		`${APP}/?model=emotion&cells=ort-wasm,ort-webgpu,tfjs-wasm,tfjs-webgl&tfjs-webgl.f16-textures=on&tfjs-webgl.input-path=runtime&ort-webgpu.precision=f16&ort-wasm.threads=99`
	);
	// A wrong setting is named, and the cell runs with its default.
	await expect(page.getByRole('alert')).toContainText(
		'ort-wasm.threads: "99" is not a whole number from 1 to'
	);
	const webgl = page.locator('[data-cell="tfjs-webgl"]');
	await expect(webgl.locator('[data-settings]')).toHaveAttribute(
		'data-settings',
		"float16 textures · the runtime's input path"
	);
	for (const id of ['ort-wasm', 'tfjs-wasm', 'tfjs-webgl']) await running(page, id);
	// SwiftShader's adapter has no shader-f16.
	await expect(page.locator('[data-cell="ort-webgpu"] .status')).toHaveText(
		"unavailable: this GPU's WebGPU adapter has no shader-f16: a float16 model needs it on WebGPU"
	);
	// TF.js makes the input itself on WebGL (fromPixels, resizeBilinear), into half-float textures.
	await expect(runtimeLine(page, 'TF.js · WebGL')).toContainText(
		"webgl, float16 textures · the runtime's input path"
	);
	await expect(runtimeLine(page, 'ONNX Runtime · WASM')).toContainText('wasm, 1 thread');

	// Half floats stray from the reference more than float32 kernels, within WebGL's tolerance.
	const pair = page.locator('[data-pair="ort-wasm|tfjs-webgl"]').first();
	await expect(pair).toHaveAttribute('data-within', 'true', { timeout: 30_000 });
	await expect(pair).toHaveAttribute('title', /within the tolerance ≤ 0\.1 apart/);
	await expect(page.locator('.legend')).toContainText('WASM ≤ 1e-4 of the peak');

	// SIMD off in the tile: the cell starts again on TF.js's plain build, and the URL keeps it.
	const wasm = page.locator('[data-cell="tfjs-wasm"]');
	await wasm.locator('summary').click();
	await wasm.getByLabel('SIMD').uncheck();
	await expect(page).toHaveURL(/tfjs-wasm\.simd=off/);
	await running(page, 'tfjs-wasm');
	await expect(runtimeLine(page, 'TF.js · WASM')).toContainText('wasm, 1 thread · no SIMD');

	// Two threads for ORT, where the page is cross-origin isolated on two cores or more.
	const ort = page.locator('[data-cell="ort-wasm"]');
	await ort.locator('summary').click();
	await ort.getByLabel('WASM threads').selectOption('2');
	await expect(page).toHaveURL(/ort-wasm\.threads=2/);
	await running(page, 'ort-wasm');
	await expect(runtimeLine(page, 'ONNX Runtime · WASM')).toContainText(
		'wasm, 2 threads · float32 model'
	);

	// The float16 twin, made in the cell's worker, held to the float16 tolerance.
	await ort.getByLabel('precision').selectOption('f16');
	await expect(page).toHaveURL(/ort-wasm\.precision=f16/);
	await running(page, 'ort-wasm');
	await expect(runtimeLine(page, 'ONNX Runtime · WASM')).toContainText(
		'wasm, 2 threads · float16 model'
	);
	const f16 = page.locator('[data-pair="ort-wasm|tfjs-wasm"]').first();
	await expect(f16).toHaveAttribute('title', /within the tolerance ≤ 5e-2 of the peak/, {
		timeout: 30_000
	});
	await expect(f16).toHaveAttribute('data-verdict', 'same');
	await page.screenshot({ path: testInfo.outputPath('settings.png'), fullPage: true });

	// The address brings the same settings back.
	await page.reload();
	await expect(webgl.locator('[data-settings]')).toHaveAttribute(
		'data-settings',
		"float16 textures · the runtime's input path"
	);
	await expect(wasm.locator('[data-settings]')).toHaveAttribute(
		'data-settings',
		"1 thread · no SIMD · Twinfer's input kernel"
	);
	await expect(ort.locator('[data-settings]')).toHaveAttribute(
		'data-settings',
		'2 threads · float16 model'
	);
});

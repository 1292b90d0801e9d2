// A browser with no WebGPU: its cells say so as a result, and the other cells still run.
import { expect, test } from '@playwright/test';
import { chromiumArgs } from '../../scripts/lib/chromium.js';
import type { BenchReport } from '../../src/lib/bench/report.js';

const webgpuFlags = /webgpu|vulkan/i;
test.use({
	launchOptions: {
		executablePath: process.env.TWINFER_CHROMIUM,
		args: chromiumArgs().filter((a) => !webgpuFlags.test(a))
	}
});

test('reports WebGPU cells as unavailable while the others run', async ({ page }) => {
	await page.goto(
		'http://127.0.0.1:4321/bench?model=emotion&warmup=0&runs=1&seconds=0&backends=wasm,webgpu'
	);
	await page.waitForFunction(() => '__twinferBench' in window, undefined, { timeout: 300_000 });
	const { rows } = await page.evaluate(
		() => (window as unknown as { __twinferBench: BenchReport }).__twinferBench
	);
	for (const row of rows) {
		if (row.backend === 'webgpu') {
			expect(row.status, row.cell).toBe('unavailable');
			expect(row.message).toBe('WebGPU gave no adapter for this GPU');
		} else {
			expect(row.status, row.cell).toBe('ok');
			if (row.agreement) expect(row.agreement.same).toBe(true);
		}
	}
	expect(rows.map((r) => r.cell).sort()).toEqual([
		'ort-wasm',
		'ort-webgpu',
		'ort-webgpu-native',
		'tfjs-wasm',
		'tfjs-webgpu'
	]);
});

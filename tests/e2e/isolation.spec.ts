// A whole session as a user has it, in one page: a built-in model in all six cells, then another
// built-in, a model of the user's own, then the webcam. The page is cross-origin isolated and carries
// a Content-Security-Policy with no inline script; the isolation fixture proves that no request left
// the origin, none could carry a file, and nothing broke the policy, in the page or its workers.
import type { Page } from '@playwright/test';
import { builtInFiles } from '../helpers/user-models.js';
import { APP, expect, test } from './support/isolation.js';

test.describe.configure({ timeout: 900_000 });

/** Every cell that is on and matches `cells` runs (or is unavailable in this browser). */
async function running(page: Page, what: string, cells = '[data-cell]:not(.off)') {
	await expect
		.poll(
			() =>
				page.$$eval(cells, (tiles) =>
					tiles.every((t) => ['running', 'unavailable'].includes(t.dataset.status!))
				),
			{ message: `${what}: every cell runs`, timeout: 420_000, intervals: [2000] }
		)
		.toBe(true);
}

/**
 * After the first model, only the WASM cells (which warm up first) are waited for: every runtime is
 * loaded by then, and every other browser test holds its cells to the same fixture.
 */
const WASM = '[data-cell$="-wasm"]';

test('a whole session (built-ins, a model of your own, the webcam) stays on this machine, under the policy', async ({
	page
}) => {
	// Small models, so that six cells compile in reasonable time on a software GPU.
	await page.goto(`${APP}/?model=emotion`);
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	const policy = await page
		.locator('meta[http-equiv="content-security-policy"]')
		.getAttribute('content');
	const scriptSrc = policy!.split(';').find((d) => d.trim().startsWith('script-src'))!;
	expect(scriptSrc).toContain("'wasm-unsafe-eval'");
	expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
	expect(policy).toMatch(/default-src 'self'/);

	await running(page, 'emotion');
	await page.locator('[data-model="blazeface"]').click();
	await running(page, 'blazeface', WASM);

	const [json, ...shards] = builtInFiles('emotion');
	await page.getByLabel('Open a model', { exact: true }).setInputFiles([json!, ...shards]);
	await expect(page.locator('[data-user-model]').first()).toBeVisible({ timeout: 120_000 });
	await running(page, 'a model of your own', WASM);

	await page.locator('[data-input="webcam"]').click();
	await expect(page.locator('[data-input="webcam"]')).toHaveAttribute('aria-pressed', 'true');
	const runs = () => page.locator('[data-cell="ort-wasm"]').getAttribute('data-runs').then(Number);
	const before = await runs();
	await expect.poll(runs, { timeout: 120_000 }).toBeGreaterThan(before + 3);
});

// A user's own model in the built app, opened as a user would (the "Open a model" file input): every
// built-in model's TF.js files converted in the page's worker into the twin the CLI writes, a graph
// model Twinfer does not build in in every cell, an ONNX file from paddle2onnx with its TF.js twin
// made in the worker, the model reopened from the browser's storage after a reload; and no request
// leaves the origin in any of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Download, type Page } from '@playwright/test';
import type { GraphModelJson } from '../../src/lib/convert/tfjs/model-json.js';
import { cellById } from '../../src/lib/runtimes/cells.js';
import { card, modelsDir, TFJS_BORN } from '../helpers/artifacts.js';
import { builtInFiles, OCR_DETECTION, zooFiles } from '../helpers/user-models.js';
import { pageNow } from './support/long-tasks.js';
import { traceMainThread } from './support/main-thread-trace.js';
import { APP, test } from './support/isolation.js';

test.describe.configure({ timeout: 600_000 });

/** What each tile says: cell id -> status. */
const statuses = (page: Page) =>
	page.$$eval('[data-cell]', (els) =>
		Object.fromEntries(
			els.map((e) => [e.getAttribute('data-cell')!, e.getAttribute('data-status')!])
		)
	);

/** A built-in model's value range as the input editor names it ("0..255"). */
function cardRange(id: string): string {
	const [low, high] = card(id).input.range;
	return `${low}..${high}`;
}

async function open(page: Page, files: string[]) {
	await page.getByLabel('Open a model', { exact: true }).setInputFiles(files);
}

for (const id of TFJS_BORN) {
	test(`${id}: its TF.js files open, convert in the worker to the CLI's twin, and both WASM cells agree`, async ({
		page
	}, testInfo) => {
		// No cell runs while the model converts, so that the conversion has the machine to itself;
		// then the user switches both WASM cells on.
		await page.goto(`${APP}/?cells=`);
		await expect(page.locator('[data-model]').first()).toBeVisible();
		// The page's own start (hydration, the environment's WebGL context) is over by then.
		await page.waitForTimeout(3000);
		const stopTrace = await traceMainThread(page);
		const openedFrom = await pageNow(page);
		await open(page, builtInFiles(id));
		const panel = page.locator('[data-user-model="' + id + '"]');
		await expect(panel).toBeVisible({ timeout: 120_000 });
		const whileOpening = (await stopTrace()).filter((t) => t.start >= openedFrom);
		const longest = (key: 'wallMs' | 'cpuMs') => Math.max(0, ...whileOpening.map((t) => t[key]));
		const figures = `${id}: ${await panel.getAttribute('data-conversion-ms')} ms to convert in the worker; longest main-thread task while opening ${longest('cpuMs').toFixed(0)} ms of CPU (${longest('wallMs').toFixed(0)} ms of wall time)`;
		testInfo.annotations.push({ type: 'conversion', description: figures });
		console.log(figures);
		expect(
			whileOpening.filter((t) => t.cpuMs > 50),
			'main-thread tasks of over 50 ms of CPU while opening'
		).toEqual([]);
		const download = page.waitForEvent('download');
		await panel.getByRole('button', { name: 'Download the ONNX twin' }).click();
		const file = await (await download).path();
		expect(readFileSync(file).equals(readFileSync(join(modelsDir, id, 'model.onnx')))).toBe(true);
		// The values the model's card gives, picked as a user who knows the model would (centernet
		// fed the guessed 0..1 sees a near-black photo: its top detections are near ties, which the
		// two runtimes break differently).
		await panel.getByLabel('values').selectOption(cardRange(id));
		await panel.getByRole('button', { name: 'Run with these settings' }).click();
		for (const name of ['ONNX Runtime · WASM', 'TF.js · WASM'])
			await page.getByLabel(`run ${name}`).check();
		await expect(page.locator('[data-pair="ort-wasm|tfjs-wasm"]').first()).toHaveAttribute(
			'data-verdict',
			'same',
			{ timeout: 120_000 }
		);
		expect(await statuses(page)).toMatchObject({ 'ort-wasm': 'running', 'tfjs-wasm': 'running' });
		// Its work is counted at the shapes chosen, though its file may leave the batch open.
		await expect(page.locator('[data-cell="ort-wasm"] [data-figure="gflops"]')).toHaveText(
			/^\d+\.\d\d$/,
			{ timeout: 30_000 }
		);
	});
}

test('a graph model Twinfer does not build in (antispoof) runs in every cell as "tensors"', async ({
	page
}, testInfo) => {
	await page.goto(`${APP}/`);
	await open(page, await zooFiles('antispoof'));
	await expect(page.locator('[data-user-model="antispoof"]')).toBeVisible({ timeout: 120_000 });
	// Every cell that starts on and that this browser offers (WebNN: not here) runs it.
	await expect
		.poll(
			async () => {
				const now = await statuses(page);
				return Object.entries(now).every(([id, s]) =>
					cellById(id).playground === 'off'
						? s === 'off'
						: s === 'running' || (id === 'ort-webnn' && s === 'unavailable')
				);
			},
			{ timeout: 480_000, intervals: [2000] }
		)
		.toBe(true);
	await expect(page.locator('[data-cell="tfjs-webgl"] [data-output]')).toContainText('Identity');
	// Every cell agrees with ONNX Runtime on WASM at tensor level (the heatmap shows each pair twice).
	const pairs = () =>
		page.$$eval('[data-pair^="ort-wasm|"]', (els) => [
			...new Set(els.map((e) => `${e.getAttribute('data-pair')} ${e.getAttribute('data-verdict')}`))
		]);
	await expect.poll(async () => (await pairs()).length, { timeout: 240_000 }).toBe(5);
	const verdicts = await pairs();
	testInfo.annotations.push({ type: 'antispoof', description: verdicts.join('; ') });
	expect(verdicts.every((v) => v.endsWith(' same'))).toBe(true);
	await page.screenshot({ path: testInfo.outputPath('antispoof.png'), fullPage: true });
});

test('an ONNX file from paddle2onnx gets a TF.js twin in the worker: the TF.js and ONNX Runtime cells agree; WebGL says why not', async ({
	page
}, testInfo) => {
	await page.goto(`${APP}/?cells=ort-wasm,ort-webgl,tfjs-wasm`);
	await open(page, [OCR_DETECTION]);
	await expect(page.locator('[data-pair="ort-wasm|tfjs-wasm"]').first()).toHaveAttribute(
		'data-verdict',
		'same',
		{ timeout: 300_000 }
	);
	// The WebGL cell warms up after the WASM cells (one at a time), and then says why it cannot run.
	await expect(page.locator('[data-cell="ort-webgl"] .status')).toHaveText(
		"unavailable: unsupported on webgl: HardSigmoid (10 nodes); a twin through TF.js needs the inputs' sizes fixed",
		{ timeout: 60_000 }
	);
	expect(await statuses(page)).toMatchObject({
		'ort-wasm': 'running',
		'ort-webgl': 'unavailable',
		'tfjs-wasm': 'running'
	});
	await expect(page.locator('[data-input-name="x"]')).toContainText('NCHW');
	// The TF.js twin downloads as model.json naming one shard, and that shard.
	const downloads: Download[] = [];
	page.on('download', (d) => downloads.push(d));
	await page.getByRole('button', { name: 'Download the TF.js twin' }).click();
	await expect.poll(() => downloads.length).toBe(2);
	const [json, shard] = downloads;
	expect(json!.suggestedFilename()).toBe('ch_PP-OCRv4_det_infer.json');
	const saved = JSON.parse(readFileSync((await json!.path())!, 'utf8')) as GraphModelJson;
	expect(saved.weightsManifest.map((g) => g.paths)).toEqual([
		['ch_PP-OCRv4_det_infer.weights.bin']
	]);
	expect(shard!.suggestedFilename()).toBe('ch_PP-OCRv4_det_infer.weights.bin');
	expect(readFileSync((await shard!.path())!).byteLength).toBe(4687024);
	const converted = `PP-OCRv4: ${await page.locator('[data-user-model]').first().getAttribute('data-conversion-ms')} ms to convert to TF.js in the worker`;
	testInfo.annotations.push({ type: 'conversion', description: converted });
	console.log(converted);
	await page.screenshot({ path: testInfo.outputPath('ocr.png'), fullPage: true });
});

function file(name: string, content: string | Buffer) {
	return { name, mimeType: 'application/octet-stream', buffer: Buffer.from(content) };
}

test('a model whose ops do not all convert runs in the TF.js cells; the alert and the ONNX cells name the ops', async ({
	page
}) => {
	const [json, ...shards] = builtInFiles('emotion');
	const model = JSON.parse(readFileSync(json!, 'utf8')) as {
		modelTopology: { node: { op: string }[] };
	};
	// TF.js runs Atan; the converter has no handler for it.
	model.modelTopology.node.find((n) => n.op === 'Relu')!.op = 'Atan';
	await page.goto(`${APP}/?cells=ort-wasm,tfjs-wasm`);
	await page
		.getByLabel('Open a model', { exact: true })
		.setInputFiles([
			file('model.json', JSON.stringify(model)),
			...shards.map((s) => file(s.slice(s.lastIndexOf('/') + 1), readFileSync(s)))
		]);
	await expect(page.getByRole('alert')).toHaveText(
		/^model\.json: unsupported ops: Atan \(1 node: .+\)$/,
		{
			timeout: 60_000
		}
	);
	await expect(page.locator('[data-cell="tfjs-wasm"]')).toHaveAttribute('data-status', 'running', {
		timeout: 120_000
	});
	await expect(page.locator('[data-cell="ort-wasm"] .status')).toHaveText(
		/^unavailable: no ONNX twin: unsupported ops: Atan \(1 node: .+\)$/
	);
});

test('after a reload, "Your models" lists the model and ?model=local: reopens it from the cache', async ({
	page
}, testInfo) => {
	await page.goto(`${APP}/?cells=ort-wasm`);
	await open(page, builtInFiles('emotion'));
	await expect(page.locator('[data-user-model="emotion"]')).toBeVisible({ timeout: 120_000 });
	await expect(page).toHaveURL(/model=local%3Aemotion|model=local:emotion/);
	await page.goto(`${APP}/?cells=ort-wasm`);
	await expect(page.locator('[data-local-model="emotion"]')).toBeVisible();
	await page.goto(`${APP}/?model=local:emotion&cells=ort-wasm`);
	const times = page.locator('[data-user-model="emotion"] [data-open-times]');
	await expect(times).toContainText("from this browser's storage in");
	const opened = (await times.textContent()) ?? '';
	testInfo.annotations.push({ type: 'cache', description: opened });
	console.log(`emotion: ${opened}`);
	await expect(page.locator('[data-cell="ort-wasm"]')).toHaveAttribute('data-status', 'running', {
		timeout: 120_000
	});
	// A model this browser does not have: the alert says so, and the default model runs instead.
	await page.goto(`${APP}/?model=local:nothing-here&cells=ort-wasm`);
	await expect(page.getByRole('alert')).toHaveText(
		'local:nothing-here: no such model in this browser (open it again)'
	);
	await expect(page.locator('[data-model="movenet-lightning"]')).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await expect(page.locator('[data-cell="ort-wasm"]')).toHaveAttribute('data-status', 'running', {
		timeout: 120_000
	});
});

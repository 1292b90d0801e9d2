// Reports that travel, in the built app: the playground's run saved as JSON and CSV, opened again on
// the reports page with the same figures, side by side with another, judged on the notes page; a bad
// file named with its problem.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { APP, expect, test } from './support/isolation.js';
import { readReport, type Report } from '../../src/lib/report/schema.js';

/** Clicks the playground's "Save .<extension>" and gives the downloaded file's name and text. */
async function save(page: Page, extension: string) {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.click(`[data-save="${extension}"]`)
	]);
	return {
		name: download.suggestedFilename(),
		text: readFileSync((await download.path())!, 'utf8')
	};
}

test('a playground run saved as a report, opened again beside another, and a bad file refused', async ({
	page
}, testInfo) => {
	await page.goto(`${APP}/?model=emotion&cells=ort-wasm,tfjs-wasm`);
	// Both cells running, with a few runs each.
	await expect
		.poll(
			() =>
				page.$$eval(
					'[data-cell][data-status="running"]',
					(els) => els.filter((e) => Number(e.getAttribute('data-runs')) >= 3).length
				),
			{ timeout: 120_000, intervals: [1000] }
		)
		.toBe(2);
	// ...and their agreement worked out (once a second, on a frame both answered).
	await expect(page.locator('[data-pair="ort-wasm|tfjs-wasm"]').first()).toHaveAttribute(
		'data-verdict',
		'same',
		{ timeout: 30_000 }
	);
	await page.fill('.export input', 'test machine');
	const json = await save(page, 'json');
	expect(json.name).toMatch(/^twinfer-emotion-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
	const report: Report = readReport(json.text, json.name);
	expect(report.machine.label).toBe('test machine');
	expect(report.cells.map((c) => c.cell)).toEqual(['ort-wasm', 'tfjs-wasm']);
	for (const cell of report.cells) {
		expect(cell.status, cell.cell).toBe('ok');
		expect(cell.p50, cell.cell).toBeGreaterThan(0);
	}
	expect(report.cells[1]!.agreement?.same).toBe(true);
	const csv = await save(page, 'csv');
	expect(csv.text.split('\r\n')[1]).toMatch(/^ort-wasm,ort,wasm,ok,/);

	// The same report twice, and another machine's, on the reports page.
	const other: Report = {
		...report,
		machine: { ...report.machine, label: 'other machine' },
		cells: report.cells.map((c) => ({ ...c, p50: c.p50! / 2 }))
	};
	await page.goto(`${APP}/reports`);
	await expect(page.locator('input[type=file]')).toBeEnabled();
	await page.setInputFiles('input[type=file]', [
		{ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(json.text) },
		{ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) }
	]);
	const row = page.locator('tr[data-cell="ort-wasm"]');
	await expect(row).toContainText(`${report.cells[0]!.p50!.toFixed(1)} ms`);
	await expect(row.locator('[data-ratio]')).toHaveText('0.50');
	await expect(page.locator('thead')).toContainText('mine.json');
	await expect(page.locator('thead')).toContainText('other machine');
	// Every cell's p50 and p95 in both reports, on one chart.
	await expect(page.locator('.reports-chart canvas')).toHaveCount(1);
	await expect(page.locator('.reports-chart figcaption')).toContainText('other.json');
	await page.screenshot({ path: testInfo.outputPath('reports.png'), fullPage: true });

	// The notes judge the claims on a saved report.
	await page.goto(`${APP}/notes`);
	await expect(page.locator('[data-evidence-report]')).toBeEnabled();
	await page.setInputFiles('[data-evidence-report]', {
		name: 'mine.json',
		mimeType: 'application/json',
		buffer: Buffer.from(json.text)
	});
	await expect(page.locator('[data-evidence-from]')).toContainText(
		'The report mine.json, from the playground'
	);
	await expect(page.locator('[data-claim="memory-efficiency"]')).not.toHaveAttribute(
		'data-verdict',
		'insufficient data'
	);

	await page.goto(`${APP}/reports`);
	await expect(page.locator('input[type=file]')).toBeEnabled();
	await page.setInputFiles('input[type=file]', {
		name: 'mine.json',
		mimeType: 'application/json',
		buffer: Buffer.from(json.text)
	});
	const broken = JSON.parse(json.text) as { cells: { runs: unknown }[] };
	broken.cells[0]!.runs = -1;
	await page.setInputFiles('input[type=file]', [
		{
			name: 'broken.json',
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(broken))
		},
		{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }
	]);
	const alerts = page.getByRole('alert');
	await expect(alerts.nth(0)).toHaveText(/^broken\.json: cells\.0\.runs: .*0/);
	await expect(alerts.nth(1)).toHaveText(/^notes\.txt is not JSON: /);
	// The report already open stays.
	await expect(page.locator('table')).toHaveAttribute('data-reports', '1');
});

test('the notes measure the chosen model in their own page and judge the claims on it', async ({
	page
}, testInfo) => {
	// The bench's URL settings apply: two cells, short runs and two short pairs.
	await page.goto(
		`${APP}/notes?model=emotion&cells=ort-wasm,tfjs-wasm&warmup=0&seconds=0.5&runs=5&pairs=2&block-ms=100&optimization-baseline=none`
	);
	const claim = page.locator('[data-claim="ort-optimized-hardware"]');
	await expect(claim).toHaveAttribute('data-verdict', 'insufficient data');
	await page.click('[data-measure]');
	await expect(page.locator('[data-measuring]')).toContainText('running');
	await expect(page.locator('[data-measuring]')).toHaveCount(0, { timeout: 120_000 });
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(page.locator('[data-evidence-from]')).toContainText('The bench on');
	// ORT against TF.js on WASM, paired, decides the claim either way.
	await expect(page.locator('[data-evidence-frameworks="wasm"]')).toContainText('paired ratio');
	await expect(claim).not.toHaveAttribute('data-verdict', 'insufficient data');
	await expect(page.locator('tr#evidence-tfjs-wasm')).toContainText('yes');
	await page.screenshot({ path: testInfo.outputPath('notes.png') });
});

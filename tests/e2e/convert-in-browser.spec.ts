// The converter's one code path: the same ONNX bytes from Node, from a page and from a module worker.
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { modelFilesFromDisk } from '../../scripts/lib/model-files.js';
import { openOnnxPage } from '../../scripts/lib/onnx-page.js';
import { convertModel } from '../../src/lib/convert/convert.js';
import { modelsDir } from '../helpers/artifacts.js';

interface BrowserConversion {
	ok: boolean;
	error?: string;
	sha256?: string;
	bytes?: number;
	conversionMs?: number;
}

for (const id of ['movenet-lightning', 'emotion']) {
	test(`${id} converts to the same bytes in Node, a page and a worker`, async ({ page }) => {
		const { onnx } = await convertModel(
			await modelFilesFromDisk(join(modelsDir, id, 'model.json'))
		);
		const expected = createHash('sha256').update(onnx).digest('hex');
		await openOnnxPage(page, '/');
		const url = `/models/${id}/model.json`;
		type Convert = (url: string) => Promise<BrowserConversion>;
		const inPage = await page.evaluate(
			(u) => (window as unknown as { convertInPage: Convert }).convertInPage(u),
			url
		);
		const inWorker = await page.evaluate(
			(u) => (window as unknown as { convertInWorker: Convert }).convertInWorker(u),
			url
		);
		console.log(
			`${id}: Node ${onnx.byteLength} bytes; page ${inPage.conversionMs?.toFixed(0)} ms; worker ${inWorker.conversionMs?.toFixed(0)} ms`
		);
		expect(inPage.error ?? '').toBe('');
		expect(inWorker.error ?? '').toBe('');
		expect(inPage.sha256).toBe(expected);
		expect(inWorker.sha256).toBe(expected);
	});
}

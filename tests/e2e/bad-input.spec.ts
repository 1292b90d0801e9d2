// Bad input in the built app, picked as a user would: model files from the bad-input corpus (the same
// messages the CLI gives), and images and videos that cannot be used. Each gets an alert naming the
// file and the problem; the running cell and its model are untouched, and (the isolation fixture
// checks) nothing is thrown uncaught.
import { mkdtempSync, openSync, closeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { BAD_FILES } from '../unit/corpus/bad-files.js';
import { APP, expect, test } from './support/isolation.js';

test.describe.configure({ timeout: 600_000 });

/** The corpus cases the page is given (the rest are the CLI's alone): every kind of file damage. */
const ON_THE_PAGE = [
	'empty model.json',
	'not JSON',
	'JSON of the wrong shape',
	'gzip that does not inflate',
	'a layers model',
	'a missing shard',
	'a short shard',
	'an extra-long shard',
	'an unknown dtype',
	'quantization without scale or min',
	'ONNX: random bytes',
	'ONNX: truncated',
	'ONNX: empty',
	'ONNX: external data that is missing',
	'ONNX: no outputs'
];

type Upload = { name: string; mimeType: string; buffer: Buffer };
const upload = (name: string, mimeType: string, bytes: Uint8Array): Upload => ({
	name,
	mimeType,
	buffer: Buffer.from(bytes)
});

/** A file of `bytes` bytes that takes no disk space (a sparse file): the page must not read it. */
function sparseFile(name: string, bytes: number): string {
	const path = join(mkdtempSync(join(tmpdir(), 'twinfer-big-')), name);
	const fd = openSync(path, 'w');
	ftruncateSync(fd, bytes);
	closeSync(fd);
	return path;
}

/** A black 1-bit PNG of `side` x `side` pixels (small as a file, a gigabyte once decoded). */
function blackPng(side: number): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(body.length + 8);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), body.length + 4);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(side, 0);
	header.writeUInt32BE(side, 4);
	header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grey, no interlace
	const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // filter 0, all zero
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function crc32(bytes: Buffer): number {
	let crc = ~0;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

/** A valid WAV file of silence: a media file that plays, with no picture. */
function silentWav(): Buffer {
	const samples = 8000;
	const out = Buffer.alloc(44 + samples);
	out.write('RIFF', 0, 'latin1');
	out.writeUInt32LE(36 + samples, 4);
	out.write('WAVEfmt ', 8, 'latin1');
	out.writeUInt32LE(16, 16);
	out.writeUInt16LE(1, 20); // PCM
	out.writeUInt16LE(1, 22); // mono
	out.writeUInt32LE(8000, 24);
	out.writeUInt32LE(8000, 28);
	out.writeUInt16LE(1, 32);
	out.writeUInt16LE(8, 34);
	out.write('data', 36, 'latin1');
	out.writeUInt32LE(samples, 40);
	out.fill(128, 44);
	return out;
}

const ortRuns = (page: Page) =>
	page.locator('[data-cell="ort-wasm"]').getAttribute('data-runs').then(Number);

/** Opens the page with one cell running the default model. */
async function running(page: Page): Promise<void> {
	await page.goto(`${APP}/?cells=ort-wasm`);
	await expect.poll(() => ortRuns(page), { timeout: 120_000 }).toBeGreaterThan(0);
}

/** The alert says `message`, and the cell runs on with the default model. */
async function refused(page: Page, what: string, message: RegExp) {
	await expect(page.getByRole('alert'), what).toHaveText(message, { timeout: 60_000 });
	const before = await ortRuns(page);
	await expect
		.poll(() => ortRuns(page), { message: `${what}: the cell keeps running` })
		.toBeGreaterThan(before);
	await expect(page.locator('[data-cell="ort-wasm"]')).toHaveAttribute('data-status', 'running');
	await expect(page.locator('[data-model="movenet-lightning"]')).toHaveAttribute(
		'aria-checked',
		'true'
	);
}

test('broken model files from the corpus: the alert names the file and the problem, as the CLI does', async ({
	page
}) => {
	await running(page);
	const cases = BAD_FILES.filter((c) => ON_THE_PAGE.includes(c.name));
	expect(cases.map((c) => c.name)).toEqual(ON_THE_PAGE);
	for (const c of cases) {
		const files = Object.entries(c.files).map(([name, bytes]) =>
			upload(name, 'application/octet-stream', bytes)
		);
		await page.getByLabel('Open a model', { exact: true }).setInputFiles(files);
		// The CLI's message, after the file name the page may put first.
		await refused(page, c.name, new RegExp(c.message.source.replace(/^\^/, '')));
	}
});

test('a model over the size limit is refused before it is read', async ({ page }) => {
	await running(page);
	const big = sparseFile('huge.onnx', 1100 * 1e6);
	await page.getByLabel('Open a model', { exact: true }).setInputFiles(big);
	await refused(
		page,
		'a 1.1 GB model',
		/^huge\.onnx: 1100 MB together, over the 1000 MB Twinfer opens at once$/
	);
});

test('images and videos that cannot be used: the alert says why, the cell keeps its input', async ({
	page
}) => {
	await running(page);
	const pick = (file: Upload | string) =>
		page.getByLabel('Image or video…', { exact: true }).setInputFiles(file);
	const cases: [string, Upload | string, RegExp][] = [
		[
			'an image that does not decode',
			upload(
				'broken.jpg',
				'image/jpeg',
				Uint8Array.from({ length: 2048 }, (_, i) => i % 251)
			),
			/^broken\.jpg: this browser cannot decode the image$/
		],
		[
			'a 0x0 image',
			upload(
				'empty.svg',
				'image/svg+xml',
				new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>')
			),
			/^empty\.svg: the image is empty \(0×0\)$/
		],
		[
			'a video with no frames',
			upload('silence.webm', 'video/webm', silentWav()),
			/^silence\.webm: the video has no frames to show$/
		],
		[
			'an image over the size limit',
			sparseFile('big.jpg', 300e6),
			/^big\.jpg: 300 MB is more than the 256 MB an image may have$/
		],
		[
			'not an image',
			upload('notes.txt', 'text/plain', new TextEncoder().encode('hi')),
			/^notes\.txt: not an image or a video \(text\/plain\)$/
		]
	];
	for (const [what, file, message] of cases) {
		await pick(file);
		await refused(page, what, message);
	}
});

test('a 16384 x 16384 image is scaled to 4096 x 4096, and the cell runs on it', async ({
	page
}) => {
	await running(page);
	await page
		.getByLabel('Image or video…', { exact: true })
		.setInputFiles(upload('huge.png', 'image/png', blackPng(16384)));
	await expect(page.locator('[data-cell="ort-wasm"]')).toHaveAttribute(
		'data-frame-size',
		'4096x4096',
		{ timeout: 120_000 }
	);
	const before = await ortRuns(page);
	await expect.poll(() => ortRuns(page)).toBeGreaterThan(before);
	await expect(page.getByRole('alert')).toHaveCount(0);
});

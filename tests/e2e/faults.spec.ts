// Faults, each confined to one cell and undone by its restart button: a worker that throws, a worker
// that hangs, a WebGPU device or WebGL context the browser takes away, and WebAssembly memory that
// cannot grow. The faults are caused inside the real cell's worker (Playwright reaches into it); nothing is mocked.
// The isolation fixture checks that no error went uncaught.
import type { Page, Worker } from '@playwright/test';
import { APP, expect, test } from './support/isolation.js';

test.describe.configure({ timeout: 600_000 });

const tile = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`);
const runs = (page: Page, id: string) => tile(page, id).getAttribute('data-runs').then(Number);

/**
 * The name of `worker`, or '' when it cannot say within a few seconds: another worker busy in a long
 * task (or ending) does not answer, and once held the search for ten minutes.
 */
const nameOf = (worker: Worker) =>
	Promise.race([
		worker.evaluate(() => self.name).catch(() => ''),
		new Promise<string>((done) => setTimeout(() => done(''), 5_000))
	]);

/** The worker of cell `id` (workers are named after their cell), looked for a few times. */
async function cellWorker(page: Page, id: string): Promise<Worker> {
	for (let attempt = 0; attempt < 5; attempt++)
		for (const worker of page.workers()) if ((await nameOf(worker)) === id) return worker;
	throw new Error(`no worker for ${id}`);
}

/** Waits until cell `id` has run (again) since `before` runs. */
async function keepsRunning(page: Page, id: string, timeout = 180_000) {
	const before = await runs(page, id);
	await expect
		.poll(() => runs(page, id), { message: `${id} keeps running`, timeout })
		.toBeGreaterThan(before);
}

async function bothWasmCellsRunning(page: Page) {
	await page.goto(`${APP}/?cells=ort-wasm,tfjs-wasm`);
	await keepsRunning(page, 'ort-wasm');
	await keepsRunning(page, 'tfjs-wasm');
}

/** `fault` has put cell `id` in error with `message`; `other` kept running; a restart brings `id` back. */
async function faultIsConfined(page: Page, id: string, other: string, message: RegExp) {
	await expect(tile(page, id)).toHaveAttribute('data-status', 'error', { timeout: 120_000 });
	await expect(tile(page, id).locator('.status')).toHaveText(message);
	console.log(`${id}: ${await tile(page, id).locator('.status').textContent()}`);
	await tile(page, id).screenshot({ path: test.info().outputPath(`${id}-fault.png`) });
	await keepsRunning(page, other);
	await tile(page, id)
		.getByRole('button', { name: /^restart / })
		.click();
	await expect(tile(page, id)).toHaveAttribute('data-status', 'running', { timeout: 240_000 });
	await expect(tile(page, id).getByRole('button', { name: /^restart / })).toHaveCount(0);
	await keepsRunning(page, id);
}

test('a worker that throws: its cell says so, the other runs on, a restart brings it back', async ({
	page
}) => {
	await bothWasmCellsRunning(page);
	const worker = await cellWorker(page, 'tfjs-wasm');
	await worker.evaluate(() => {
		setTimeout(() => {
			throw new Error('a fault in the runtime');
		});
	});
	await faultIsConfined(
		page,
		'tfjs-wasm',
		'ort-wasm',
		/^error: the worker crashed: .*a fault in the runtime/
	);
});

test('a worker that hangs: the time-out stops it, the other runs on, a restart brings it back', async ({
	page
}) => {
	await bothWasmCellsRunning(page);
	const worker = await cellWorker(page, 'ort-wasm');
	// Never returns: the worker is busy until it is terminated.
	void worker
		.evaluate(() => {
			for (;;);
		})
		.catch(() => {});
	await faultIsConfined(
		page,
		'ort-wasm',
		'tfjs-wasm',
		/^error: no answer to infer within \d+ s: the worker hung and was stopped$/
	);
});

/** Ways the browser takes a GPU away from a runtime, each caused inside a cell's worker mid-run. */
const gpuLosses = [
	{
		what: 'the WebGPU device lost',
		cells: ['tfjs-webgpu', 'ort-webgpu'] as const,
		// The device is destroyed as the runtime next encodes work on it.
		lose: () => {
			const encode = GPUDevice.prototype.createCommandEncoder;
			GPUDevice.prototype.createCommandEncoder = function (descriptor) {
				GPUDevice.prototype.createCommandEncoder = encode;
				this.destroy();
				return encode.call(this, descriptor);
			};
		},
		message: /^error: the WebGPU device was lost \(destroyed\)/
	},
	{
		what: 'the WebGL context lost',
		cells: ['tfjs-webgl', 'ort-webgl'] as const,
		// The context is lost as the runtime next draws (WEBGL_lose_context does what a GPU reset does).
		lose: () => {
			const proto = WebGL2RenderingContext.prototype;
			const draw = { drawArrays: proto.drawArrays, drawElements: proto.drawElements };
			const loseOnce = function (this: WebGL2RenderingContext) {
				Object.assign(proto, draw);
				this.getExtension('WEBGL_lose_context')?.loseContext();
			};
			Object.assign(proto, { drawArrays: loseOnce, drawElements: loseOnce });
		},
		message: /^error: the WebGL context was lost/
	}
];

for (const { what, cells, lose, message } of gpuLosses)
	test(`${what}: that cell says so at once, the other GPU cell runs on, a restart brings it back`, async ({
		page
	}) => {
		await page.goto(`${APP}/?model=emotion&cells=${cells.join(',')}`);
		const [a, b] = cells;
		for (const [id, other] of [
			[a, b],
			[b, a]
		] as const) {
			await keepsRunning(page, id, 300_000);
			await keepsRunning(page, other, 300_000);
			await (await cellWorker(page, id)).evaluate(lose);
			await faultIsConfined(page, id, other, message);
		}
	});

test('WebAssembly memory that cannot grow: the cell says it ran out of memory, the other runs on, a restart brings it back', async ({
	page
}) => {
	// The first ORT WASM worker gets a browser that refuses it more memory, as when memory runs out.
	let armed = true;
	page.on('worker', (worker) => {
		if (!armed) return;
		void worker
			.evaluate(() => {
				if (self.name !== 'ort-wasm') return false;
				const refuse = () => {
					throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
				};
				let proto: object | null = WebAssembly.Memory.prototype;
				for (; proto && 'grow' in proto; proto = Object.getPrototypeOf(proto) as object | null)
					Object.defineProperty(proto, 'grow', { value: refuse });
				return true;
			})
			.then((refused) => (armed &&= !refused))
			.catch(() => {});
	});
	await page.goto(`${APP}/?cells=ort-wasm,tfjs-wasm`);
	await faultIsConfined(page, 'ort-wasm', 'tfjs-wasm', /^error: out of memory \(/);
	expect(armed).toBe(false);
});

// Drives the onnxruntime-web test page (tests/e2e/support/smoke): one session, one run, tensors as base64.
import type { Page } from '@playwright/test';

export type Ep = 'wasm' | 'webgpu' | 'webgl';

export interface PageTensor {
	dims: number[];
	type: string;
	data: string;
}

export interface PageRun {
	ok: boolean;
	error?: string;
	outputs?: Record<string, PageTensor>;
	createMs?: number;
	runMs?: number;
}

export interface PageRunRequest {
	url: string;
	ep: Ep;
	input: { name: string; dtype: string; shape: number[]; data: string };
	/** onnxruntime-web session options, e.g. graphOptimizationLevel. */
	options?: Record<string, unknown>;
}

export const toBase64 = (a: ArrayBufferView) =>
	Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The tensor's elements as numbers, whatever its type. */
export function pageTensorValues(t: PageTensor): Float32Array | Int32Array | Uint8Array {
	const bytes = Buffer.from(t.data, 'base64');
	const Type = t.type === 'bool' ? Uint8Array : t.type === 'int32' ? Int32Array : Float32Array;
	return new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

export async function openOnnxPage(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.waitForFunction(() => 'runOnnx' in window);
}

export function runOnnxInPage(page: Page, request: PageRunRequest): Promise<PageRun> {
	return page.evaluate(
		(r) => (window as unknown as { runOnnx: (r: unknown) => Promise<PageRun> }).runOnnx(r),
		request
	);
}

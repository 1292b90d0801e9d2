// The settings registry: which cell offers which setting, how URLs and the bench spell them, and a
// clear error for a value out of range or a setting a cell does not have.
import { describe, expect, it } from 'vitest';
import { CELLS, cellById } from '../../../src/lib/runtimes/cells.js';
import {
	defaultSettings,
	describeRan,
	describeSettings,
	readSettings,
	settingParams
} from '../../../src/lib/runtimes/settings.js';

const read = (query: string, maxThreads = 2) =>
	readSettings(new URLSearchParams(query), CELLS, { maxThreads });

describe('cell settings', () => {
	it('offers threads on both WASM cells, SIMD on TF.js WASM, float16 textures on TF.js WebGL', () => {
		const offers = Object.fromEntries(
			CELLS.filter((c) => c.offers.length).map((c) => [c.id, c.offers])
		);
		expect(offers).toEqual({
			'ort-wasm': ['threads', 'precision'],
			'ort-webgpu': ['precision'],
			'ort-webgpu-native': ['precision'],
			'tfjs-wasm': ['threads', 'simd', 'inputPath'],
			'tfjs-webgpu': ['inputPath'],
			'tfjs-webgl': ['f16Textures', 'inputPath']
		});
		expect(defaultSettings(cellById('tfjs-wasm'), 1)).toEqual({
			threads: 1,
			simd: true,
			inputPath: 'kernel'
		});
		expect(defaultSettings(cellById('tfjs-webgl'), 1)).toEqual({
			f16Textures: false,
			inputPath: 'kernel'
		});
		expect(defaultSettings(cellById('ort-webgpu'), 1)).toEqual({ precision: 'f32' });
		expect(defaultSettings(cellById('ort-webgl'), 1)).toEqual({});
	});

	it('reads them from a URL, by cell, and writes back those that differ from the defaults', () => {
		const { chosen, errors } = read(
			'model=selfie&tfjs-wasm.threads=2&tfjs-wasm.simd=off&tfjs-webgl.f16-textures=on&ort-wasm.threads=1&ort-webgpu.precision=f16'
		);
		expect(errors).toEqual([]);
		expect(chosen).toEqual({
			'tfjs-wasm': { threads: 2, simd: false },
			'tfjs-webgl': { f16Textures: true },
			'ort-wasm': { threads: 1 },
			'ort-webgpu': { precision: 'f16' }
		});
		const tfjsWasm = cellById('tfjs-wasm');
		expect(settingParams(tfjsWasm, chosen['tfjs-wasm']!, defaultSettings(tfjsWasm, 1))).toEqual([
			['tfjs-wasm.threads', '2'],
			['tfjs-wasm.simd', 'off']
		]);
		expect(
			settingParams(cellById('ort-wasm'), { threads: 1 }, defaultSettings(cellById('ort-wasm'), 1))
		).toEqual([]);
	});

	it.each([
		[
			'ort-wasm.threads=3',
			'ort-wasm.threads: "3" is not a whole number from 1 to 2 (this machine\'s cores)'
		],
		['ort-wasm.threads=1.5', 'ort-wasm.threads: "1.5" is not a whole number from 1 to 2'],
		['tfjs-webgl.f16-textures=yes', 'tfjs-webgl.f16-textures: "yes" is not on or off'],
		['ort-wasm.precision=f8', 'ort-wasm.precision: "f8" is not one of f32, f16'],
		[
			'ort-wasm.simd=off',
			'ort-wasm.simd: ort-wasm has no setting "simd" (it has threads, precision)'
		],
		['ort-webgl.threads=1', 'ort-webgl.threads: ort-webgl has no setting "threads" (it has none)']
	])('names a wrong one: %s', (query, message) => {
		const { chosen, errors } = read(query);
		expect(chosen).toEqual({});
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain(message);
	});

	it('says that one thread is all a page without cross-origin isolation has', () => {
		expect(read('tfjs-wasm.threads=2', 1).errors).toEqual([
			'tfjs-wasm.threads: "2" is not 1: this page has one thread (more need a cross-origin isolated page)'
		]);
	});

	it('describes what ran for a person', () => {
		expect(describeSettings({ threads: 2, simd: false })).toBe('2 threads · no SIMD');
		expect(describeSettings({ threads: 1, precision: 'f16' })).toBe('1 thread · float16 model');
		expect(describeRan({ detail: 'webgl', settings: { f16Textures: true } })).toBe(
			'webgl, float16 textures'
		);
		expect(describeRan({ detail: 'webgpu', settings: {} })).toBe('webgpu');
	});
});

// The cell registry: one id, name and colour per cell, an adapter for each, and a clear error for a
// cell that does not exist.
import { describe, expect, it } from 'vitest';
import { CELLS, cellById } from '../../../src/lib/runtimes/cells.js';

describe('CELLS', () => {
	it('gives every cell its own id, name and colour', () => {
		for (const key of ['id', 'name', 'short', 'color'] as const)
			expect(new Set(CELLS.map((c) => c[key])).size, key).toBe(CELLS.length);
	});

	it('runs two frameworks on three backends and ORT on WebNN in the playground, and ORT native WebGPU when asked', () => {
		const shown = (on: string) => CELLS.filter((c) => c.playground === on).map((c) => c.id);
		expect(shown('on')).toEqual([
			'ort-wasm',
			'ort-webgpu',
			'ort-webgl',
			'ort-webnn',
			'tfjs-wasm',
			'tfjs-webgpu',
			'tfjs-webgl'
		]);
		expect(shown('off')).toEqual(['ort-webgpu-native']);
		expect(cellById('ort-webgpu').name).toBe('ONNX Runtime · WebGPU (JSEP)');
		expect(cellById('ort-webgpu-native')).toMatchObject({
			name: 'ONNX Runtime · WebGPU (native)',
			short: 'ORT webgpu native',
			load: { ortBuild: 'webgpu' }
		});
		expect(cellById('tfjs-wasm').short).toBe('TF.js wasm');
	});

	it('names a cell that does not exist, and the ones that do', () => {
		expect(() => cellById('ort-cuda')).toThrow(
			/no cell is called "ort-cuda": the cells are ort-wasm, ort-webgpu, /
		);
	});
});

// The backends' tolerances: a pair is held to the looser of its two, relative to each output's peak
// or, on WebGL's float16 paths, absolute.
import { describe, expect, it } from 'vitest';
import { tensorAgreement } from '../../src/lib/measure/tensor-agreement.js';
import {
	describeTolerance,
	describeTolerances,
	numericsOf,
	toleranceOf,
	withinTolerance
} from '../../src/lib/measure/tolerance.js';

const apart = (a: number[], b: number[]) => ({ out: tensorAgreement(a, b) });

describe('tolerances', () => {
	it('holds a pair to the looser of its backends', () => {
		expect(toleranceOf('wasm', 'wasm')).toMatchObject({ kind: 'relative', limit: 1e-4 });
		expect(toleranceOf('wasm', 'webgpu')).toMatchObject({ kind: 'relative', limit: 1e-3 });
		expect(toleranceOf('webgl', 'webnn')).toMatchObject({ kind: 'absolute', limit: 0.1 });
		expect(toleranceOf('webgpu', 'webgl')).toEqual(toleranceOf('webgl', 'webgpu'));
		expect(toleranceOf(numericsOf('webgpu', { precision: 'f16' }), 'wasm')).toMatchObject({
			kind: 'relative',
			limit: 5e-2
		});
		expect(numericsOf('wasm', { precision: 'f32' })).toBe('wasm');
	});

	it('measures relative to the peak, or absolutely on WebGL', () => {
		const wasm = toleranceOf('wasm', 'wasm');
		expect(withinTolerance(wasm, apart([10, 1], [10.0009, 1]))).toBe(true);
		expect(withinTolerance(wasm, apart([10, 1], [10.002, 1]))).toBe(false);
		// A peak under 1e-3 counts as 1e-3: noise on an all-but-zero output is not a departure.
		expect(withinTolerance(wasm, apart([1e-6, 0], [1.05e-6, 0]))).toBe(true);
		const webgl = toleranceOf('webgl', 'wasm');
		expect(withinTolerance(webgl, apart([50, 1], [50.09, 1]))).toBe(true);
		expect(withinTolerance(webgl, apart([50, 1], [50.2, 1]))).toBe(false);
	});

	it('says each in words', () => {
		expect(describeTolerance(toleranceOf('webgl', 'wasm'))).toBe(
			"≤ 0.1 apart (WebGL's float16 paths)"
		);
		expect(describeTolerances()).toBe(
			'WASM ≤ 1e-4 of the peak; WebGPU, WebNN ≤ 1e-3 of the peak; a float16 model ≤ 5e-2 of the peak; WebGL ≤ 0.1 apart'
		);
	});
});

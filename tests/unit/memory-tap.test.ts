// How a cell's worker turns allocations into bytes held: texel sizes of WebGL formats, live totals,
// and the tensors a framework reports.
import { describe, expect, it } from 'vitest';
import { describeMemory } from '../../src/lib/format.js';
import {
	AllocationCounter,
	memoryUse,
	reportTensors,
	tapMemory,
	texelBytes
} from '../../src/lib/worker/memory-tap.js';

const PAGE = 65536;
const text = (s: string) => [s.length, ...new TextEncoder().encode(s)];
/** A module that makes one page of memory and exports it (as single-threaded Emscripten builds do). */
const EXPORTS_MEMORY = new Uint8Array([
	...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
	...[5, 3, 1, 0, 1],
	...[7, 10, 1, ...text('memory'), 2, 0]
]);

const GL = { RGBA32F: 0x8814, R32F: 0x822e, RGBA16F: 0x881a, RGBA: 0x1908, FLOAT: 0x1406 };
const UNSIGNED_BYTE = 0x1401;
const HALF_FLOAT = 0x140b;

describe('texelBytes', () => {
	it('reads sized formats by themselves', () => {
		expect(texelBytes(GL.RGBA32F, GL.RGBA, GL.FLOAT)).toBe(16);
		expect(texelBytes(GL.R32F, 0x1903, GL.FLOAT)).toBe(4);
		expect(texelBytes(GL.RGBA16F, GL.RGBA, HALF_FLOAT)).toBe(8);
	});

	it('reads unsized formats from their channels and type', () => {
		expect(texelBytes(GL.RGBA, GL.RGBA, GL.FLOAT)).toBe(16);
		expect(texelBytes(GL.RGBA, GL.RGBA, UNSIGNED_BYTE)).toBe(4);
		expect(texelBytes(GL.RGBA, GL.RGBA, HALF_FLOAT)).toBe(8);
	});
});

describe('AllocationCounter', () => {
	it('keeps the total of live allocations; a re-allocation replaces the old size', () => {
		const counter = new AllocationCounter<object>();
		const a = {};
		const b = {};
		counter.set(a, 100);
		counter.set(b, 50);
		counter.set(a, 30);
		expect(counter.bytes).toBe(80);
		counter.delete(b);
		counter.delete(b);
		expect(counter.bytes).toBe(30);
	});
});

describe('memoryUse', () => {
	it("carries the tensors a framework reports, counted when asked, and the tile's title says them", () => {
		expect(memoryUse().tensors).toBeUndefined();
		let tensors = 3;
		reportTensors(() => ({ tensors, tensorBytes: tensors * 4 }));
		tensors = 5;
		const memory = memoryUse();
		expect(memory).toMatchObject({ tensors: 5, tensorBytes: 20 });
		expect(describeMemory({ ...memory, wasm: 2e6, gpu: 0 })).toBe(
			'2.0 MB (WASM 2.0, GPU 0.0) · 5 tensors'
		);
		expect(describeMemory({ wasm: 2e6, gpu: 1e6 })).toBe('3.0 MB (WASM 2.0, GPU 1.0)');
	});
});

describe('tapMemory', () => {
	it('counts memories made in JS and memories a module makes and exports', async () => {
		tapMemory();
		const before = memoryUse().wasm;
		const made = new WebAssembly.Memory({ initial: 2 });
		expect(memoryUse().wasm - before).toBe(2 * PAGE);
		await WebAssembly.instantiate(EXPORTS_MEMORY);
		expect(memoryUse().wasm - before).toBe(3 * PAGE);
		made.grow(1);
		expect(memoryUse().wasm - before).toBe(4 * PAGE);
	});
});

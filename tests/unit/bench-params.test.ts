// The bench page's URL settings: defaults, and a clear error naming each wrong one.
import { describe, expect, it } from 'vitest';
import { parseBenchParams } from '../../src/lib/bench/params.js';
import { MODEL_IDS, card } from '../helpers/artifacts.js';

const cards = MODEL_IDS.map(card);
const images = ['astronaut.jpg', 'coffee.jpg'];
const ids = (cells: { id: string }[]) => cells.map((c) => c.id);
const parse = (query: string) =>
	parseBenchParams(new URLSearchParams(query), cards, images, { maxThreads: 2 });

describe('parseBenchParams', () => {
	it('defaults to the default model on every cell, ORT WASM compared with optimization disabled', () => {
		const params = parse('');
		expect((params.model as { card: { id: string } }).card.id).toBe('movenet-lightning');
		expect(ids(params.cells)).toEqual([
			'ort-wasm',
			'ort-webgpu',
			'ort-webgpu-native',
			'ort-webgl',
			'ort-webnn',
			'tfjs-wasm',
			'tfjs-webgpu',
			'tfjs-webgl'
		]);
		expect(params.plan).toEqual({ warmups: 1, warmupSeconds: 5, runs: 10, seconds: 2 });
		expect(params.reference.id).toBe('ort-wasm');
		expect(params.optimization).toBe('all');
		expect(params.baseline).toBe('disabled');
		expect(params.overhead).toBe(false);
		expect(params.firstRuns).toBe(false);
		expect(params.pairs).toEqual({ blocks: undefined, blockMs: undefined });
	});

	it('reads every setting', () => {
		const params = parse(
			'model=emotion&frameworks=tfjs&backends=wasm,webgl&warmup=0&runs=3&seconds=0&image=coffee.jpg&reference=tfjs-wasm&optimization=basic&optimization-baseline=none&overhead=1&first-runs=1&pairs=2&block-ms=50&tfjs-wasm.simd=off&tfjs-webgl.f16-textures=on'
		);
		expect((params.model as { card: { id: string } }).card.id).toBe('emotion');
		// The reference first, then the cells asked for.
		expect(ids(params.cells)).toEqual(['tfjs-wasm', 'tfjs-webgl']);
		expect(params.plan).toEqual({ warmups: 1, warmupSeconds: 0, runs: 3, seconds: 0 });
		expect(params.image).toBe('coffee.jpg');
		expect(params.reference.id).toBe('tfjs-wasm');
		expect(params.optimization).toBe('basic');
		expect(params.baseline).toBe('none');
		expect(params.overhead).toBe(true);
		expect(params.firstRuns).toBe(true);
		expect(params.pairs).toEqual({ blocks: 2, blockMs: 50 });
		expect(params.settings).toEqual({
			'tfjs-wasm': { simd: false },
			'tfjs-webgl': { f16Textures: true }
		});
	});

	it('runs the cells named, the reference first, in place of frameworks and backends', () => {
		expect(ids(parse('cells=ort-webgpu-native,ort-webgpu&frameworks=tfjs').cells)).toEqual([
			'ort-wasm',
			'ort-webgpu-native',
			'ort-webgpu'
		]);
	});

	it.each([
		['model=nope', /model "nope" is not built in: use one of .*movenet-lightning/],
		['frameworks=ort,pytorch', /frameworks "pytorch" is not one of ort, tfjs/],
		['backends=', /backends is empty/],
		['backends=cuda', /backends "cuda" is not one of wasm, webgpu, webgl, webnn, cpu/],
		['runs=-1', /runs "-1" is not a number of at least 0/],
		['warmup=soon', /warmup "soon" is not a number/],
		['pairs=0', /pairs "0" is not a number of at least 1/],
		['cells=ort-cuda', /cells "ort-cuda" is not one of ort-wasm, /],
		['block-ms=', /block-ms "" is not a number/],
		['image=missing.jpg', /image "missing.jpg" is not one of astronaut.jpg, coffee.jpg/],
		['reference=ort/wasm', /reference "ort\/wasm" is not one of ort-wasm, ort-webgpu/],
		['tfjs-wasm.threads=4', /tfjs-wasm\.threads: "4" is not a whole number from 1 to 2/],
		['frameworks=ort&backends=cpu', /no cell runs ort on cpu: the cells are ort-wasm, /],
		['optimization=max', /optimization "max" is not one of disabled, basic, extended, all/],
		[
			'optimization-baseline=off',
			/optimization-baseline "off" is not one of disabled, basic, extended, all, none/
		]
	])('%s is refused with a message naming it', (query, message) => {
		expect(() => parse(query)).toThrow(message);
	});
});

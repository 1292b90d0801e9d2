// Every claim's verdict rule on fixture measurements: supported, contradicted, mixed, within noise,
// and too little data.
import { describe, expect, it } from 'vitest';
import type { CellEvidence, Evidence } from '../../../src/lib/claims/evidence.js';
import { CLAIMS, judgeAll } from '../../../src/lib/claims/registry.js';
import type { VerdictKind } from '../../../src/lib/claims/verdict.js';

type Cell = Partial<CellEvidence> & Pick<CellEvidence, 'framework' | 'backend'>;
const cell = (c: Cell): CellEvidence => ({
	cell: `${c.framework}-${c.backend}`,
	status: 'ok',
	runs: 10,
	agrees: true,
	...c
});
const ort = (backend: CellEvidence['backend'], c: Partial<CellEvidence> = {}) =>
	cell({ framework: 'ort', backend, ...c });
const tfjs = (backend: CellEvidence['backend'], c: Partial<CellEvidence> = {}) =>
	cell({ framework: 'tfjs', backend, ...c });
const evidence = (cells: CellEvidence[], more: Partial<Evidence> = {}): Evidence => ({
	model: 'movenet-lightning',
	from: 'bench',
	at: 0,
	cells,
	...more
});

/** ORT at 'all' against 'disabled' on WASM, with these pair ratios and p50s. */
const optimization = (ratios: number[], p50: [number, number]) => ({
	backend: 'wasm' as const,
	level: 'all' as const,
	baseline: 'disabled' as const,
	comparison: { ratio: [...ratios].sort((a, b) => a - b)[1]!, ratios, p50 }
});

/**
 * Claims with other than four outcomes (supported, contradicted, mixed, insufficient data): the
 * conversion claim has no "mixed" (a model needed special care or did not); the paired claims have
 * "within noise", graph optimization instead of "mixed" (it is one comparison), ORT against TF.js and
 * TensorFlow's web route as well.
 */
const OUTCOMES: Record<string, number> = {
	'onnx-conversion-challenges': 3,
	'onnx-graph-optimization': 4,
	'ort-optimized-hardware': 5,
	'jit-compilation-speedups': 5,
	'data-pipeline-bottleneck': 5,
	'tensorflow-deploy-web': 5
};

/** A paired comparison with these block-pair ratios (its ratio their median). */
const paired = (ratios: number[]) => ({
	ratio: [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!,
	ratios,
	p50: [10, 10] as [number, number]
});

const judge = (id: string, e: Evidence) => {
	const judged = judgeAll(e).find((j) => j.claim.id === id);
	if (!judged) throw new Error(`no claim ${id}`);
	return judged.verdict;
};

/** [claim, fixture, expected verdict, a number the explanation must cite] */
const CASES: [string, Evidence, VerdictKind, string][] = [
	[
		'onnx-universal-translator',
		evidence([ort('wasm'), ort('webgpu', { agrees: true })]),
		'supported',
		'2 of 2'
	],
	[
		'onnx-universal-translator',
		evidence([ort('wasm', { status: 'error', reason: 'boom' })]),
		'contradicted',
		'boom'
	],
	[
		'onnx-universal-translator',
		evidence([ort('wasm'), ort('webgl', { agrees: false })]),
		'mixed',
		'ORT webgl differ'
	],
	['onnx-universal-translator', evidence([tfjs('wasm')]), 'insufficient data', 'no ONNX Runtime'],
	[
		'pytorch-edge-via-onnx',
		// TF.js runs on WebGL here: ONNX Runtime's WebGL cell is unavailable for the model's sake.
		evidence([ort('wasm'), ort('webgl', { status: 'unavailable' }), tfjs('webgl')]),
		'mixed',
		'1 of 2'
	],
	[
		'onnx-universal-translator',
		// No cell runs on WebNN: this browser has none, which says nothing of ONNX.
		evidence([ort('wasm'), ort('webnn', { status: 'unavailable' })]),
		'supported',
		"1 of 1 ONNX Runtime cells ran; 1 of 1 give the reference's result; not in this browser: webnn"
	],

	[
		'onnx-conversion-challenges',
		evidence([], { conversion: { specialOps: ['GatherNd'] } }),
		'supported',
		'GatherNd'
	],
	[
		'onnx-conversion-challenges',
		evidence([ort('webgpu', { ran: 'webgpu, 2 nodes on the CPU (Cast ×2)' })], {
			conversion: { specialOps: [] }
		}),
		'supported',
		'Cast ×2'
	],
	[
		'onnx-conversion-challenges',
		evidence([ort('webgpu', { ran: 'webgpu' })], { conversion: { specialOps: [] } }),
		'contradicted',
		'no op'
	],
	['onnx-conversion-challenges', evidence([]), 'insufficient data', 'report'],

	[
		'ort-optimized-hardware',
		evidence([
			ort('wasm', { p50: 10 }),
			tfjs('wasm', { p50: 20 }),
			ort('webgl', { p50: 5 }),
			tfjs('webgl', { p50: 9 })
		]),
		'supported',
		'2.00x'
	],
	[
		'ort-optimized-hardware',
		evidence([ort('wasm', { p50: 30 }), tfjs('wasm', { p50: 20 })]),
		'contradicted',
		'ORT 30 ms vs TF.js 20 ms'
	],
	[
		'ort-optimized-hardware',
		evidence([
			ort('wasm', { p50: 10 }),
			tfjs('wasm', { p50: 20 }),
			ort('webgl', { p50: 9 }),
			tfjs('webgl', { p50: 5 })
		]),
		'mixed',
		'webgl'
	],
	[
		'ort-optimized-hardware',
		evidence([ort('wasm', { p50: 10, runs: 1 }), tfjs('wasm', { p50: 20 })]),
		'insufficient data',
		'both frameworks'
	],
	[
		'ort-optimized-hardware',
		// Medians 1.12x apart, but the interleaved pairs put ORT on both sides of 10% faster.
		evidence([ort('wasm', { p50: 20 }), tfjs('wasm', { p50: 22.4 })], {
			frameworks: [{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([0.86, 0.95, 0.89]) }]
		}),
		'within noise',
		'pairs 0.86-0.95, within noise'
	],
	[
		'ort-optimized-hardware',
		// A backend within noise leaves the verdict to the others.
		evidence(
			[
				ort('wasm', { p50: 20 }),
				tfjs('wasm', { p50: 22.4 }),
				ort('webgl', { p50: 5 }),
				tfjs('webgl', { p50: 9 })
			],
			{
				frameworks: [
					{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([0.86, 0.95, 0.89]) },
					{ cell: 'ort-webgl', backend: 'webgl', comparison: paired([0.55, 0.57, 0.56]) }
				]
			}
		),
		'supported',
		'paired ORT/TF.js 0.56'
	],
	[
		'ort-optimized-hardware',
		// Paired runs decide against the medians: every pair has ORT slower.
		evidence([ort('wasm', { p50: 10 }), tfjs('wasm', { p50: 20 })], {
			frameworks: [{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([1.02, 1.1, 1.05]) }]
		}),
		'contradicted',
		'paired ORT/TF.js 1.05'
	],
	[
		'ort-optimized-hardware',
		// ORT's two ways to WebGPU: the faster (native) is held against TF.js, with its own pairs.
		evidence(
			[
				ort('webgpu', { p50: 30 }),
				ort('webgpu', { cell: 'ort-webgpu-native', p50: 12 }),
				tfjs('webgpu', { p50: 20 })
			],
			{
				frameworks: [
					{ cell: 'ort-webgpu', backend: 'webgpu', comparison: paired([1.4, 1.5, 1.45]) },
					{ cell: 'ort-webgpu-native', backend: 'webgpu', comparison: paired([0.6, 0.62, 0.58]) }
				]
			}
		),
		'supported',
		'webgpu: ORT 12 ms vs TF.js 20 ms (1.67x), paired ORT/TF.js 0.60'
	],

	[
		'tfjs-in-browser',
		evidence([tfjs('wasm', { loadMs: 300 }), tfjs('webgl')]),
		'supported',
		'300 ms'
	],
	['tfjs-in-browser', evidence([tfjs('wasm', { status: 'error' })]), 'contradicted', '0 of 1'],
	[
		'tfjs-in-browser',
		evidence([tfjs('wasm'), tfjs('webgpu', { status: 'unavailable' })]),
		'mixed',
		'1 of 2'
	],
	['tfjs-in-browser', evidence([ort('wasm')]), 'insufficient data', 'no TF.js'],

	[
		'gpu-parallel-convolutions',
		evidence([tfjs('webgl', { p50: 5 }), tfjs('wasm', { p50: 20 })]),
		'supported',
		'4.00x'
	],
	[
		'gpu-parallel-convolutions',
		evidence([tfjs('webgpu', { p50: 2000 }), ort('wasm', { p50: 20 })]),
		'contradicted',
		'2000 ms'
	],
	[
		'gpu-parallel-convolutions',
		evidence([tfjs('webgl', { p50: 20 }), tfjs('wasm', { p50: 21 })]),
		'mixed',
		'1.05x'
	],
	['gpu-parallel-convolutions', evidence([tfjs('wasm', { p50: 20 })]), 'insufficient data', 'GPU'],

	[
		'benchmark-your-hardware',
		evidence([tfjs('wasm', { p50: 20 }), ort('webgl', { p50: 600 })]),
		'supported',
		'30.0x'
	],
	[
		'benchmark-your-hardware',
		evidence([tfjs('wasm', { p50: 20 }), ort('wasm', { p50: 21 })]),
		'contradicted',
		'1.1x'
	],
	[
		'benchmark-your-hardware',
		evidence([tfjs('wasm', { p50: 20 }), ort('wasm', { p50: 30 })]),
		'mixed',
		'1.5x'
	],
	['benchmark-your-hardware', evidence([tfjs('wasm', { p50: 20 })]), 'insufficient data', 'two'],

	[
		'jit-compilation-speedups',
		evidence([tfjs('webgl', { p50: 300, firstRunMs: 6000 })]),
		'supported',
		'20.0x'
	],
	[
		'jit-compilation-speedups',
		evidence([tfjs('webgl', { p50: 300, firstRunMs: 400 })]),
		'contradicted',
		'1.3x'
	],
	[
		'jit-compilation-speedups',
		evidence([
			tfjs('webgl', { p50: 300, firstRunMs: 6000 }),
			ort('webgpu', { p50: 300, firstRunMs: 310 })
		]),
		'mixed',
		'ORT webgpu'
	],
	[
		'jit-compilation-speedups',
		evidence([tfjs('webgl', { p50: 300, firstRunMs: 630 })]),
		'within noise',
		'2.1x'
	],
	[
		'jit-compilation-speedups',
		evidence([
			tfjs('webgl', { p50: 300, firstRunMs: 6000 }),
			ort('webgl', { p50: 300, firstRunMs: 570 })
		]),
		'supported',
		'1.9x'
	],
	[
		'jit-compilation-speedups',
		evidence([
			tfjs('webgl', { p50: 300, firstRunMs: 6000 }),
			ort('webgpu', { p50: 4000, firstRunMs: 6000, settled: false })
		]),
		'supported',
		'1.5x, never settled'
	],
	[
		'jit-compilation-speedups',
		evidence([tfjs('wasm', { p50: 20, firstRunMs: 100 })]),
		'insufficient data',
		'GPU'
	],

	[
		'onnx-graph-optimization',
		evidence([], { optimization: optimization([0.6, 0.62, 0.58], [18, 30]) }),
		'supported',
		'p50 18 ms vs 30 ms, paired ratio 0.60 (pairs 0.58-0.62)'
	],
	[
		'onnx-graph-optimization',
		evidence([], { optimization: optimization([1.6, 1.7, 1.65], [30, 18]) }),
		'contradicted',
		'paired ratio 1.65'
	],
	[
		'onnx-graph-optimization',
		evidence([], { optimization: optimization([0.98, 1.0, 1.01], [20, 20.5]) }),
		'contradicted',
		'all vs disabled'
	],
	[
		'onnx-graph-optimization',
		evidence([], { optimization: optimization([0.7, 0.98, 0.72], [14, 19]) }),
		'within noise',
		'pairs 0.70-0.98'
	],
	[
		'onnx-graph-optimization',
		evidence([ort('wasm', { p50: 20 })]),
		'insufficient data',
		'--optimization-baseline'
	],

	[
		'memory-efficiency',
		evidence([
			tfjs('wasm', { memory: { wasm: 10e6, gpu: 0 } }),
			ort('wasm', { memory: { wasm: 12e6, gpu: 0 } })
		]),
		'supported',
		'wasm: TF.js 10.0 MB vs ORT 12.0 MB (0.83x)'
	],
	[
		'memory-efficiency',
		evidence([
			tfjs('webgpu', { memory: { wasm: 0, gpu: 40e6 } }),
			ort('webgpu', { memory: { wasm: 5e6, gpu: 10e6 } })
		]),
		'contradicted',
		'webgpu: TF.js 40.0 MB vs ORT 15.0 MB (2.67x)'
	],
	[
		'memory-efficiency',
		evidence([
			tfjs('wasm', { memory: { wasm: 10e6, gpu: 0 } }),
			ort('wasm', { memory: { wasm: 12e6, gpu: 0 } }),
			tfjs('webgl', { memory: { wasm: 0, gpu: 40e6 } }),
			ort('webgl', { memory: { wasm: 0, gpu: 10e6 } })
		]),
		'mixed',
		'webgl: TF.js 40.0 MB'
	],
	[
		'memory-efficiency',
		evidence([
			tfjs('wasm', { memory: { wasm: 10e6, gpu: 0 } }),
			ort('webgl', { memory: { wasm: 0, gpu: 10e6 } })
		]),
		'insufficient data',
		'same backend'
	],

	[
		'tensorflow-deploy-web',
		evidence([tfjs('wasm', { p50: 20 }), ort('wasm', { p50: 21 })]),
		'supported',
		'best TF.js wasm 20 ms'
	],
	[
		'tensorflow-deploy-web',
		evidence([tfjs('wasm', { p50: 40 }), ort('wasm', { p50: 20 }), ort('webgl', { p50: 30 })]),
		'contradicted',
		'ONNX route on 2 backends'
	],
	[
		'tensorflow-deploy-web',
		evidence([tfjs('wasm', { p50: 40 }), ort('wasm', { p50: 20 })]),
		'mixed',
		'40 ms'
	],
	['tensorflow-deploy-web', evidence([tfjs('wasm', { p50: 40 })]), 'insufficient data', 'both'],
	[
		'tensorflow-deploy-web',
		// ORT's two WebGPU cells are one backend: both routes run on two.
		evidence([
			tfjs('wasm', { p50: 40 }),
			tfjs('webgpu', { p50: 90 }),
			ort('wasm', { p50: 20 }),
			ort('webgpu', { p50: 80 }),
			ort('webgpu', { cell: 'ort-webgpu-native', p50: 70 })
		]),
		'mixed',
		'the ONNX route on 2 backends'
	],
	[
		'tensorflow-deploy-web',
		// Medians 5% apart, but the interleaved runs have ORT 20% faster in every pair.
		evidence([tfjs('wasm', { p50: 20 }), ort('wasm', { p50: 19 })], {
			frameworks: [{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([0.78, 0.8, 0.81]) }]
		}),
		'mixed',
		'paired ORT/TF.js 0.80'
	],
	[
		'tensorflow-deploy-web',
		evidence([tfjs('wasm', { p50: 20 }), ort('wasm', { p50: 19 })], {
			frameworks: [{ cell: 'ort-wasm', backend: 'wasm', comparison: paired([0.85, 0.95, 0.9]) }]
		}),
		'within noise',
		'pairs 0.85-0.95'
	],

	[
		'data-pipeline-bottleneck',
		evidence([tfjs('wasm', { p50: 10, prePostP50: 10 })]),
		'supported',
		'50%'
	],
	// One run's share is one figure: near a line it is within noise, not a verdict the next run flips.
	[
		'data-pipeline-bottleneck',
		evidence([tfjs('wasm', { p50: 15, prePostP50: 5 })]),
		'within noise',
		'near the 25% line'
	],
	[
		'data-pipeline-bottleneck',
		evidence([tfjs('wasm', { p50: 3, prePostP50: 0.15 })]),
		'within noise',
		'near the 5% line'
	],
	[
		'data-pipeline-bottleneck',
		evidence([tfjs('wasm', { p50: 100, prePostP50: 2 })]),
		'contradicted',
		'2%'
	],
	[
		'data-pipeline-bottleneck',
		evidence([tfjs('wasm', { p50: 20, prePostP50: 3 })]),
		'mixed',
		'13%'
	],
	['data-pipeline-bottleneck', evidence([tfjs('wasm', { p50: 20 })]), 'insufficient data', 'pre-']
];

describe('claim verdicts', () => {
	it.each(CASES)('%s: %#', (id, e, kind, cites) => {
		const v = judge(id, e);
		expect(v.kind, v.why).toBe(kind);
		expect(v.why).toContain(cites);
	});

	it('gives every testable claim all its outcomes in the fixtures', () => {
		const outcomes = new Map<string, Set<VerdictKind>>();
		for (const [id, , kind] of CASES) outcomes.set(id, (outcomes.get(id) ?? new Set()).add(kind));
		const onnxRoute = new Set([
			...outcomes.get('onnx-universal-translator')!,
			...outcomes.get('pytorch-edge-via-onnx')!
		]);
		for (const claim of CLAIMS.filter((c) => c.figures.length)) {
			const first = CLAIMS[0]!;
			const same = 'judge' in claim && 'judge' in first && claim.judge === first.judge;
			const seen = same ? onnxRoute : outcomes.get(claim.id);
			expect(seen?.size, claim.id).toBe(OUTCOMES[claim.id] ?? 4);
		}
	});

	it('says what a browser cannot test, and why, before any run', () => {
		const before = judgeAll(undefined);
		const untestable = before.filter((j) => j.verdict.kind === 'not testable');
		expect(untestable.length).toBeGreaterThanOrEqual(4);
		for (const j of untestable) expect(j.verdict.why.length).toBeGreaterThan(10);
		expect(judgeAll(evidence([])).filter((j) => j.verdict.kind === 'not testable')).toEqual(
			untestable
		);
		expect(new Set(before.map((j) => j.verdict.kind))).toEqual(
			new Set(['not testable', 'insufficient data'])
		);
	});

	it('has at least 12 claims, each quoting at most a sentence with its article and section', () => {
		expect(CLAIMS.length).toBeGreaterThanOrEqual(12);
		expect(new Set(CLAIMS.map((c) => c.id)).size).toBe(CLAIMS.length);
		for (const c of CLAIMS) {
			expect(c.quote.length, c.id).toBeLessThanOrEqual(200);
			expect(c.section.length, c.id).toBeGreaterThan(3);
		}
	});
});

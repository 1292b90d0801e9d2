// The claims of the framework comparison that meet a measurement here: each quotes its article and
// section, names the figures that bear on it, and judges them with a rule that cites the numbers.
import type { ArticleId } from './articles.js';
import type { CellEvidence, Evidence } from './evidence.js';
import { heldBytes, mb, ratioRange } from '../format.js';
import {
	backendCount,
	fastest,
	label,
	missingBackends,
	offered,
	ms,
	pairedOutcome,
	tally,
	lineOutcome,
	timed,
	verdict,
	type Verdict
} from './verdict.js';

/** The figures a claim reads; the playground and the bench link each figure to its claims. */
export type Figure =
	| 'latency'
	| 'agreement'
	| 'first-run'
	| 'load'
	| 'placement'
	| 'conversion'
	| 'pre-post'
	| 'optimization'
	| 'memory';

interface ClaimText {
	id: string;
	quote: string;
	article: ArticleId;
	section: string;
	/** What a browser measures about it (or why it cannot). */
	test: string;
	figures: Figure[];
}

/** A claim judged on a run's figures, or one a browser cannot test, and why (known before any run). */
export type Claim = ClaimText & ({ judge(e: Evidence): Verdict } | { untestable: string });

const backends = (n: number) => `${n} backend${n === 1 ? '' : 's'}`;

/** The ONNX twin ran on the backends it was asked for and gave the same results as the reference. */
function onnxRunsAndAgrees(e: Evidence): Verdict {
	const ort = offered(e).filter((c) => c.framework === 'ort');
	const absent = missingBackends(e);
	const ran = ort.filter((c) => c.status === 'ok');
	if (ran.length === 0)
		return ort.length
			? verdict(
					'contradicted',
					`no ONNX Runtime cell ran (${ort.map((c) => `${label(c)}: ${c.reason}`).join('; ')})`
				)
			: verdict('insufficient data', 'no ONNX Runtime cell was measured');
	const checked = ran.filter((c) => c.agrees !== undefined);
	const differ = checked.filter((c) => !c.agrees);
	const missing = ort.filter((c) => c.status !== 'ok');
	const parts = [
		`${ran.length} of ${ort.length} ONNX Runtime cells ran`,
		checked.length
			? `${checked.length - differ.length} of ${checked.length} give the reference's result`
			: '',
		differ.length ? `${differ.map(label).join(', ')} differ` : '',
		missing.length ? `${missing.map((c) => `${label(c)} ${c.status}`).join(', ')}` : '',
		absent.length ? `not in this browser: ${absent.join(', ')}` : ''
	].filter(Boolean);
	return verdict(differ.length || missing.length ? 'mixed' : 'supported', parts.join('; '));
}

export const CLAIMS: Claim[] = [
	{
		id: 'onnx-universal-translator',
		quote:
			'Think of it as the universal translator for your AI models, allowing them to be moved between different frameworks and hardware with ease.',
		article: 'chatbench',
		section: 'ONNX: The Universal Format for Model Interoperability',
		test: 'The TF.js model, converted to ONNX here, runs in ONNX Runtime on every backend and gives the same result as the original.',
		figures: ['agreement'],
		judge: onnxRunsAndAgrees
	},
	{
		id: 'onnx-conversion-challenges',
		quote: 'complex or custom operations might sometimes present challenges during conversion',
		article: 'chatbench',
		section: 'ONNX, Drawbacks',
		test: 'Which ops of this model needed special handling in conversion, and which backends lack an op.',
		figures: ['conversion', 'placement'],
		judge(e) {
			if (!e.conversion)
				return verdict('insufficient data', 'the conversion report was not loaded');
			const { specialOps, webglUnsupported } = e.conversion;
			const cpu = e.cells.filter((c) => c.ran?.includes('on the CPU'));
			const found = [
				specialOps.length ? `ops rewritten for the runtimes: ${specialOps.join(', ')}` : '',
				webglUnsupported ? `no WebGL twin (${webglUnsupported})` : '',
				cpu.length ? `${cpu.map((c) => `${label(c)}: ${c.ran}`).join('; ')}` : ''
			].filter(Boolean);
			return found.length
				? verdict('supported', found.join('; '))
				: verdict(
						'contradicted',
						'this model converted with no op needing special care, and every backend took every op'
					);
		}
	},
	{
		id: 'ort-optimized-hardware',
		quote:
			'ONNX Runtime, the inference engine for ONNX models, is highly optimized for performance across various hardware',
		article: 'chatbench',
		section: 'ONNX, Key Features & Benefits',
		test: 'ONNX Runtime against TF.js on the same model, backend by backend, on this machine: their runs interleaved in one worker where the bench paired them, else their medians.',
		figures: ['latency'],
		judge(e) {
			const cells = timed(e);
			const backends = [...new Set(cells.map((c) => c.backend))];
			const pairs = backends.flatMap((backend) => {
				// Where ORT has two ways to a backend (WebGPU: JSEP and native), its faster one.
				const ort = fastest(cells.filter((c) => c.framework === 'ort' && c.backend === backend));
				const tfjs = cells.find((c) => c.framework === 'tfjs' && c.backend === backend);
				const paired = e.frameworks?.find((f) => f.cell === ort?.cell)?.comparison;
				return ort && tfjs ? [{ backend, ort: ort.p50, tfjs: tfjs.p50, paired }] : [];
			});
			if (!pairs.length)
				return verdict('insufficient data', 'no backend has timed runs of both frameworks');
			// ORT must be at least 10% faster: within 10% is not "highly optimized" beyond TF.js. Paired
			// runs decide only when the spread of their block pairs (all but the extremes) falls on one
			// side of that line; else within noise.
			const line = 1 / 1.1;
			const outcomes = pairs.map((p) =>
				p.paired ? pairedOutcome(p.paired, line) : p.ort < p.tfjs * line
			);
			const why = pairs
				.map((p, i) => {
					const medians = `${p.backend}: ORT ${ms(p.ort)} vs TF.js ${ms(p.tfjs)} (${(p.tfjs / p.ort).toFixed(2)}x)`;
					if (!p.paired) return medians;
					const noise = outcomes[i] === 'within noise' ? ', within noise' : '';
					return `${medians}, paired ORT/TF.js ${p.paired.ratio.toFixed(2)} (pairs ${ratioRange(p.paired.ratios)}${noise})`;
				})
				.join('; ');
			return tally(outcomes, why);
		}
	},
	{
		id: 'tfjs-in-browser',
		quote: 'TensorFlow.js: For running ML models in JavaScript, directly in the browser.',
		article: 'chatbench',
		section: 'Deployment, TensorFlow ecosystem',
		test: 'Which TF.js backends run this model here, how long loading takes, and whether they agree.',
		figures: ['load', 'agreement'],
		judge(e) {
			const tfjs = e.cells.filter((c) => c.framework === 'tfjs');
			if (!tfjs.length) return verdict('insufficient data', 'no TF.js cell was measured');
			const ran = tfjs.filter((c) => c.status === 'ok');
			const agree = ran.filter((c) => c.agrees !== false);
			const loads = ran
				.filter((c) => c.loadMs !== undefined)
				.map((c) => `${label(c)} loads in ${ms(c.loadMs!)}`);
			const why = `${ran.length} of ${tfjs.length} TF.js backends ran, ${agree.length} with the reference's result${loads.length ? `; ${loads.join(', ')}` : ''}`;
			if (!ran.length) return verdict('contradicted', why);
			return verdict(agree.length === tfjs.length ? 'supported' : 'mixed', why);
		}
	},
	{
		id: 'gpu-parallel-convolutions',
		quote:
			'Their parallel processing architecture is perfectly suited for the matrix multiplications and convolutions that are fundamental to neural networks.',
		article: 'chatbench',
		section: 'Hardware Acceleration: GPU, TPU, and NPU Compatibility',
		test: 'The fastest GPU cell (WebGPU or WebGL) against the fastest WASM cell for this model.',
		figures: ['latency'],
		judge(e) {
			const cells = timed(e);
			const gpu = fastest(cells.filter((c) => c.backend === 'webgpu' || c.backend === 'webgl'));
			const cpu = fastest(cells.filter((c) => c.backend === 'wasm'));
			if (!gpu || !cpu)
				return verdict('insufficient data', 'needs timed runs on a GPU backend and on WASM');
			const ratio = cpu.p50 / gpu.p50;
			const why = `fastest GPU cell ${label(gpu)} ${ms(gpu.p50)} vs fastest WASM cell ${label(cpu)} ${ms(cpu.p50)} (${ratio.toFixed(2)}x)`;
			return verdict(ratio > 1.1 ? 'supported' : ratio < 1 / 1.1 ? 'contradicted' : 'mixed', why);
		}
	},
	{
		id: 'benchmark-your-hardware',
		quote: 'The key is to benchmark with your actual data and model on your target hardware.',
		article: 'chatbench',
		section: 'Head-to-Head: Performance Benchmarks and Speed Comparisons',
		test: 'How far apart the cells are on this machine: if the backend alone changes latency several times over, generic figures do not transfer.',
		figures: ['latency'],
		judge(e) {
			const cells = timed(e);
			if (cells.length < 2) return verdict('insufficient data', 'needs two timed cells');
			const best = fastest(cells)!;
			const worst = cells.reduce((w, c) => (c.p50 > w.p50 ? c : w));
			const spread = worst.p50 / best.p50;
			const why = `${label(best)} ${ms(best.p50)} to ${label(worst)} ${ms(worst.p50)}: ${spread.toFixed(1)}x between cells running the same model`;
			return verdict(spread >= 2 ? 'supported' : spread < 1.25 ? 'contradicted' : 'mixed', why);
		}
	},
	{
		id: 'jit-compilation-speedups',
		quote:
			'compilation, which can fuse operations and optimize computations for specific hardware, leading to significant speedups',
		article: 'chatbench',
		section: 'Head-to-Head, Factors Influencing Performance (XLA)',
		test: 'On GPU backends the first run compiles shaders for this GPU: how much faster the compiled steady-state runs are than that first run (twice or more counts; a first run within 25% of twice the steady run is within noise).',
		figures: ['first-run', 'latency'],
		judge(e) {
			const gpu = timed(e).filter((c) => c.backend !== 'wasm' && c.firstRunMs !== undefined);
			if (!gpu.length) return verdict('insufficient data', 'needs timed runs on a GPU backend');
			const why = gpu
				.map(
					(c) =>
						`${label(c)} first run ${ms(c.firstRunMs!)}, then ${ms(c.p50)} (${(c.firstRunMs! / c.p50).toFixed(1)}x${c.settled === false ? ', never settled' : ''})`
				)
				.join('; ');
			// A first run at least twice the steady run, clearly (a first run is one figure: see
			// LINE_MARGIN); a cell whose runs never settled has no steady run to hold it against.
			return tally(
				gpu.map((c) =>
					c.settled === false ? 'within noise' : lineOutcome(c.firstRunMs! / c.p50, 2)
				),
				why
			);
		}
	},
	{
		id: 'onnx-graph-optimization',
		quote:
			'Tools exist to optimize ONNX models (e.g., quantization, graph optimization) for faster inference and smaller footprint.',
		article: 'chatbench',
		section: 'ONNX, Key Features & Benefits',
		test: "ONNX Runtime's graph optimization on against off: two sessions of the same model on the same backend, their runs interleaved in one worker.",
		figures: ['optimization'],
		judge(e) {
			const o = e.optimization;
			if (!o || o.level === o.baseline)
				return verdict(
					'insufficient data',
					'needs ORT runs with graph optimization on and off: the playground makes them once per model beside the cells, the bench with --optimization-baseline disabled'
				);
			const { ratio, ratios, p50 } = o.comparison;
			const why = `ORT ${o.backend}, graph optimization ${o.level} vs ${o.baseline}: p50 ${ms(p50[0])} vs ${ms(p50[1])}, paired ratio ${ratio.toFixed(2)} (pairs ${ratioRange(ratios)})`;
			// At least 5% faster over the spread of the block pairs (all but the extremes), less than that
			// over all of it (no gain worth the name), or on both sides: within noise.
			const outcome = pairedOutcome(o.comparison, 0.95);
			const kind = outcome === 'within noise' ? outcome : outcome ? 'supported' : 'contradicted';
			return verdict(kind, why);
		}
	},
	{
		id: 'tensorflow-deploy-web',
		quote: 'Use TensorFlow if: You want to deploy models on mobile, web, or cloud platforms.',
		article: 'blogger',
		section: 'Choosing the Right Framework',
		test: 'On the web, TF.js against the ONNX route: backends that run, and their speed.',
		figures: ['latency', 'load'],
		judge(e) {
			const cells = timed(e);
			const tfjs = cells.filter((c) => c.framework === 'tfjs');
			const ort = cells.filter((c) => c.framework === 'ort');
			if (!tfjs.length || !ort.length)
				return verdict('insufficient data', 'needs timed runs of both TF.js and ONNX Runtime');
			const bestTf = fastest(tfjs)!;
			const bestOrt = fastest(ort)!;
			// TensorFlow's web route is as good a choice as the alternative when it is not over 10% slower:
			// judged on the two best cells' interleaved runs where the bench paired them (same backend).
			const paired =
				bestTf.backend === bestOrt.backend
					? e.frameworks?.find((f) => f.cell === bestOrt.cell)?.comparison
					: undefined;
			const tfjsSlower = paired ? pairedOutcome(paired, 1 / 1.1) : bestTf.p50 > bestOrt.p50 * 1.1;
			const pairs = paired
				? `, paired ORT/TF.js ${paired.ratio.toFixed(2)} (pairs ${ratioRange(paired.ratios)})`
				: '';
			const why = `TF.js runs on ${backends(backendCount(tfjs))} here (best ${label(bestTf)} ${ms(bestTf.p50)}); the ONNX route on ${backends(backendCount(ort))} (best ${label(bestOrt)} ${ms(bestOrt.p50)})${pairs}`;
			if (tfjsSlower === 'within noise') return verdict('within noise', why);
			return verdict(
				!tfjsSlower
					? 'supported'
					: backendCount(tfjs) >= backendCount(ort)
						? 'mixed'
						: 'contradicted',
				why
			);
		}
	},
	{
		id: 'pytorch-edge-via-onnx',
		quote: 'Limited support, but possible with ONNX',
		article: 'blogger',
		section: 'TensorFlow vs. PyTorch: A Detailed Comparison (table, Mobile & Edge AI, PyTorch)',
		test: 'A model in ONNX runs in the browser whatever framework made it: this ONNX file runs in ONNX Runtime on the backends here.',
		figures: ['agreement'],
		judge: onnxRunsAndAgrees
	},
	{
		id: 'data-pipeline-bottleneck',
		quote: 'A slow data pipeline can bottleneck even the fastest framework',
		article: 'chatbench',
		section: 'Head-to-Head, Factors Influencing Performance',
		test: 'The share of each run spent turning the frame into the input and the output into a result, on the fastest cell (a quarter or more: a bottleneck; under 5%: none; within 25% of either line: within noise).',
		figures: ['pre-post', 'latency'],
		judge(e) {
			const cell = fastest(timed(e).filter((c) => c.prePostP50 !== undefined));
			if (!cell)
				return verdict('insufficient data', 'needs a timed cell with its pre- and post-processing');
			const share = cell.prePostP50! / (cell.prePostP50! + cell.p50);
			const why = `on ${label(cell)}, pre- and post-processing take ${ms(cell.prePostP50!)} of ${ms(cell.prePostP50! + cell.p50)} (${(share * 100).toFixed(0)}%)`;
			// A quarter of the run or more: a bottleneck; under 5%: none; near either line: within noise.
			const [bottleneck, some] = [lineOutcome(share, 0.25), lineOutcome(share, 0.05)];
			const near = bottleneck === 'within noise' ? 25 : some === 'within noise' ? 5 : undefined;
			if (near)
				return verdict(
					'within noise',
					`${why}: near the ${near}% line, which one run's figure can cross`
				);
			return verdict(bottleneck ? 'supported' : some ? 'mixed' : 'contradicted', why);
		}
	},
	{
		id: 'memory-efficiency',
		quote: 'Memory Efficiency | Good | Good | Excellent | Very Good',
		article: 'chatbench',
		section: 'Head-to-Head: Performance Benchmarks (table)',
		test: 'The memory each runtime holds for this model, counted in its worker where it is allocated (WebAssembly memory, WebGPU buffers, WebGL textures; not the JS heap). The table rates TensorFlow "Good"; here that means TF.js holds at most 1.5x what ONNX Runtime holds on the same backend.',
		figures: ['memory'],
		judge(e) {
			const held = (c: CellEvidence) => c.memory && heldBytes(c.memory);
			const measured = e.cells.filter((c) => c.status === 'ok' && held(c));
			const pairs = measured.flatMap((t) => {
				const o = measured.find((c) => c.framework === 'ort' && c.backend === t.backend);
				return t.framework === 'tfjs' && o
					? [{ backend: t.backend, tfjs: held(t)!, ort: held(o)! }]
					: [];
			});
			if (!pairs.length)
				return verdict(
					'insufficient data',
					'needs TF.js and ORT cells on the same backend with their memory measured'
				);
			const why = pairs
				.map(
					(p) =>
						`${p.backend}: TF.js ${mb(p.tfjs)} vs ORT ${mb(p.ort)} (${(p.tfjs / p.ort).toFixed(2)}x)`
				)
				.join('; ');
			return tally(
				pairs.map((p) => p.tfjs <= 1.5 * p.ort),
				why
			);
		}
	},
	{
		id: 'tensorflow-graph-computation',
		quote:
			'Graph-Based Computation: Uses computational graphs to optimize performance and scalability.',
		article: 'blogger',
		section: 'Key Features of TensorFlow',
		test: "TF.js in the browser runs a graph that was optimized before export; the optimization itself happens in Python's TensorFlow, out of a browser's reach.",
		figures: [],
		untestable: 'the graph optimization happens at export, in Python TensorFlow, not in the browser'
	},
	{
		id: 'tensorflow-gpu-tpu',
		quote: 'GPU & TPU Support: Optimized for running on NVIDIA GPUs and Google’s TPUs.',
		article: 'blogger',
		section: 'Key Features of TensorFlow',
		test: 'A browser reaches the GPU only through WebGPU and WebGL, never CUDA or a TPU.',
		figures: [],
		untestable: 'a browser cannot use CUDA or TPUs'
	},
	{
		id: 'training-speed',
		quote: 'Training Speed (TPU) | Extremely High | N/A | Extremely High | N/A',
		article: 'chatbench',
		section: 'Head-to-Head: Performance Benchmarks (table)',
		test: 'Twinfer runs inference only.',
		figures: [],
		untestable: 'training is not run in the browser here'
	},
	{
		id: 'tflite-edge-latency',
		quote:
			'TensorFlow Lite addresses the need for low-latency, high-performance inference on resource-constrained hardware.',
		article: 'alitech',
		section: 'TensorFlow Lite',
		test: 'TensorFlow Lite is not one of the browser runtimes here (TF.js and ONNX Runtime Web are).',
		figures: [],
		untestable: 'TensorFlow Lite does not run in this browser app'
	},
	{
		id: 'pytorch-dynamic-graphs',
		quote: 'Dynamic computation graphs make experimentation more intuitive and efficient.',
		article: 'alitech',
		section: 'Dynamic Computation Graphs',
		test: 'A claim about developing models, not about running them.',
		figures: [],
		untestable: 'it is about the experience of developing models'
	}
];

/** The claims a figure bears on. */
export const claimsFor = (figure: Figure) => CLAIMS.filter((c) => c.figures.includes(figure));

export interface Judged {
	claim: Claim;
	verdict: Verdict;
}

/** Every claim's verdict on `e`; with no run yet, those a browser can test wait for one. */
export const judgeAll = (e: Evidence | undefined): Judged[] =>
	CLAIMS.map((claim) => ({
		claim,
		verdict:
			'untestable' in claim
				? verdict('not testable', claim.untestable)
				: e
					? claim.judge(e)
					: verdict('insufficient data', 'no run recorded in this browser yet')
	}));

// A bench run in the page: every cell its settings select, one at a time in a worker of its own, the
// reference first, each held against it; then the device's matmul rate, the claims' evidence (kept in
// this browser for the notes) and the report. The bench page and the notes' "Measure here" run it.
import { CPU_CANVAS } from '../cpu-canvas.js';
import type { Evidence } from '../claims/evidence.js';
import { judgeAll } from '../claims/registry.js';
import { saveEvidence } from '../claims/store.js';
import { describedEnvironment, measuredGpuPeak } from '../environment-client.js';
import { PROFILE_RUNS } from '../measure/op-profile.js';
import { builtInModel, modelFacts, specialRewrites } from '../models/catalog.js';
import type { ModelDescriptor } from '../models/descriptor.js';
import type { RgbaImage } from '../models/image.js';
import { describeUserModel, guessChoices } from '../open/choices.js';
import { fileSet } from '../open/files.js';
import { fetchModel } from '../open/pick.js';
import { prepareInWorker } from '../open/prepare-client.js';
import { evidenceOf } from '../report/evidence.js';
import { benchCell } from '../report/from-bench.js';
import type { CellSpec } from '../runtimes/cells.js';
import { OVERHEAD_BLOCKS, PAIRED_BLOCKS, type ComparisonPlan } from '../worker/compare.js';
import InferenceWorker from '../worker/inference.worker?worker';
import type { Baseline } from '../worker/protocol.js';
import {
	agreementWith,
	runCell,
	withoutAnswer,
	type CellRequest,
	type CellResult
} from './cell.js';
import { measureFirstRuns } from './first-runs.js';
import type { BenchModel, BenchParams } from './params.js';
import {
	profileColumns,
	rowGflops,
	type BenchReport,
	type BenchRow,
	type FirstRuns
} from './report.js';

/** What a run tells its page as it goes. */
export interface BenchProgress {
	/** What it is doing now, in words. */
	status(text: string): void;
	/** A cell's row, once measured. */
	row(row: BenchRow): void;
}

const TIMEOUTS = { loadMs: 180_000, measureMs: 600_000 };

async function loadImage(url: string): Promise<RgbaImage> {
	const bitmap = await createImageBitmap(await (await fetch(url)).blob());
	const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
	const context = canvas.getContext('2d', CPU_CANVAS)!;
	context.drawImage(bitmap, 0, 0);
	return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** The model to measure and what its conversion needed: a built-in one, or a user's at a URL. */
async function benchModel(
	which: BenchModel,
	base: string,
	progress: BenchProgress
): Promise<{ model: ModelDescriptor; conversion: Evidence['conversion'] }> {
	if ('card' in which) {
		const facts = await modelFacts(which.card, base);
		return {
			model: await builtInModel(which.card, base),
			conversion: {
				specialOps: facts.specialOps.map((r) => r.op),
				webglUnsupported: facts.webglError
			}
		};
	}
	progress.status(`opening ${which.url}`);
	const prepared = await prepareInWorker(fileSet(await fetchModel(which.url)));
	const webgl = prepared.source.onnxWebgl;
	return {
		model: describeUserModel(prepared, guessChoices(prepared)),
		conversion: {
			specialOps: specialRewrites(prepared.conversion?.report.rewrites ?? []).map((r) => r.op),
			webglUnsupported: 'unavailable' in webgl ? webgl.unavailable : undefined
		}
	};
}

/** The comparisons `params` asks of `cell`, each with its blocks as planned or as the URL fixes them. */
function comparisonsOf(params: BenchParams, { framework, backend }: CellSpec): ComparisonPlan[] {
	const { blocks: fixedBlocks, blockMs } = params.pairs;
	const paired = (baseline: Baseline, planned: Omit<ComparisonPlan, 'baseline'>) => ({
		baseline,
		...planned,
		...(fixedBlocks !== undefined && { blocks: fixedBlocks, maxBlocks: fixedBlocks }),
		...(blockMs !== undefined && { blockMs })
	});
	const { baseline, optimization } = params;
	const withTfjs = params.cells.some((c) => c.framework === 'tfjs');
	return [
		...(params.overhead ? [paired({ kind: 'bare' }, OVERHEAD_BLOCKS)] : []),
		...(framework === 'ort' &&
		backend === 'wasm' &&
		baseline !== 'none' &&
		baseline !== optimization
			? [paired({ kind: 'optimization', level: baseline }, PAIRED_BLOCKS)]
			: []),
		...(params.pairFrameworks && framework === 'ort' && withTfjs
			? [paired({ kind: 'framework', framework: 'tfjs' }, PAIRED_BLOCKS)]
			: []),
		...(params.runtimeImage && framework === 'tfjs'
			? [paired({ kind: 'runtime-image' }, PAIRED_BLOCKS)]
			: [])
	];
}

/** Runs the bench `params` describe; `base` is the app's URL (models and samples are under it). */
export async function runBench(
	params: BenchParams,
	base: string,
	progress: BenchProgress
): Promise<BenchReport> {
	const { cells, plan, optimization: graphOptimization } = params;
	const { model, conversion } = await benchModel(params.model, base, progress);
	const image = await loadImage(new URL(`samples/${params.image}`, base).href);
	const rows: BenchRow[] = [];
	// The reference runs first (by default ORT on WASM, the backend every browser has).
	let reference: CellResult | undefined;
	for (const [i, cell] of cells.entries()) {
		progress.status(`running ${cell.short} (${i + 1} of ${cells.length})`);
		const request: CellRequest = {
			spawn: () => new InferenceWorker({ name: cell.id }),
			cell,
			model: model.source,
			run: model.run,
			image,
			plan,
			timeouts: TIMEOUTS,
			graphOptimization,
			settings: params.settings[cell.id],
			comparisons: comparisonsOf(params, cell),
			profileRuns: params.profile ? PROFILE_RUNS : 0
		};
		const result = await runCell(request);
		let firstRuns: FirstRuns | undefined;
		if (params.firstRuns && result.status === 'ok' && cell.backend !== 'wasm') {
			progress.status(`first runs again: ${cell.short}`);
			firstRuns = await measureFirstRuns(request, reference);
		}
		if (cell === params.reference) reference = result;
		const row = withoutAnswer(result);
		const measured: BenchRow = {
			...row,
			...profileColumns(result.profile),
			agreement: agreementWith(reference, result, model.run.task.id, image),
			gflops: rowGflops(row, model.multiplyAdds),
			firstRuns
		};
		rows.push(measured);
		progress.row(measured);
	}
	// The device's matmul rate, after the cells so that its GPU work times none of them.
	let gpuPeak: BenchReport['gpuPeak'];
	if (cells.some((c) => c.backend === 'webgpu')) {
		progress.status('measuring the WebGPU matmul rate');
		gpuPeak = await measuredGpuPeak();
	}
	const evidence = evidenceOf({
		model: model.id,
		from: 'bench',
		at: Date.now(),
		cells: rows.map((row) => benchCell(row, graphOptimization)),
		conversion
	});
	saveEvidence(evidence);
	progress.status('done');
	return {
		model: model.id,
		flops: model.multiplyAdds === undefined ? undefined : 2 * model.multiplyAdds,
		gpuPeak,
		plan,
		optimization: graphOptimization,
		conversion,
		reference: params.reference.id,
		rows,
		environment: await describedEnvironment(),
		verdicts: judgeAll(evidence).map(({ claim, verdict }) => ({
			claim: claim.id,
			quote: claim.quote,
			verdict
		}))
	};
}

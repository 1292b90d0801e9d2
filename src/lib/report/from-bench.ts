// A bench run as a report that travels: its rows reduced to the figures a report keeps, with the
// machine they were measured on.
import type { BenchReport, BenchRow } from '../bench/report.js';
import type { Environment } from '../environment.js';
import type { GraphOptimization } from '../runtimes/types.js';
import { REPORT_FORMAT, REPORT_VERSION, type Report, type ReportCell } from './schema.js';

/** The GPU in one line: the WebGPU adapter, else the WebGL renderer, else why there is none. */
export function gpuOf(environment: Environment): string {
	const { webgpu, webgl } = environment;
	if ('vendor' in webgpu)
		return [webgpu.vendor, webgpu.architecture, webgpu.description].filter(Boolean).join(' ');
	return 'renderer' in webgl ? webgl.renderer : `none: ${webgpu.missing}`;
}

/** What a report says of the machine: its browser, cores, isolation and GPU, and a label if given. */
export const machineOf = (environment: Environment, label?: string): Report['machine'] => ({
	...(label && { label }),
	userAgent: environment.userAgent,
	cores: environment.cores,
	crossOriginIsolated: environment.crossOriginIsolated,
	gpu: gpuOf(environment)
});

/** A bench row as a report's cell; ORT's cells ran at `graphOptimization`. */
export function benchCell(row: BenchRow, graphOptimization: GraphOptimization): ReportCell {
	const inference = row.stats?.inference;
	return {
		cell: row.cell,
		framework: row.framework,
		backend: row.backend,
		status: row.status,
		...(row.message !== undefined && { message: row.message }),
		settings: {
			...(row.info && {
				version: row.info.version,
				...row.info.settings,
				ran: row.info.detail
			}),
			...(row.framework === 'ort' && { graphOptimization })
		},
		loadMs: row.loadMs,
		firstRunMs: row.firstRunMs,
		settled: row.warmup?.settled,
		runs: inference?.count ?? 0,
		p50: inference?.median,
		p95: inference?.p95,
		prePostP50: row.stats && row.stats.preprocess.median + row.stats.postprocess.median,
		gflops: row.gflops,
		memory: row.memory && { wasm: row.memory.wasm, gpu: row.memory.gpu },
		agreement: row.agreement && {
			same: row.agreement.same,
			worstRelToPeak: row.agreement.worstRelToPeak,
			within: row.agreement.within,
			tolerance: row.agreement.tolerance
		},
		comparisons: (row.comparisons ?? []).flatMap(({ baseline, result }) =>
			'ratios' in result ? [{ baseline, ...result }] : []
		)
	};
}

/** `bench` as a report, ended at `at`; `label` names the machine. */
export function reportFromBench(
	bench: Omit<BenchReport, 'verdicts'>,
	at: Date,
	label?: string
): Report {
	return {
		format: REPORT_FORMAT,
		version: REPORT_VERSION,
		from: 'bench',
		at: at.toISOString(),
		machine: machineOf(bench.environment, label),
		model: {
			id: bench.model,
			...(bench.flops !== undefined && { flops: bench.flops }),
			...(bench.conversion && { conversion: bench.conversion })
		},
		reference: bench.reference,
		cells: bench.rows.map((row) => benchCell(row, bench.optimization))
	};
}

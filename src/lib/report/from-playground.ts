// The playground's run as a report that travels: each switched-on cell's last seconds of runs (the
// figures its tile shows), its agreement with the reference cell, and the machine.
import type { Environment } from '../environment.js';
import { gflops } from '../format.js';
import { PROBE_BASELINE, PROBE_LEVEL } from '../live/optimization-probe.svelte.js';
import { timingStats } from '../measure/stats.js';
import type { LiveCell } from '../live/live-cell.svelte.js';
import type { Playground } from '../live/playground.svelte.js';
import { recentRuns } from '../live/rolling.js';
import { REFERENCE_CELL } from '../runtimes/cells.js';
import { machineOf } from './from-bench.js';
import { REPORT_FORMAT, REPORT_VERSION, type Report, type ReportCell } from './schema.js';

/** The graph optimization probe's runs (ORT on WASM, on and off), which the reference cell's figures stand beside. */
function probeComparison({ probe }: Playground): ReportCell['comparisons'] {
	const result = probe.result?.result;
	return result && 'ratios' in result
		? [{ baseline: { kind: 'optimization', level: PROBE_BASELINE }, ...result }]
		: [];
}

function cellOf(cell: LiveCell, playground: Playground, now: number): ReportCell {
	const recent = recentRuns(cell.history, now);
	const inference = recent.length ? timingStats(recent.map((p) => p.inference)) : undefined;
	const prePost = recent.length ? timingStats(recent.map((p) => p.ms - p.inference)) : undefined;
	const pair = playground.pairs.find(
		(p) =>
			(p.a === REFERENCE_CELL && p.b === cell.id) || (p.b === REFERENCE_CELL && p.a === cell.id)
	);
	const status =
		cell.status === 'unavailable' || cell.status === 'error' ? cell.status : ('ok' as const);
	const work = playground.model?.multiplyAdds;
	return {
		cell: cell.id,
		framework: cell.framework,
		backend: cell.backend,
		status,
		...(status !== 'ok' && { message: cell.message }),
		settings: {
			...(cell.info && {
				version: cell.info.version,
				...cell.info.settings,
				ran: cell.info.detail
			}),
			...(cell.framework === 'ort' && { graphOptimization: PROBE_LEVEL })
		},
		loadMs: cell.loadMs,
		firstRunMs: cell.firstRunMs,
		runs: recent.length,
		p50: inference?.median,
		p95: inference?.p95,
		prePostP50: prePost?.median,
		gflops: work !== undefined && inference ? gflops(work, inference.median) : undefined,
		memory: cell.memory && { wasm: cell.memory.wasm, gpu: cell.memory.gpu },
		agreement: pair && {
			same: pair.agreement.same,
			worstRelToPeak: pair.agreement.worstRelToPeak,
			within: pair.agreement.within,
			tolerance: pair.agreement.tolerance
		},
		comparisons: cell.id === REFERENCE_CELL ? probeComparison(playground) : []
	};
}

/** The switched-on cells of `playground` that have started, as a report's cells at `now` (the page's clock). */
export const playgroundCells = (playground: Playground, now: number): ReportCell[] =>
	playground.cells
		.filter((c) => playground.enabled.includes(c.id) && c.status !== 'off')
		.map((c) => cellOf(c, playground, now));

/**
 * The playground's run as a report at `now` (ms on the page's clock), or undefined before a model is
 * chosen or while no cell is on; `label` names the machine.
 */
export function reportFromPlayground(
	playground: Playground,
	environment: Environment,
	now: number,
	label?: string
): Report | undefined {
	const model = playground.model;
	const cells = playgroundCells(playground, now);
	if (!model || !cells.length) return undefined;
	return {
		format: REPORT_FORMAT,
		version: REPORT_VERSION,
		from: 'playground',
		at: new Date().toISOString(),
		machine: machineOf(environment, label),
		model: {
			id: model.id,
			...(model.multiplyAdds !== undefined && { flops: 2 * model.multiplyAdds })
		},
		reference: REFERENCE_CELL,
		cells
	};
}

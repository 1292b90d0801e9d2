// The playground's cells as evidence for the claims: each cell's last seconds of runs, its agreement
// with the reference cell (ONNX Runtime on WASM), and what the model's conversion needed.
import type { CellEvidence, Evidence } from '../claims/evidence.js';
import type { ModelFacts } from '../models/catalog.js';
import { median } from '../measure/stats.js';
import { PROBE_BASELINE, PROBE_LEVEL } from './optimization-probe.svelte.js';
import type { Playground } from './playground.svelte.js';
import { recentRuns } from './rolling.js';
import { REFERENCE_CELL } from '../runtimes/cells.js';

export function liveEvidence(
	playground: Playground,
	facts: ModelFacts | undefined,
	now: number
): Evidence | undefined {
	const model = playground.model;
	if (!model) return undefined;
	const cells = playground.cells.flatMap((cell): CellEvidence[] => {
		if (!playground.enabled.includes(cell.id) || cell.status === 'off') return [];
		const recent = recentRuns(cell.history, now);
		const pair = playground.pairs.find(
			(p) =>
				(p.a === REFERENCE_CELL && p.b === cell.id) || (p.b === REFERENCE_CELL && p.a === cell.id)
		);
		const status =
			cell.status === 'unavailable' || cell.status === 'error' ? cell.status : ('ok' as const);
		return [
			{
				cell: cell.id,
				framework: cell.framework,
				backend: cell.backend,
				status,
				reason: status === 'ok' ? undefined : cell.message,
				ran: cell.info?.detail,
				runs: recent.length,
				p50: recent.length ? median(recent.map((p) => p.inference)) : undefined,
				prePostP50: recent.length ? median(recent.map((p) => p.ms - p.inference)) : undefined,
				loadMs: cell.loadMs,
				firstRunMs: cell.firstRunMs,
				agrees: pair?.agreement.same,
				worstRelToPeak: pair?.agreement.worstRelToPeak,
				memory: cell.memory
			}
		];
	});
	const probed = playground.probe.result;
	return {
		model: model.id,
		from: 'playground',
		at: Date.now(),
		cells,
		conversion: facts && {
			specialOps: facts.specialOps.map((r) => r.op),
			webglUnsupported: facts.webglError
		},
		optimization:
			probed && !('error' in probed.result)
				? {
						backend: 'wasm',
						level: PROBE_LEVEL,
						baseline: PROBE_BASELINE,
						comparison: probed.result
					}
				: undefined
	};
}

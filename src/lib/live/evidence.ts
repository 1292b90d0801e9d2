// The playground's cells as evidence for the claims: each cell's last seconds of runs, its agreement
// with the reference cell (ONNX Runtime on WASM), and what the model's conversion needed.
import { cellFromLive, type Evidence } from '../claims/evidence.js';
import type { ModelFacts } from '../models/catalog.js';
import { quantile } from '../measure/stats.js';
import type { Playground } from './playground.svelte.js';
import { ROLLING_MS } from './rolling.js';

const REFERENCE = 'ort-wasm';
const median = (values: number[]) =>
	quantile(
		values.sort((a, b) => a - b),
		0.5
	);

export function liveEvidence(
	playground: Playground,
	facts: ModelFacts | undefined,
	now: number
): Evidence | undefined {
	const card = playground.card;
	if (!card) return undefined;
	const cells = playground.cells.flatMap((cell) => {
		const recent = cell.history.filter((p) => now - p.at <= ROLLING_MS);
		const pair = playground.pairs.find(
			(p) => (p.a === REFERENCE && p.b === cell.id) || (p.b === REFERENCE && p.a === cell.id)
		);
		const evidence = cellFromLive({
			framework: cell.framework,
			backend: cell.backend,
			status: playground.enabled.includes(cell.id) ? cell.status : 'off',
			message: cell.message,
			ran: cell.info?.detail,
			loadMs: cell.loadMs,
			firstRunMs: cell.firstRunMs,
			runs: recent.length,
			p50: recent.length ? median(recent.map((p) => p.inference)) : undefined,
			prePostP50: recent.length ? median(recent.map((p) => p.ms - p.inference)) : undefined,
			agrees: pair?.agreement.same,
			worstRelToPeak: pair?.agreement.worstRelToPeak
		});
		return evidence ? [evidence] : [];
	});
	return {
		model: card.id,
		from: 'playground',
		at: Date.now(),
		cells,
		conversion: facts && {
			specialOps: facts.specialOps.map((r) => r.op),
			webglUnsupported: facts.webglError
		}
	};
}

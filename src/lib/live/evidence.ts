// The playground's run as evidence for the claims: each switched-on cell's last seconds of runs, its
// agreement with the reference cell, the graph optimization probe, and what the model's conversion needed.
import type { Evidence } from '../claims/evidence.js';
import type { ModelFacts } from '../models/catalog.js';
import { evidenceOf } from '../report/evidence.js';
import { playgroundCells } from '../report/from-playground.js';
import type { Playground } from './playground.svelte.js';

export function liveEvidence(
	playground: Playground,
	facts: ModelFacts | undefined,
	now: number
): Evidence | undefined {
	const model = playground.model;
	if (!model) return undefined;
	return evidenceOf({
		model: model.id,
		from: 'playground',
		at: Date.now(),
		cells: playgroundCells(playground, now),
		conversion: facts && {
			specialOps: facts.specialOps.map((r) => r.op),
			webglUnsupported: facts.webglError
		}
	});
}

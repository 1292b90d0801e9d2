// The latest evidence per model, kept in the browser's localStorage: the playground and the bench page
// write it, the notes page reads it.
import type { Evidence } from './evidence.js';

const KEY = 'twinfer:evidence';

export function saveEvidence(e: Evidence): void {
	try {
		const all = loadAllEvidence();
		localStorage.setItem(KEY, JSON.stringify({ ...all, [e.model]: e }));
	} catch {
		// Storage can be full or switched off: the notes then say that no run was recorded.
	}
}

/** The evidence kept, less any written before cells had ids (the notes say no run was recorded). */
export function loadAllEvidence(): Record<string, Evidence> {
	try {
		const all = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Evidence>;
		return Object.fromEntries(
			Object.entries(all).filter(([, e]) => e.cells.every((c) => typeof c.cell === 'string'))
		);
	} catch {
		return {};
	}
}

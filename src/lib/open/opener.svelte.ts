// Opens a user's model on the page's behalf: reads the files, has the prepare worker check and convert
// them (with progress, off the main thread), keeps the result in "Your models", and reopens one from
// there; every failure becomes one message that names the file and the problem.
import { guessChoices, type UserChoices } from './choices.js';
import { fileSet } from './files.js';
import type { PreparedModel } from './prepare.js';
import { prepareInWorker } from './prepare-client.js';
import { listModels, loadModel, removeModel, type StoredModelInfo } from './store.js';

/** A user's model, opened, with how it is fed and read, and how long opening it took. */
export interface OpenedModel {
	prepared: PreparedModel;
	choices: UserChoices;
	/** Reading, checking and converting it, in ms. */
	coldMs: number;
	/** Reading it back from this browser's storage, in ms (when it was opened from there). */
	cachedMs?: number;
}

export class ModelOpener {
	/** What the prepare worker is doing, while it works. */
	progress = $state<{ stage: string; fraction: number }>();
	error = $state('');
	stored = $state.raw<StoredModelInfo[]>([]);

	/** Prepares the model in `files` (bytes by path) and keeps it; undefined (and `error` set) on failure. */
	async open(files: () => Promise<Record<string, Uint8Array>>): Promise<OpenedModel | undefined> {
		this.error = '';
		this.progress = { stage: 'reading files', fraction: 0 };
		const started = performance.now();
		try {
			const prepared = await prepareInWorker(
				fileSet(await files()),
				(stage, fraction) => (this.progress = { stage, fraction }),
				{ startedAt: Date.now() }
			);
			void this.refresh();
			return { prepared, choices: guessChoices(prepared), coldMs: performance.now() - started };
		} catch (e) {
			this.error = (e as Error).message;
			return undefined;
		} finally {
			this.progress = undefined;
		}
	}

	/** Reopens a kept model, timing the read. */
	async reopen(name: string): Promise<OpenedModel | undefined> {
		this.error = '';
		const started = performance.now();
		try {
			const stored = await loadModel(name);
			if (!stored) {
				this.error = `local:${name}: no such model in this browser (open it again)`;
				return undefined;
			}
			const { prepared, choices, coldMs } = stored;
			return { prepared, choices, coldMs, cachedMs: performance.now() - started };
		} catch (e) {
			this.error = `local:${name}: ${(e as Error).message}`;
			return undefined;
		}
	}

	async remove(name: string): Promise<void> {
		await removeModel(name);
		await this.refresh();
	}

	async refresh(): Promise<void> {
		try {
			this.stored = await listModels();
		} catch (e) {
			this.error = `your models cannot be listed: ${(e as Error).message}`;
		}
	}
}

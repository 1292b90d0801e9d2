// "Your models": the models a user opened, kept in this browser's IndexedDB with their converted
// twins and the user's choices, so that `?model=local:<name>` reopens one without converting again.
// Nothing here leaves the machine.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { UserChoices } from './choices.js';
import type { PreparedModel } from './prepare.js';

export interface StoredModel {
	name: string;
	savedAt: number;
	prepared: PreparedModel;
	choices: UserChoices;
	/** How long opening it took the first time (reading, checking and converting), in ms. */
	coldMs: number;
}

/** What the list of your models shows, without reading the models themselves. */
export interface StoredModelInfo {
	name: string;
	savedAt: number;
	format: PreparedModel['format'];
	bytes: number;
}

interface Schema extends DBSchema {
	models: { key: string; value: StoredModel };
	infos: { key: string; value: StoredModelInfo };
}

let db: Promise<IDBPDatabase<Schema>> | undefined;

function open(): Promise<IDBPDatabase<Schema>> {
	db ??= openDB<Schema>('twinfer', 1, {
		upgrade(database) {
			database.createObjectStore('models', { keyPath: 'name' });
			database.createObjectStore('infos', { keyPath: 'name' });
		}
	});
	return db;
}

export async function saveModel(model: StoredModel): Promise<void> {
	const d = await open();
	const tx = d.transaction(['models', 'infos'], 'readwrite');
	await Promise.all([
		tx.objectStore('models').put(model),
		tx.objectStore('infos').put({
			name: model.name,
			savedAt: model.savedAt,
			format: model.prepared.format,
			bytes: model.prepared.bytes.opened
		}),
		tx.done
	]);
}

export async function updateChoices(name: string, choices: UserChoices): Promise<void> {
	const d = await open();
	const model = await d.get('models', name);
	if (model) await d.put('models', { ...model, choices });
}

export async function listModels(): Promise<StoredModelInfo[]> {
	const infos = await (await open()).getAll('infos');
	return infos.sort((a, b) => b.savedAt - a.savedAt);
}

export async function loadModel(name: string): Promise<StoredModel | undefined> {
	return (await open()).get('models', name);
}

export async function removeModel(name: string): Promise<void> {
	const d = await open();
	const tx = d.transaction(['models', 'infos'], 'readwrite');
	await Promise.all([
		tx.objectStore('models').delete(name),
		tx.objectStore('infos').delete(name),
		tx.done
	]);
}

// Reads a TF.js model from disk for the converter (Node only): model.json and shards beside it.
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ModelFiles } from '../../src/lib/convert/convert.js';
import { ConversionError } from '../../src/lib/convert/errors.js';

export async function modelFilesFromDisk(modelPath: string): Promise<ModelFiles> {
	let modelJson: Uint8Array;
	try {
		modelJson = await readFile(modelPath);
	} catch (e) {
		throw new ConversionError(
			`${modelPath}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`
		);
	}
	const dir = dirname(resolve(modelPath));
	return {
		modelJson,
		modelFile: basename(modelPath),
		readFile: async (path) => {
			try {
				return await readFile(resolve(dir, decodeURIComponent(path)));
			} catch (e) {
				throw new Error(
					(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message
				);
			}
		}
	};
}

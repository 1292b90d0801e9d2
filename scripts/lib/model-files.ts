// Reads a model from disk for the converters (Node only): the model file, and the files beside it that
// it names (a TF.js model's shards, an ONNX model's external data).
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ModelFiles } from '../../src/lib/convert/convert.js';
import { ConversionError } from '../../src/lib/convert/errors.js';
import type { OnnxFiles } from '../../src/lib/convert/to-tfjs/convert.js';

/** The file at `path` (an error naming it when it cannot be read), and a reader of the files beside it. */
async function fromDisk(path: string) {
	let bytes: Uint8Array;
	try {
		bytes = await readFile(path);
	} catch (e) {
		throw new ConversionError(
			`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`
		);
	}
	const dir = dirname(resolve(path));
	const readBeside = async (name: string) => {
		try {
			return await readFile(resolve(dir, name));
		} catch (e) {
			throw new Error(
				(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message
			);
		}
	};
	return { bytes, file: basename(path), readBeside };
}

/** model.json and its shards (manifest paths are URL-encoded). */
export async function modelFilesFromDisk(modelPath: string): Promise<ModelFiles> {
	const { bytes, file, readBeside } = await fromDisk(modelPath);
	return {
		modelJson: bytes,
		modelFile: file,
		readFile: (path) => readBeside(decodeURIComponent(path))
	};
}

/** An .onnx file and the files holding its external data. */
export async function onnxFilesFromDisk(modelPath: string): Promise<OnnxFiles> {
	const { bytes, file, readBeside } = await fromDisk(modelPath);
	return { onnx: bytes, file, readFile: readBeside };
}

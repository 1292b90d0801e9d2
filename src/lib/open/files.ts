// The files of a model the user opened (picked, dropped, a folder, or fetched from a URL): which of
// them is the model, in which format, and the others by their path relative to it.
import { ModelFileError } from '../convert/errors.js';

export type ModelFormat = 'tfjs' | 'onnx';

/** The most a model's files may hold together: a larger pick is refused before any file is read. */
export const MAX_MODEL_BYTES = 1e9;

export interface ModelFileSet {
	/** How the model is called: its folder or file name without the extension. */
	name: string;
	format: ModelFormat;
	/** The model file (model.json or the .onnx file) by its key in `files`. */
	entry: string;
	/** Every file by its path relative to the entry's folder. */
	files: Record<string, Uint8Array>;
}

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folder = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

/** The model among `paths`: one .onnx file, or one model.json (or another .json, plain or gzipped). */
export function findEntry(paths: string[]): { format: ModelFormat; entry: string } {
	const onnx = paths.filter((p) => /\.onnx$/i.test(p));
	const json = paths.filter((p) => /\.json(\.gz)?$/i.test(p));
	if (onnx.length > 1)
		throw new ModelFileError(`${onnx.map(base).join(', ')}: open one .onnx file at a time`);
	if (onnx.length === 1) return { format: 'onnx', entry: onnx[0]! };
	const named = json.filter((p) => /^model\.json(\.gz)?$/i.test(base(p)));
	const pick = named.length ? named : json;
	if (pick.length === 1) return { format: 'tfjs', entry: pick[0]! };
	if (pick.length > 1)
		throw new ModelFileError(
			`${pick.map(base).join(', ')}: more than one model.json; open one model at a time`
		);
	const names = paths.map(base).join(', ') || 'nothing';
	throw new ModelFileError(
		`${names}: no model here; open a TF.js graph model (model.json with its .bin shards) or one .onnx file`
	);
}

/**
 * The name a model goes by: for a model.json, its folder's name, or else its shards' (movenet.bin,
 * not group1-shard1of2.bin); for any other file, its own name.
 */
function modelName(entry: string, paths: string[]): string {
	const file = base(entry);
	if (!/^model\.json/i.test(file)) return file.replace(/\.(onnx|json(\.gz)?)$/i, '');
	if (folder(entry)) return base(folder(entry).slice(0, -1));
	const shard = paths
		.map((p) =>
			base(p)
				.replace(/\.bin$/i, '')
				.replace(/-?(group\d+-?)?shard\d+of\d+$/i, '')
		)
		.find((name, i) => /\.bin$/i.test(paths[i]!) && name);
	return shard ?? 'model';
}

/** Files by path (a folder's files keep theirs) -> the model's file set, paths relative to the entry. */
export function fileSet(files: Record<string, Uint8Array>): ModelFileSet {
	const { format, entry } = findEntry(Object.keys(files));
	const dir = folder(entry);
	const relative: Record<string, Uint8Array> = {};
	for (const [path, bytes] of Object.entries(files))
		if (path.startsWith(dir)) relative[path.slice(dir.length)] = bytes;
	return {
		name: modelName(entry, Object.keys(files)),
		format,
		entry: entry.slice(dir.length),
		files: relative
	};
}

/** Refuses a pick whose files are too large together, before reading any of them. */
export function checkSize(files: { name: string; size: number }[]): void {
	const total = files.reduce((n, f) => n + f.size, 0);
	if (total > MAX_MODEL_BYTES)
		throw new ModelFileError(
			`${files.map((f) => f.name).join(', ')}: ${(total / 1e6).toFixed(0)} MB together, over the ${MAX_MODEL_BYTES / 1e6} MB Twinfer opens at once`
		);
}

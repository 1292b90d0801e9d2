// Files as the browser hands them over (a pick, a folder, a drop, a URL) -> bytes by path. Sizes are
// checked before any file is read.
import { ModelFileError } from '../convert/errors.js';
import { gunzip, isGzip } from '../convert/tfjs/model-json.js';
import { checkSize } from './files.js';

/** A file's path: inside a picked folder, its path there; else its name. */
const pathOf = (file: File) => file.webkitRelativePath || file.name;

/** Reads `files` (after checking their total size) into bytes by path. */
export async function readFiles(files: File[]): Promise<Record<string, Uint8Array>> {
	checkSize(files.map((f) => ({ name: pathOf(f), size: f.size })));
	const read = await Promise.all(
		files.map(async (f) => [pathOf(f), new Uint8Array(await f.arrayBuffer())] as const)
	);
	return Object.fromEntries(read);
}

/** Every file of a drop, folders walked (their files get paths inside the dropped folder). */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
	const entries = [...transfer.items]
		.map((item) => item.webkitGetAsEntry?.())
		.filter((e): e is FileSystemEntry => !!e);
	if (!entries.some((e) => e.isDirectory)) return [...transfer.files];
	const files: File[] = [];
	const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
		if (entry.isFile) {
			const file = await new Promise<File>((resolve, reject) =>
				(entry as FileSystemFileEntry).file(resolve, reject)
			);
			files.push(new File([file], `${prefix}${file.name}`, { type: file.type }));
			return;
		}
		const reader = (entry as FileSystemDirectoryEntry).createReader();
		for (;;) {
			const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
				reader.readEntries(resolve, reject)
			);
			if (!batch.length) break;
			for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
		}
	};
	for (const entry of entries) await walk(entry, '');
	return files;
}

/** Whether a drop holds a model (its files) rather than an image or a video to run it on. */
export const isModelFile = (name: string) => /\.(json|json\.gz|bin|onnx)$/i.test(name);

async function fetchBytes(url: URL, what: string): Promise<Uint8Array> {
	let response: Response;
	try {
		response = await fetch(url, { mode: 'cors', credentials: 'omit' });
	} catch (e) {
		throw new ModelFileError(
			`${url.href}: cannot be fetched (${(e as Error).message}); the server must allow this page (CORS)`
		);
	}
	if (!response.ok)
		throw new ModelFileError(`${url.href}: the server answered ${response.status} for ${what}`);
	return new Uint8Array(await response.arrayBuffer());
}

/**
 * A model at a URL the user typed (the one request that may leave this origin, and only because the
 * user asked): one .onnx file, or a model.json and the shards its manifest names beside it.
 */
export async function fetchModel(address: string): Promise<Record<string, Uint8Array>> {
	let url: URL;
	try {
		url = new URL(address, location.href);
	} catch {
		throw new ModelFileError(`"${address}" is not a URL`);
	}
	const name = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) || 'model';
	const entry = await fetchBytes(url, 'the model');
	if (/\.onnx$/i.test(name)) return { [name]: entry };
	const fileName = /\.json(\.gz)?$/i.test(name) ? name : 'model.json';
	let manifest: { weightsManifest?: { paths?: string[] }[] };
	try {
		const text = new TextDecoder().decode(isGzip(entry) ? await gunzip(entry) : entry);
		manifest = JSON.parse(text) as typeof manifest;
	} catch {
		// Not a model.json: opening it says what is wrong with it.
		return { [fileName]: entry };
	}
	const files: Record<string, Uint8Array> = { [fileName]: entry };
	for (const path of (manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? []))
		files[path] = await fetchBytes(new URL(path, url), `weight shard "${path}"`);
	return files;
}

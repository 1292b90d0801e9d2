// Decodes a TF.js weights manifest: joins each group's shards, checks sizes, dequantizes like TF.js.
import { ModelFileError } from '../errors.js';
import { sizeOf, type ConstTensor, type DType } from '../tensor.js';
import { float16ToFloat32 } from './float16.js';
import type { QuantizationJson, WeightEntryJson, WeightGroupJson } from './model-json.js';

/** Reads one shard by its manifest path; rejects when the file is missing. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

const STORED_BYTES: Record<string, number> = {
	float32: 4,
	int32: 4,
	bool: 1,
	uint8: 1,
	uint16: 2,
	float16: 2
};

/** Decodes every group of the manifest into named constants. */
export async function decodeWeights(
	manifest: WeightGroupJson[],
	readFile: ReadFile,
	modelFile: string
): Promise<Map<string, ConstTensor>> {
	const weights = new Map<string, ConstTensor>();
	for (const [g, group] of manifest.entries()) {
		const buffer = await joinShards(group.paths, readFile);
		const where = `weightsManifest[${g}] (${group.paths.join(', ')})`;
		let offset = 0;
		for (const entry of group.weights) {
			const { tensor, bytes } = decodeEntry(entry, buffer, offset, where);
			weights.set(entry.name, tensor);
			offset += bytes;
		}
		if (offset !== buffer.byteLength) {
			throw new ModelFileError(
				`${modelFile}: ${where} holds ${buffer.byteLength} bytes but its weights describe ${offset}`
			);
		}
	}
	return weights;
}

async function joinShards(paths: string[], readFile: ReadFile): Promise<Uint8Array> {
	const shards: Uint8Array[] = [];
	for (const path of paths) {
		try {
			shards.push(await readFile(path));
		} catch (e) {
			throw new ModelFileError(`${path}: weight shard cannot be read (${(e as Error).message})`);
		}
	}
	return concatBytes(shards);
}

/** The parts one after the other, in one array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
	const joined = new Uint8Array(parts.reduce((n, s) => n + s.byteLength, 0));
	let at = 0;
	for (const part of parts) {
		joined.set(part, at);
		at += part.byteLength;
	}
	return joined;
}

function decodeEntry(
	entry: WeightEntryJson,
	buffer: Uint8Array,
	offset: number,
	where: string
): { tensor: ConstTensor; bytes: number } {
	const shape = entry.shape.map(Number);
	const size = sizeOf(shape);
	const name = `weight "${entry.name}" in ${where}`;
	if (entry.dtype === 'string') return decodeStrings(entry, buffer, offset, size, name);
	const stored = entry.quantization?.dtype ?? entry.dtype;
	const width = STORED_BYTES[stored];
	if (width === undefined) throw new ModelFileError(`${name}: unknown dtype "${stored}"`);
	const bytes = size * width;
	if (offset + bytes > buffer.byteLength) {
		throw new ModelFileError(
			`${name}: needs bytes ${offset}..${offset + bytes} but the shards hold ${buffer.byteLength} (short or missing shard)`
		);
	}
	const view = new DataView(buffer.buffer, buffer.byteOffset + offset, bytes);
	const dtype = targetDType(entry.dtype, name);
	const tensor: ConstTensor = entry.quantization
		? dequantize(view, size, dtype, entry.quantization, name)
		: { dtype, shape, data: readPlain(view, size, dtype) };
	tensor.shape = shape;
	return { tensor, bytes };
}

function targetDType(dtype: string, name: string): DType {
	if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
	throw new ModelFileError(`${name}: unknown dtype "${dtype}"`);
}

function readPlain(view: DataView, size: number, dtype: DType): ConstTensor['data'] {
	if (dtype === 'float32')
		return Float32Array.from({ length: size }, (_, i) => view.getFloat32(i * 4, true));
	if (dtype === 'int32')
		return Int32Array.from({ length: size }, (_, i) => view.getInt32(i * 4, true));
	return Uint8Array.from({ length: size }, (_, i) => (view.getUint8(i) ? 1 : 0));
}

function dequantize(
	view: DataView,
	size: number,
	dtype: DType,
	q: QuantizationJson,
	name: string
): ConstTensor {
	if (q.dtype === 'float16') {
		if (dtype !== 'float32')
			throw new ModelFileError(`${name}: float16 quantization of ${dtype} weights`);
		const data = Float32Array.from({ length: size }, (_, i) =>
			float16ToFloat32(view.getUint16(i * 2, true))
		);
		return { dtype, shape: [], data };
	}
	if (q.dtype !== 'uint8' && q.dtype !== 'uint16') {
		throw new ModelFileError(`${name}: unknown quantization dtype "${String(q.dtype)}"`);
	}
	if (typeof q.scale !== 'number' || typeof q.min !== 'number') {
		throw new ModelFileError(`${name}: ${q.dtype} quantization needs numeric "scale" and "min"`);
	}
	const { scale, min } = q;
	const read =
		q.dtype === 'uint8'
			? (i: number) => view.getUint8(i)
			: (i: number) => view.getUint16(i * 2, true);
	if (dtype === 'float32')
		return {
			dtype,
			shape: [],
			data: Float32Array.from({ length: size }, (_, i) => read(i) * scale + min)
		};
	if (dtype === 'int32')
		return {
			dtype,
			shape: [],
			data: Int32Array.from({ length: size }, (_, i) => Math.round(read(i) * scale + min))
		};
	throw new ModelFileError(`${name}: ${q.dtype} quantization of ${dtype} weights`);
}

function decodeStrings(
	entry: WeightEntryJson,
	buffer: Uint8Array,
	offset: number,
	size: number,
	name: string
): { tensor: ConstTensor; bytes: number } {
	const decoder = new TextDecoder();
	const view = new DataView(buffer.buffer, buffer.byteOffset);
	const data: string[] = [];
	let at = offset;
	for (let i = 0; i < size; i++) {
		if (at + 4 > buffer.byteLength)
			throw new ModelFileError(`${name}: string ${i} runs past the end of the shards`);
		const length = view.getUint32(at, true);
		at += 4;
		if (at + length > buffer.byteLength)
			throw new ModelFileError(`${name}: string ${i} runs past the end of the shards`);
		data.push(decoder.decode(buffer.subarray(at, at + length)));
		at += length;
	}
	return { tensor: { dtype: 'string', shape: entry.shape.map(Number), data }, bytes: at - offset };
}

// Constant folding: evaluates ops on constants at conversion time, so shape arithmetic leaves no nodes.
import { ConversionError } from './errors.js';
import { allocate, numberAt, sizeOf, stridesOf, type ConstTensor, type DType } from './tensor.js';

/** Numpy-style broadcast of two static shapes. */
export function broadcastShapes(
	a: readonly number[],
	b: readonly number[],
	where: string
): number[] {
	const rank = Math.max(a.length, b.length);
	return Array.from({ length: rank }, (_, i) => {
		const x = a[a.length - rank + i] ?? 1;
		const y = b[b.length - rank + i] ?? 1;
		if (x !== y && x !== 1 && y !== 1)
			throw new ConversionError(`${where}: shapes [${a}] and [${b}] do not broadcast`);
		return x === 1 ? y : x;
	});
}

/** Element offsets into `shape` for every element of the broadcast `outShape`. */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
	const size = sizeOf(outShape);
	const strides = stridesOf(shape);
	const offset = outShape.length - shape.length;
	const outStrides = stridesOf(outShape);
	const index = new Int32Array(size);
	for (let o = 0; o < size; o++) {
		let src = 0;
		for (let d = 0; d < shape.length; d++) {
			const coord = Math.floor(o / outStrides[d + offset]!) % outShape[d + offset]!;
			src += (shape[d] === 1 ? 0 : coord) * strides[d]!;
		}
		index[o] = src;
	}
	return index;
}

function write(dtype: DType, shape: number[], values: (i: number) => number): ConstTensor {
	const size = sizeOf(shape);
	const data = allocate(dtype, size);
	if (Array.isArray(data)) throw new ConversionError('cannot fold string tensors');
	for (let i = 0; i < size; i++) {
		const v = values(i);
		if (data instanceof BigInt64Array) data[i] = BigInt(Math.trunc(v));
		else data[i] = dtype === 'bool' ? Number(Boolean(v)) : v;
	}
	return { dtype, shape, data };
}

export function foldBinary(
	a: ConstTensor,
	b: ConstTensor,
	dtype: DType,
	fn: (x: number, y: number) => number,
	where: string
): ConstTensor {
	const shape = broadcastShapes(a.shape, b.shape, where);
	const ia = broadcastIndex(a.shape, shape);
	const ib = broadcastIndex(b.shape, shape);
	return write(dtype, shape, (i) => fn(numberAt(a, ia[i]!), numberAt(b, ib[i]!)));
}

/** a broadcast to `shape` (numpy rules). */
export function broadcastConst(a: ConstTensor, shape: number[]): ConstTensor {
	const index = broadcastIndex(a.shape, shape);
	return gatherConst(a, shape, (i) => index[i]!);
}

export function foldUnary(a: ConstTensor, dtype: DType, fn: (x: number) => number): ConstTensor {
	return write(dtype, [...a.shape], (i) => fn(numberAt(a, i)));
}

/** Same data, new shape. */
export function reshapeConst(a: ConstTensor, shape: number[]): ConstTensor {
	return { ...a, shape };
}

/** Picks elements: out[i] = a[source(i)] for a new shape. */
export function gatherConst(
	a: ConstTensor,
	shape: number[],
	source: (i: number) => number
): ConstTensor {
	const size = sizeOf(shape);
	const data = allocate(a.dtype, size) as unknown as unknown[];
	const from = a.data as unknown as unknown[];
	for (let i = 0; i < size; i++) data[i] = from[source(i)];
	return { dtype: a.dtype, shape, data: data as unknown as ConstTensor['data'] };
}

export function concatConst(parts: ConstTensor[], axis: number): ConstTensor {
	const first = parts[0]!;
	const shape = [...first.shape];
	shape[axis] = parts.reduce((n, p) => n + p.shape[axis]!, 0);
	const outer = sizeOf(shape.slice(0, axis));
	const chunks = parts.map((p) => sizeOf(p.shape.slice(axis)));
	const data = allocate(first.dtype, sizeOf(shape)) as unknown as unknown[];
	let at = 0;
	for (let o = 0; o < outer; o++) {
		parts.forEach((p, k) => {
			const from = p.data as unknown as unknown[];
			const n = chunks[k]!;
			for (let j = 0; j < n; j++) data[at++] = from[o * n + j];
		});
	}
	return { dtype: first.dtype, shape, data: data as unknown as ConstTensor['data'] };
}

/** Slices with per-axis start, step and count (the step may be negative). */
export function sliceConst(
	a: ConstTensor,
	starts: number[],
	steps: number[],
	counts: number[]
): ConstTensor {
	const strides = stridesOf(a.shape);
	const outStrides = stridesOf(counts);
	return gatherConst(a, counts, (i) => {
		let src = 0;
		for (let d = 0; d < counts.length; d++) {
			const k = Math.floor(i / outStrides[d]!) % counts[d]!;
			src += (starts[d]! + k * steps[d]!) * strides[d]!;
		}
		return src;
	});
}

/** Gathers along one axis with integer indices (negative ones count from the end). */
export function gatherAxisConst(a: ConstTensor, indices: ConstTensor, axis: number): ConstTensor {
	const dim = a.shape[axis]!;
	const inner = sizeOf(a.shape.slice(axis + 1));
	const n = sizeOf(indices.shape);
	const shape = [...a.shape.slice(0, axis), ...indices.shape, ...a.shape.slice(axis + 1)];
	return gatherConst(a, shape, (i) => {
		const o = Math.floor(i / (n * inner));
		const k = Math.floor(i / inner) % n;
		let idx = numberAt(indices, k);
		if (idx < 0) idx += dim;
		return (o * dim + idx) * inner + (i % inner);
	});
}

/** Reduces over `axes` with `fn` starting from `init`, keeping reduced dims as size 1. */
export function reduceConst(
	a: ConstTensor,
	axes: number[],
	init: number,
	fn: (acc: number, x: number) => number
): ConstTensor {
	const shape = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
	const acc = new Float64Array(sizeOf(shape)).fill(init);
	const strides = stridesOf(a.shape);
	const outStrides = stridesOf(shape);
	for (let i = 0; i < sizeOf(a.shape); i++) {
		let o = 0;
		for (let d = 0; d < shape.length; d++) {
			const k = Math.floor(i / strides[d]!) % a.shape[d]!;
			o += (axes.includes(d) ? 0 : k) * outStrides[d]!;
		}
		acc[o] = fn(acc[o]!, numberAt(a, i));
	}
	return write(a.dtype, shape, (i) => acc[i]!);
}

export function castConst(a: ConstTensor, dtype: DType): ConstTensor {
	if (dtype === 'int32' || dtype === 'int64') return foldUnary(a, dtype, Math.trunc);
	return foldUnary(a, dtype, (x) => x);
}

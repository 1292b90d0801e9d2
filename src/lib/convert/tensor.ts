// Constant tensors as the converter holds them: a dtype, a static shape and a typed array.

export type DType = 'float32' | 'int32' | 'int64' | 'bool' | 'string';

export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array | string[];

export interface ConstTensor {
	dtype: DType;
	shape: number[];
	data: TensorData;
}

export function sizeOf(shape: readonly number[]): number {
	return shape.reduce((a, b) => a * b, 1);
}

export function allocate(dtype: DType, size: number): TensorData {
	switch (dtype) {
		case 'float32':
			return new Float32Array(size);
		case 'int32':
			return new Int32Array(size);
		case 'int64':
			return new BigInt64Array(size);
		case 'bool':
			return new Uint8Array(size);
		case 'string':
			return new Array<string>(size).fill('');
	}
}

/** Reads element i as a number (int64 and bool included); strings are not numeric. */
export function numberAt(t: ConstTensor, i: number): number {
	const v = t.data[i];
	if (typeof v === 'string' || v === undefined)
		throw new Error(`tensor element ${i} is not numeric`);
	return Number(v);
}

/** All elements as plain numbers, for shape-like tensors. */
export function toNumbers(t: ConstTensor): number[] {
	return Array.from({ length: sizeOf(t.shape) }, (_, i) => numberAt(t, i));
}

export function fromNumbers(dtype: DType, shape: number[], values: ArrayLike<number>): ConstTensor {
	const data = allocate(dtype, values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i] ?? 0;
		if (data instanceof BigInt64Array) data[i] = BigInt(Math.trunc(v));
		else if (Array.isArray(data)) throw new Error('string tensors are not numeric');
		else data[i] = dtype === 'bool' ? Number(v !== 0) : v;
	}
	return { dtype, shape, data };
}

export function scalar(dtype: DType, value: number): ConstTensor {
	return fromNumbers(dtype, [], [value]);
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
	const strides = new Array<number>(shape.length);
	let s = 1;
	for (let i = shape.length - 1; i >= 0; i--) {
		strides[i] = s;
		s *= shape[i] ?? 1;
	}
	return strides;
}

/** Copies a constant into a new layout: out dim i is input dim perm[i]. */
export function transposeConst(t: ConstTensor, perm: readonly number[]): ConstTensor {
	const outShape = perm.map((p) => t.shape[p] ?? 1);
	const inStrides = stridesOf(t.shape);
	const size = sizeOf(outShape);
	const out = allocate(t.dtype, size);
	const index = new Array<number>(outShape.length).fill(0);
	for (let o = 0; o < size; o++) {
		let src = 0;
		for (let d = 0; d < perm.length; d++) src += (index[d] ?? 0) * (inStrides[perm[d] ?? 0] ?? 0);
		(out as unknown as unknown[])[o] = (t.data as unknown as unknown[])[src];
		for (let d = outShape.length - 1; d >= 0; d--) {
			index[d] = (index[d] ?? 0) + 1;
			if ((index[d] ?? 0) < (outShape[d] ?? 1)) break;
			index[d] = 0;
		}
	}
	return { dtype: t.dtype, shape: outShape, data: out };
}

export function byteLength(t: ConstTensor): number {
	if (Array.isArray(t.data)) return t.data.reduce((n, s) => n + s.length, 0);
	return t.data.byteLength;
}

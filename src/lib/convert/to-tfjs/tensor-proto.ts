// Decodes an ONNX TensorProto (initializer, Constant or attribute) into a converter constant, the way TF.js will hold it.
import { ConversionError } from '../errors.js';
import { TensorProto_DataType as T, type TensorProto } from '../onnx/onnx_pb.js';
import { float16ToFloat32 } from '../tfjs/float16.js';
import type { ConstTensor, DType } from '../tensor.js';

/** What each ONNX element type becomes: float16/double -> float32, small ints -> int32, int64 kept (narrowed when written). */
const HELD: Partial<Record<T, DType>> = {
	[T.FLOAT]: 'float32',
	[T.FLOAT16]: 'float32',
	[T.DOUBLE]: 'float32',
	[T.INT8]: 'int32',
	[T.UINT8]: 'int32',
	[T.INT16]: 'int32',
	[T.UINT16]: 'int32',
	[T.INT32]: 'int32',
	[T.INT64]: 'int64',
	[T.BOOL]: 'bool'
};

/** Bytes per element in raw_data, and how to read element i from a DataView. */
const RAW: Partial<Record<T, [number, (d: DataView, at: number) => number | bigint]>> = {
	[T.FLOAT]: [4, (d, at) => d.getFloat32(at, true)],
	[T.FLOAT16]: [2, (d, at) => float16ToFloat32(d.getUint16(at, true))],
	[T.DOUBLE]: [8, (d, at) => d.getFloat64(at, true)],
	[T.INT8]: [1, (d, at) => d.getInt8(at)],
	[T.UINT8]: [1, (d, at) => d.getUint8(at)],
	[T.INT16]: [2, (d, at) => d.getInt16(at, true)],
	[T.UINT16]: [2, (d, at) => d.getUint16(at, true)],
	[T.INT32]: [4, (d, at) => d.getInt32(at, true)],
	[T.INT64]: [8, (d, at) => d.getBigInt64(at, true)],
	[T.BOOL]: [1, (d, at) => d.getUint8(at)]
};

/** The converter dtype an ONNX element type is held as, or undefined when TF.js has none for it. */
export const heldDType = (elemType: number): DType | undefined => HELD[elemType as T];

export const elemTypeName = (elemType: number): string => T[elemType] ?? `type ${elemType}`;

/** The typed values of `t`; `raw` replaces raw_data for external tensors. */
export function decodeTensor(t: TensorProto, where: string, raw?: Uint8Array): ConstTensor {
	const type = t.dataType as T;
	const dtype = HELD[type];
	if (!dtype)
		throw new ConversionError(
			`${where}: ${elemTypeName(type)} tensors are not supported (TF.js has no such dtype)`
		);
	const shape = t.dims.map(Number);
	const size = shape.reduce((a, b) => a * b, 1);
	const bytes = raw ?? t.rawData;
	if (type === T.FLOAT && bytes.byteLength === size * 4)
		return { dtype, shape, data: new Float32Array(new Uint8Array(bytes).buffer) };
	const values = readValues(t, type, size, where, bytes);
	const data =
		dtype === 'float32'
			? Float32Array.from(values, Number)
			: dtype === 'int64'
				? BigInt64Array.from(values, (v) => BigInt(v))
				: dtype === 'bool'
					? Uint8Array.from(values, (v) => Number(v !== 0 && v !== 0n))
					: Int32Array.from(values, Number);
	return { dtype, shape, data };
}

function readValues(
	t: TensorProto,
	type: T,
	size: number,
	where: string,
	raw: Uint8Array
): ArrayLike<number | bigint> {
	if (raw.byteLength > 0) {
		const [bytes, read] = RAW[type]!;
		if (raw.byteLength !== size * bytes)
			throw new ConversionError(
				`${where}: holds ${raw.byteLength} bytes, but shape [${t.dims.join(', ')}] of ${elemTypeName(type)} needs ${size * bytes}`
			);
		const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
		return Array.from({ length: size }, (_, i) => read(view, i * bytes));
	}
	const typed =
		type === T.FLOAT
			? t.floatData
			: type === T.DOUBLE
				? t.doubleData
				: type === T.INT64
					? t.int64Data
					: type === T.FLOAT16
						? t.int32Data.map(float16ToFloat32)
						: t.int32Data;
	if (typed.length !== size)
		throw new ConversionError(
			`${where}: holds ${typed.length} values, but shape [${t.dims.join(', ')}] needs ${size}`
		);
	return typed;
}

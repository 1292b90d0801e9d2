// Values flowing through the conversion: TF shape and dtype, the ONNX layout they are held in, or a constant.
import type { ConstTensor, DType } from '../tensor.js';

/** A dimension: a number when known, a symbolic name (an ONNX dim_param) when not. */
export type Dim = number | string;

export interface Value {
	/** ONNX tensor name; empty for a constant that has not been written as an initializer yet. */
	name: string;
	dtype: DType;
	/** The shape in TF's terms (NHWC for images), whatever layout the ONNX tensor has. */
	shape: Dim[];
	/** Layout of the ONNX tensor: its dim i is TF dim perm[i] (identity when the layouts agree). */
	perm: number[];
	/** The value itself, when it is known at conversion time. */
	const?: ConstTensor;
	/** True when every element is known to be >= 0 (integer division can skip sign fix-ups). */
	nonNegative?: boolean;
}

export const identity = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);

export const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

export const samePerm = (a: readonly number[], b: readonly number[]): boolean =>
	a.length === b.length && a.every((p, i) => p === b[i]);

export const inversePerm = (perm: readonly number[]): number[] => {
	const inv = new Array<number>(perm.length);
	perm.forEach((p, i) => (inv[p] = i));
	return inv;
};

/** The shape of the ONNX tensor that holds v. */
/**
 * The layout a lower-rank operand takes when it broadcasts against a tensor held in `perm`: its dims
 * are the trailing ones, in the same relative order.
 */
export const restrictPerm = (perm: readonly number[], rank: number): number[] => {
	const pad = perm.length - rank;
	return pad <= 0 ? [...perm] : perm.filter((p) => p >= pad).map((p) => p - pad);
};

export const onnxShape = (v: Value): Dim[] => v.perm.map((p) => v.shape[p] ?? 1);

export const isStatic = (shape: readonly Dim[]): shape is number[] =>
	shape.every((d) => typeof d === 'number');

/** NHWC -> NCHW, the layout ONNX's Conv, Pool and Resize work in. */
export const CHANNELS_FIRST = [0, 3, 1, 2];

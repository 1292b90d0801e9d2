// Values flowing through the ONNX -> TF.js conversion: ONNX shape and dtype, the TF layout they are held in, or a constant.
import type { ConstTensor, DType } from '../tensor.js';
import type { Dim } from '../graph/value.js';

export interface TfValue {
	/** The TF tensor that holds it ("node" or "node:1"); empty for a constant not written yet. */
	ref: string;
	/** The ONNX dtype as TF.js computes it (int64 is held as int32). */
	dtype: DType;
	/** The shape in ONNX's terms (NCHW for images), whatever layout the TF tensor has. */
	shape: Dim[];
	/** Layout of the TF tensor: its dim i is ONNX dim perm[i] (identity when the layouts agree). */
	perm: number[];
	/** The value itself, when it is known at conversion time (in ONNX layout). */
	const?: ConstTensor;
}

/** NCHW -> NHWC (and the like for 3-D and 5-D): channels last, the layout TF.js's convolutions take. */
export const channelsLast = (rank: number): number[] => [
	0,
	...Array.from({ length: rank - 2 }, (_, i) => i + 2),
	1
];

/** The shape of the TF tensor that holds v. */
export const tfShape = (v: TfValue): Dim[] => v.perm.map((p) => v.shape[p] ?? 1);

/** The TF axis that holds ONNX axis `axis` of v. */
export const tfAxis = (v: TfValue, axis: number): number => v.perm.indexOf(axis);

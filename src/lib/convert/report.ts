// What a conversion reports in either direction: inputs, outputs, ops in and out, layout changes added, time, rewrites.
import type { Dim } from './graph/value.js';
import type { Rewrite } from './graph/builder.js';
import type { DType } from './tensor.js';

export interface TensorInfo {
	name: string;
	dtype: DType;
	shape: Dim[];
}

export interface ReportCore {
	direction: 'tfjs-to-onnx' | 'onnx-to-tfjs';
	source: { file: string; generatedBy?: string; convertedBy?: string };
	inputs: TensorInfo[];
	outputs: TensorInfo[];
	/** Source ops the outputs depend on, with counts. */
	opsIn: Record<string, number>;
	/** Target ops written, with counts. */
	opsOut: Record<string, number>;
	nodesIn: number;
	nodesOut: number;
	/** Transposes the converter added: at graph inputs/outputs (edge), and between ops (inside). */
	transposesAdded: { edge: number; inside: number };
	/** Transpose ops in the source model itself. */
	transposesInModel: number;
	/** Bytes of weights read, and written. */
	weightBytes: number;
	initializerBytes: number;
	/**
	 * Multiply-adds of one run (convolutions and matrix products, see work.ts); absent when one of them
	 * has a dim known only at run time.
	 */
	multiplyAdds?: number;
	conversionMs: number;
	/** Source ops that needed special handling (not a one-to-one op), and how. */
	rewrites: Rewrite[];
	warnings: string[];
}

/** Counts of each name, in name order. */
export const histogram = (names: readonly string[]): Record<string, number> => {
	const counts: Record<string, number> = {};
	for (const n of [...names].sort()) counts[n] = (counts[n] ?? 0) + 1;
	return counts;
};

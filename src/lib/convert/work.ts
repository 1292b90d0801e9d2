// What one run of a model costs: the multiply-adds of its convolutions and matrix products, counted
// on the ONNX graph from the shapes the converters know (one entry per op, the way tools like fvcore
// and thop count: element-wise ops, pooling and normalization are left out as small beside them).
import type { Dim } from './graph/value.js';

/** An ONNX node as the count sees it: its op, its integer attributes and its tensors' shapes. */
export interface ShapedNode {
	op: string;
	int(name: string, fallback: number): number;
	/** ONNX shapes of the inputs and outputs, undefined where an input is left out or not known. */
	inputs: readonly (readonly Dim[] | undefined)[];
	outputs: readonly (readonly Dim[] | undefined)[];
}

/** Multiply-adds of one node, undefined when a dim it needs is not a number. */
type Count = (node: ShapedNode) => number | undefined;

const product = (dims: readonly Dim[] | undefined): number | undefined =>
	dims?.reduce<number | undefined>(
		(p, d) => (p !== undefined && typeof d === 'number' ? p * d : undefined),
		1
	);

const times = (...factors: (Dim | undefined)[]): number | undefined =>
	factors.every((f) => typeof f === 'number')
		? (factors as number[]).reduce((p, f) => p * f, 1)
		: undefined;

const MULTIPLY_ADDS: Record<string, Count> = {
	// Each output element sums (input channels / group) x kernel products: the weight's dims after the first.
	Conv: ({ inputs: [, w], outputs: [y] }) => times(product(y), product(w?.slice(1))),
	// Each input element is spread over (output channels / group) x kernel outputs.
	ConvTranspose: ({ inputs: [x, w] }) => times(product(x), product(w?.slice(1))),
	// Each output element sums K products, K being A's last dim (its only one for a vector).
	MatMul: ({ inputs: [a], outputs: [y] }) => times(product(y), a?.at(-1)),
	Gemm: (node) => {
		const [a] = node.inputs;
		return times(product(node.outputs[0]), a?.[node.int('transA', 0) ? 0 : 1]);
	}
};

/**
 * Multiply-adds of one run over all `nodes`; undefined when a convolution or matrix product has a
 * dim known only at run time (a partial count would understate the work).
 */
export function countMultiplyAdds(nodes: Iterable<ShapedNode>): number | undefined {
	let total = 0;
	for (const node of nodes) {
		const count = MULTIPLY_ADDS[node.op];
		if (!count) continue;
		const n = count(node);
		if (n === undefined) return undefined;
		total += n;
	}
	return total;
}

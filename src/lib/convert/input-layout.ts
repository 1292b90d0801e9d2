// Decides which graph inputs to move to NCHW right at the input, so no Transpose lands inside the graph.
import type { NodeJson } from './tfjs/model-json.js';

/** Ops that keep working on a tensor in NCHW without a Transpose in front of them. */
const LAYOUT_NEUTRAL = new Set([
	'Cast',
	'Add',
	'AddV2',
	'Sub',
	'Mul',
	'RealDiv',
	'Div',
	'Maximum',
	'Minimum',
	'Relu',
	'Relu6',
	'Sigmoid',
	'Tanh',
	'Elu',
	'LeakyRelu',
	'Identity',
	'Squeeze',
	'ExpandDims',
	'Unpack',
	'Pack',
	'Neg',
	'Abs'
]);

/** Ops that need NCHW. */
const SPATIAL = new Set([
	'Conv2D',
	'_FusedConv2D',
	'DepthwiseConv2dNative',
	'FusedDepthwiseConv2dNative',
	'_FusedDepthwiseConv2dNative',
	'MaxPool',
	'AvgPool',
	'ResizeBilinear',
	'ResizeNearestNeighbor',
	'Conv2DBackpropInput',
	'DepthToSpace'
]);

/** True when the input reaches a spatial op through layout-neutral ops only. */
export function feedsSpatialOps(input: NodeJson, consumers: Map<string, NodeJson[]>): boolean {
	const seen = new Set<string>();
	const queue = [input.name];
	while (queue.length > 0) {
		const name = queue.shift()!;
		for (const next of consumers.get(name) ?? []) {
			if (seen.has(next.name)) continue;
			seen.add(next.name);
			if (SPATIAL.has(next.op)) return true;
			if (LAYOUT_NEUTRAL.has(next.op)) queue.push(next.name);
		}
	}
	return false;
}

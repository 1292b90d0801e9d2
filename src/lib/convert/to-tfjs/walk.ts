// Walks the ONNX graph in order: graph inputs, constants, then each node through its handler (folded when it can be).
import { ConversionError, UnsupportedOpsError } from '../errors.js';
import type { Dim } from '../graph/value.js';
import { byteLength, type ConstTensor } from '../tensor.js';
import type { TfGraphBuilder } from './builder.js';
import { OnnxAttrs } from './handlers/attrs.js';
import type { NodeContext, OpConverter } from './handlers/context.js';
import { ONNX_HANDLERS } from './handlers/index.js';
import type { OnnxGraph, OnnxNode, OnnxValueInfo } from './read.js';
import type { TfValue } from './value.js';
import { identity } from '../graph/value.js';
import { countMultiplyAdds, type ShapedNode } from '../work.js';

const opName = (n: OnnxNode) => (n.domain ? `${n.domain}.${n.op}` : n.op);

/**
 * Ops whose versions before opset 7 mean what their handlers convert, but for the attributes `legacyRefusal`
 * refuses (other ops' old versions take their parameters differently, e.g. Upsample's).
 */
const BEFORE_OPSET_7 = new Set([
	...['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean'],
	...['Equal', 'Greater', 'Less', 'And', 'Or', 'Xor', 'Not'],
	...['Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Clip', 'Cast'],
	...['Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'Tanh'],
	...['Softplus', 'Softsign', 'Softmax', 'LogSoftmax', 'Identity', 'Dropout'],
	...['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool'],
	...['BatchNormalization', 'Constant', 'Shape', 'Flatten', 'Squeeze', 'Unsqueeze'],
	...['Transpose', 'Concat', 'Gather', 'Size', 'DepthToSpace', 'SpaceToDepth'],
	...['MatMul', 'Gemm', 'InstanceNormalization', 'ArgMax', 'ArgMin', 'ReduceSum', 'ReduceMean'],
	...['ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceL1'],
	...['ReduceL2', 'ReduceSumSquare']
]);

/** Ops whose old versions take their parameters as the handlers read them from this opset on (earlier: otherwise). */
const SAME_SINCE: Record<string, number> = { Reshape: 5, Tile: 6, Split: 2, Pad: 2, Slice: 1 };

/** Why a node of a model below opset 7 cannot be converted: attributes ONNX dropped at opset 7 that change its meaning. */
function legacyRefusal(n: OnnxNode, attrs: OnnxAttrs, opset: number): string | undefined {
	if (opset >= 7) return undefined;
	const since = SAME_SINCE[n.op];
	if (since !== undefined ? opset < since : !BEFORE_OPSET_7.has(n.op))
		return `its opset-${opset} version`;
	if (attrs.has('axis') && attrs.int('broadcast', 0) === 1) return 'broadcast along an axis';
	if ((n.op === 'Dropout' || n.op === 'BatchNormalization') && attrs.int('is_test', 0) === 0)
		return 'is_test=0 (training)';
	if (n.op === 'Cast' && opset < 6) return 'to given as a string (opset < 6)';
	return undefined;
}

/** Every node's op must have a handler that takes its attributes; one error lists all that do not. */
export function checkOps(graph: OnnxGraph): void {
	const refused = new Map<string, string[]>();
	for (const n of graph.nodes) {
		const handler = n.domain ? undefined : ONNX_HANDLERS[n.op];
		const attrs = new OnnxAttrs(n.attrs, `node "${n.name}" (${n.op})`);
		const reason = handler
			? (legacyRefusal(n, attrs, graph.opset) ?? handler.refuse?.(attrs, graph.opset))
			: undefined;
		if (handler && !reason) continue;
		const key = reason ? `${opName(n)} with ${reason}` : opName(n);
		refused.set(key, [...(refused.get(key) ?? []), n.name]);
	}
	if (refused.size) throw new UnsupportedOpsError(refused);
}

function inputShape(info: OnnxValueInfo, fixed?: number[]): Dim[] {
	if (!fixed) return info.shape;
	const fits =
		fixed.length === info.shape.length &&
		fixed.every((d, i) => d > 0 && (typeof info.shape[i] === 'string' || info.shape[i] === d));
	if (!fits)
		throw new ConversionError(
			`input "${info.name}": shape [${fixed}] does not fit its declared [${info.shape.join(', ')}]`
		);
	return [...fixed];
}

function context(
	node: OnnxNode,
	inputs: (TfValue | undefined)[],
	opset: number,
	g: TfGraphBuilder
): NodeContext {
	return {
		name: node.name,
		op: node.op,
		opset,
		attrs: new OnnxAttrs(node.attrs, `node "${node.name}" (${node.op})`),
		inputs,
		outputs: node.outputs.length,
		g
	};
}

function run(handler: OpConverter, ctx: NodeContext): TfValue[] {
	const consts = ctx.inputs.map((v) => v?.const);
	if (handler.fold && ctx.inputs.every((v) => !v || v.const))
		return handler.fold(ctx, consts as (ConstTensor | undefined)[]).map((t) => ctx.g.constant(t));
	return handler.convert(ctx);
}

export interface WalkedGraph {
	/** Bytes of the constants the model holds (initializers and Constant nodes). */
	constantBytes: number;
	/** Multiply-adds of one run, where every dim they depend on is known (see work.ts). */
	multiplyAdds?: number;
	inputs: { name: string; ref: string; value: TfValue }[];
	outputs: { name: string; ref: string; value: TfValue }[];
}

/** Converts every node the outputs depend on (telling `onNode` before each), and brings the outputs to ONNX layout. */
export function convertOnnxNodes(
	graph: OnnxGraph,
	g: TfGraphBuilder,
	inputShapes: Record<string, number[]>,
	onNode: (done: number, total: number) => void = () => {}
): WalkedGraph {
	for (const name of Object.keys(inputShapes))
		if (!graph.inputs.some((i) => i.name === name))
			throw new ConversionError(
				`a shape is given for "${name}", which is not an input of the graph`
			);
	checkOps(graph);
	g.reserveOutputs(graph.outputs.map((o) => o.name));
	const values = new Map<string, TfValue>();
	/** Outputs a handler left out (MaxPool's Indices, say), for the message when one is read. */
	const skipped = new Map<string, string>();
	const unknown = (name: string) => {
		const why = skipped.get(name);
		return why ? `"${name}", ${why}` : `"${name}", which has no value`;
	};
	let constantBytes = 0;
	for (const [name, t] of graph.constants) {
		values.set(name, g.constant(t));
		constantBytes += byteLength(t);
	}
	const inputs = graph.inputs.map((info) => {
		const shape = inputShape(info, inputShapes[info.name]);
		const ref = g.placeholder(info.name, info.dtype, shape);
		const value: TfValue = { ref, dtype: info.dtype, shape, perm: identity(shape.length) };
		g.edges.add(ref);
		values.set(info.name, value);
		return { name: info.name, ref, value };
	});
	/** The nodes left to run (not folded), with their tensors' shapes. */
	const shaped: ShapedNode[] = [];
	for (const [done, node] of graph.nodes.entries()) {
		onNode(done, graph.nodes.length);
		const ins = node.inputs.map((name) => {
			if (!name) return undefined;
			const v = values.get(name);
			if (!v) throw new ConversionError(`node "${node.name}" (${node.op}) reads ${unknown(name)}`);
			return v;
		});
		let outs: TfValue[];
		const ctx = context(node, ins, graph.opset, g);
		try {
			outs = run(ONNX_HANDLERS[node.op]!, ctx);
		} catch (e) {
			if (e instanceof ConversionError) throw e;
			throw new ConversionError(`node "${node.name}" (${node.op}): ${(e as Error).message}`);
		}
		if (node.op === 'Constant' && outs[0]?.const) constantBytes += byteLength(outs[0].const);
		if (!outs.every((v) => v.const))
			shaped.push({
				op: node.op,
				int: (name, fallback) => ctx.attrs.int(name, fallback),
				inputs: ins.map((v) => v?.shape),
				outputs: outs.map((v) => v.shape)
			});
		node.outputs.forEach((name, i) => {
			const out = outs[i];
			if (name && out) values.set(name, out);
			else if (name)
				skipped.set(
					name,
					`output ${i} of node "${node.name}" (${node.op}), which is not converted`
				);
		});
	}
	const outputs = graph.outputs.map((info) => {
		const v = values.get(info.name);
		if (!v) throw new ConversionError(`the graph's output ${unknown(info.name)}`);
		const value = g.output(v, info.name);
		return { name: info.name, ref: value.ref, value };
	});
	return { constantBytes, multiplyAdds: countMultiplyAdds(shaped), inputs, outputs };
}

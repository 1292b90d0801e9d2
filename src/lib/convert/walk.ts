// Walks the TF graph in order and converts each node: inputs, constants, and ops through their handlers.
import { ConversionError } from './errors.js';
import type { GraphBuilder } from './graph/builder.js';
import { CHANNELS_FIRST, type Dim, type Value } from './graph/value.js';
import { UNTAKEN } from './handlers/cond.js';
import { HANDLERS } from './handlers/index.js';
import { feedsSpatialOps } from './input-layout.js';
import type { ConstTensor } from './tensor.js';
import { Attrs, shapeOf, tfDType } from './tfjs/attrs.js';
import { consumersOf, parseRef, tensorName, type TfGraph } from './tfjs/graph.js';
import type { NodeJson } from './tfjs/model-json.js';

/** The input's shape: fixed by the caller where given, unknown dims named otherwise (1 on WebGL). */
function inputShape(g: GraphBuilder, node: NodeJson, shape: number[], fixed?: number[]): Dim[] {
	if (fixed) {
		const fits =
			fixed.length === shape.length &&
			fixed.every((d, i) => d > 0 && (shape[i]! < 0 || shape[i] === d));
		if (!fits)
			throw new ConversionError(
				`input "${node.name}": shape [${fixed}] does not fit its declared [${shape}]`
			);
		return [...fixed];
	}
	if (g.target === 'webgl' && shape.some((d) => d < 0)) {
		g.warnings.push(
			`input ${node.name}: unknown dims fixed to 1, since the WebGL EP rejects symbolic input dims`
		);
		return shape.map((d) => (d >= 0 ? d : 1));
	}
	return shape.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `${node.name}_dim${i}`));
}

function placeholder(
	g: GraphBuilder,
	node: NodeJson,
	graph: TfGraph,
	consumers: Map<string, NodeJson[]>,
	fixed?: number[]
): Value {
	const attrs = new Attrs(node);
	const info = Object.values(graph.signature?.inputs ?? {}).find(
		(i) => parseRef(i.name)?.node === node.name
	);
	const shape = attrs.shape('shape') ?? shapeOf(info?.tensorShape) ?? fixed;
	if (!shape)
		throw new ConversionError(
			`input "${node.name}" has no shape, not even a rank; give it one (--input-shape ${node.name}=D,D,..., or inputShapes)`
		);
	const dtype = attrs.has('dtype')
		? attrs.dtype('dtype')
		: tfDType(info?.dtype ?? 'DT_FLOAT', `input "${node.name}"`);
	const value = g.input(node.name, dtype, inputShape(g, node, shape, fixed));
	// An image input that flows into convolutions is moved to NCHW once, at the input (on WebGL only
	// float inputs: its Transpose takes no int32).
	const movable = g.target !== 'webgl' || dtype === 'float32';
	return movable && shape.length === 4 && feedsSpatialOps(node, consumers)
		? g.inLayout(value, CHANNELS_FIRST)
		: value;
}

function constant(g: GraphBuilder, node: NodeJson, weights: Map<string, ConstTensor>): Value {
	const tensor = weights.get(node.name);
	if (!tensor)
		throw new ConversionError(`Const node "${node.name}" has no entry in the weights manifest`);
	return g.constant(tensor);
}

/** Converts every node the outputs depend on, in order (telling `onNode` before each), and writes the graph outputs. */
export function convertNodes(
	graph: TfGraph,
	weights: Map<string, ConstTensor>,
	g: GraphBuilder,
	inputShapes: Record<string, number[]>,
	onNode: (done: number, total: number) => void = () => {}
): void {
	for (const name of Object.keys(inputShapes)) {
		if (!graph.inputs.some((n) => n.name === name))
			throw new ConversionError(
				`a shape is given for "${name}", which is not an input of the graph`
			);
	}
	const values = new Map<string, Value[]>();
	/** Nodes on a tf.cond branch not taken: they read, or wait for, what it does not compute. */
	const untaken = new Set<string>();
	const consumers = consumersOf(graph.order);
	g.reserveOutputs(graph.outputs.map(tensorName));
	const lookup = (ref: string, reader: string): Value => {
		const r = parseRef(ref)!;
		if (untaken.has(r.node)) return UNTAKEN;
		const v = values.get(r.node)?.[r.index];
		if (!v) throw new ConversionError(`node "${reader}" reads "${ref}", which has no value`);
		return v;
	};
	for (const [done, node] of graph.order.entries()) {
		onNode(done, graph.order.length);
		if (node.op === 'NoOp') continue;
		const refs = node.input ?? [];
		const inputs = refs.filter((r) => !r.startsWith('^')).map((r) => lookup(r, node.name));
		const waits = refs.filter((r) => r.startsWith('^')).some((r) => untaken.has(r.slice(1)));
		if (onUntakenBranch(node.op, inputs, waits)) untaken.add(node.name);
		else if (node.op === 'Const') values.set(node.name, [constant(g, node, weights)]);
		else if (node.op === 'Placeholder')
			values.set(node.name, [placeholder(g, node, graph, consumers, inputShapes[node.name])]);
		else if (node.op === 'PlaceholderWithDefault') values.set(node.name, inputs);
		else {
			for (const v of inputs) checkDeferred(g, v, `node "${node.name}" (${node.op})`, node.op);
			values.set(node.name, runHandler(node, inputs, g));
		}
	}
	const outputs = graph.outputs.map((ref): [string, Value] => {
		const name = tensorName(ref);
		const v = lookup(name, 'outputs');
		if (v === UNTAKEN)
			throw new ConversionError(`graph output "${name}" comes from a tf.cond branch not taken`);
		checkDeferred(g, v, `graph output "${name}"`);
		return [name, v];
	});
	g.writeOutputs(outputs);
}

/**
 * Whether a node sits on a tf.cond branch not taken: it reads something there or waits for it (a
 * control input). A Merge joins the branches, so it is only when all its inputs are.
 */
function onUntakenBranch(op: string, inputs: readonly Value[], waits: boolean): boolean {
	if (op === 'Merge') return inputs.every((v) => v === UNTAKEN);
	return waits || inputs.includes(UNTAKEN);
}

/** A value left for particular readers (see Deferred) read by anything else: the pattern did not match. */
function checkDeferred(g: GraphBuilder, v: Value, reader: string, op?: string): void {
	const deferred = g.deferred.get(v);
	if (deferred && !(op && deferred.readers.includes(op))) {
		throw new ConversionError(
			`node "${deferred.node}" converts only as part of ${deferred.pattern}, but ${reader} reads it`
		);
	}
}

function runHandler(node: NodeJson, inputs: Value[], g: GraphBuilder): Value[] {
	try {
		return HANDLERS[node.op]!({ name: node.name, op: node.op, attrs: new Attrs(node), inputs, g });
	} catch (e) {
		if (e instanceof ConversionError) throw e;
		throw new ConversionError(`node "${node.name}" (${node.op}): ${(e as Error).message}`);
	}
}

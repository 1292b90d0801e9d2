// The TF graph as the converter walks it: node lookup, graph inputs and outputs, reachable nodes in order.
import { ConversionError, UnsupportedOpsError } from '../errors.js';
import { Attrs } from './attrs.js';
import type { GraphModelJson, NodeJson, SignatureJson, TensorInfoJson } from './model-json.js';

export interface TensorRef {
	node: string;
	index: number;
}

/** Parses an input reference: "node", "node:1" or "node:output_arg:1"; undefined for "^control". */
export function parseRef(ref: string): TensorRef | undefined {
	if (ref.startsWith('^')) return undefined;
	const parts = ref.split(':');
	if (parts.length === 1) return { node: ref, index: 0 };
	return { node: parts[0]!, index: Number(parts[parts.length - 1]) };
}

/** The name a graph input or output has on both twins: the node name, with ":i" when i > 0. */
export const tensorName = (ref: TensorRef): string =>
	ref.index === 0 ? ref.node : `${ref.node}:${ref.index}`;

export interface TfGraph {
	nodes: Map<string, NodeJson>;
	inputs: NodeJson[];
	outputs: TensorRef[];
	/** Nodes the outputs depend on, each after its inputs. */
	order: NodeJson[];
	signature?: SignatureJson;
}

function signatureOf(model: GraphModelJson): SignatureJson | undefined {
	const s = model.signature ?? model.userDefinedMetadata?.signature;
	return s && (s.inputs || s.outputs) ? s : undefined;
}

function refsOf(infos: Record<string, TensorInfoJson> | undefined): TensorRef[] {
	return Object.values(infos ?? {}).map((info) => parseRef(info.name)!);
}

/**
 * Reads the graph, checks that every node the outputs depend on has an op `supports` accepts (one
 * error lists them all: control flow, for one, would otherwise show up as a cycle), and orders them.
 */
export function readGraph(
	model: GraphModelJson,
	file: string,
	supports: (op: string) => boolean
): TfGraph {
	const nodes = new Map<string, NodeJson>();
	for (const node of model.modelTopology.node) {
		if (nodes.has(node.name))
			throw new ConversionError(`${file}: two nodes are named "${node.name}"`);
		nodes.set(node.name, node);
	}
	const signature = signatureOf(model);
	let outputs = refsOf(signature?.outputs);
	if (outputs.length === 0) {
		const consumed = new Set<string>();
		for (const node of nodes.values())
			for (const ref of node.input ?? []) consumed.add(parseRef(ref)?.node ?? ref.slice(1));
		outputs = [...nodes.values()]
			.filter((n) => !consumed.has(n.name) && !['Const', 'NoOp', 'Placeholder'].includes(n.op))
			.map((n) => ({ node: n.name, index: 0 }));
	}
	if (outputs.length === 0) throw new ConversionError(`${file}: the graph has no outputs`);
	for (const ref of outputs) {
		if (!nodes.has(ref.node))
			throw new ConversionError(`${file}: output "${tensorName(ref)}" names no node in the graph`);
	}
	const reachable = reachableFrom(nodes, outputs, file);
	const [loop] = whileLoops(nodes, reachable);
	if (loop) {
		const [frame, ops] = loop;
		const lacking = [...new Set(ops)].filter((op) => !supports(op) && !LOOP_OPS.has(op)).sort();
		throw new ConversionError(
			`${file}: while loop "${frame}" does not convert: the converter has no ONNX Loop, TensorArray or TensorList` +
				(lacking.length > 0 ? `; its body also runs ${lacking.join(', ')}` : '')
		);
	}
	const missing = new Map<string, string[]>();
	for (const node of model.modelTopology.node) {
		if (!reachable.has(node.name) || supports(node.op)) continue;
		missing.set(node.op, [...(missing.get(node.op) ?? []), node.name]);
	}
	if (missing.size > 0) throw new UnsupportedOpsError(missing);
	const order = reachableInOrder(nodes, outputs, file);
	const inputs = order.filter((n) => n.op === 'Placeholder');
	return { nodes, inputs, outputs, order, signature };
}

/** Names of the nodes the outputs depend on (breadth-first, so cycles do no harm). */
function reachableFrom(
	nodes: Map<string, NodeJson>,
	outputs: TensorRef[],
	file: string
): Set<string> {
	const seen = new Set(outputs.map((o) => o.node));
	const queue = [...seen];
	while (queue.length > 0) {
		const name = queue.pop()!;
		for (const ref of nodes.get(name)?.input ?? []) {
			const from = parseRef(ref)?.node;
			if (!from || seen.has(from)) continue;
			if (!nodes.has(from))
				throw new ConversionError(
					`${file}: node "${name}" reads "${from}", which is not in the graph`
				);
			seen.add(from);
			queue.push(from);
		}
	}
	return seen;
}

/** Depth-first post-order from the outputs, without recursion (graphs can be thousands deep). */
function reachableInOrder(
	nodes: Map<string, NodeJson>,
	outputs: TensorRef[],
	file: string
): NodeJson[] {
	const order: NodeJson[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: { node: NodeJson; next: number }[] = [];
	const visit = (name: string, from: string) => {
		const node = nodes.get(name);
		if (!node)
			throw new ConversionError(
				`${file}: node "${from}" reads "${name}", which is not in the graph`
			);
		const s = state.get(name);
		if (s === 'done') return;
		if (s === 'open') throw new ConversionError(`${file}: the graph has a cycle through "${name}"`);
		state.set(name, 'open');
		stack.push({ node, next: 0 });
	};
	for (const out of outputs) {
		visit(out.node, 'outputs');
		while (stack.length > 0) {
			const top = stack[stack.length - 1]!;
			const refs = top.node.input ?? [];
			if (top.next < refs.length) {
				const ref = parseRef(refs[top.next++]!);
				if (ref) visit(ref.node, top.node.name);
			} else {
				stack.pop();
				state.set(top.node.name, 'done');
				order.push(top.node);
			}
		}
	}
	return order;
}

/** Consumers of each node, for looking ahead from an input. */
export function consumersOf(order: NodeJson[]): Map<string, NodeJson[]> {
	const consumers = new Map<string, NodeJson[]>();
	for (const node of order) {
		for (const ref of node.input ?? []) {
			const from = parseRef(ref)?.node;
			if (from) consumers.set(from, [...(consumers.get(from) ?? []), node]);
		}
	}
	return consumers;
}

/** The ops that make a TF while loop, as opposed to the ops its body runs. */
const LOOP_OPS = new Set(['Enter', 'Exit', 'LoopCond', 'Merge', 'NextIteration', 'Switch']);

/**
 * The while loops (TF frames) the outputs depend on: each frame's name with the ops of the nodes in
 * it, from its Enter nodes forward to its Exit nodes.
 */
function whileLoops(nodes: Map<string, NodeJson>, reachable: Set<string>): Map<string, string[]> {
	const readers = consumersOf([...nodes.values()]);
	const loops = new Map<string, string[]>();
	for (const enter of nodes.values()) {
		if (enter.op !== 'Enter' || !reachable.has(enter.name)) continue;
		const frame = new Attrs(enter).string('frame_name', enter.name);
		const ops = loops.get(frame) ?? [];
		loops.set(frame, ops);
		const seen = new Set<string>();
		const stack = [enter];
		while (stack.length > 0) {
			const node = stack.pop()!;
			if (seen.has(node.name)) continue;
			seen.add(node.name);
			ops.push(node.op);
			if (node.op !== 'Exit') stack.push(...(readers.get(node.name) ?? []));
		}
	}
	return loops;
}

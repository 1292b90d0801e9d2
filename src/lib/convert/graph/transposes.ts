// Counts the Transposes in the final graph: at its edges (next to an input or output) or inside it.
import type { GraphBuilder } from './builder.js';

/** Ops that only relabel a tensor on its way to a graph output. */
const RESHAPING = new Set(['Reshape', 'Squeeze', 'Unsqueeze']);

export function countTransposes(g: GraphBuilder): { edge: number; inside: number } {
	const inputs = new Set(g.inputs.map((i) => i.name));
	const outputs = new Set(g.outputs.map((o) => o.name));
	const readers = (tensor: string) => g.nodes.filter((n) => n.inputs.includes(tensor));
	// A tensor "ends at an output" when it is one, or only reshapes of it lead to one.
	const endsAtOutput = (tensor: string): boolean =>
		outputs.has(tensor) ||
		(readers(tensor).length > 0 &&
			readers(tensor).every((n) => RESHAPING.has(n.op) && endsAtOutput(n.outputs[0]!)));
	let edge = 0;
	let inside = 0;
	for (const node of g.nodes) {
		if (node.op !== 'Transpose') continue;
		if (inputs.has(node.inputs[0]!) || endsAtOutput(node.outputs[0]!)) edge++;
		else inside++;
	}
	return { edge, inside };
}

// The graph inputs a tensor or an unknown dim comes from, for errors that say what the user can give.
import type { GraphBuilder, ValueInfo } from './builder.js';

/** Graph inputs the tensor depends on, by name. */
export function inputsBehind(g: GraphBuilder, tensor: string): string[] {
	const inputs = new Set(g.inputs.map((i) => i.name));
	const producers = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
	const seen = new Set<string>();
	const stack = [tensor];
	while (stack.length > 0) {
		const t = stack.pop()!;
		if (seen.has(t)) continue;
		seen.add(t);
		stack.push(...(producers.get(t)?.inputs ?? []));
	}
	return [...inputs].filter((i) => seen.has(i)).sort();
}

const hasUnknownDims = (input: ValueInfo) => input.shape.some((d) => typeof d !== 'number');

/** An input's shape as --input-shape takes it, unknown dims named (N, H, W, C for an image). */
function shapeToGive(input: ValueInfo): string {
	const letters = input.shape.length === 4 ? ['N', 'H', 'W', 'C'] : [];
	return input.shape.map((d, i) => (typeof d === 'number' ? d : (letters[i] ?? 'D'))).join(',');
}

/** 'input "x" [1, ?, ?, 3]: give its shape (--input-shape x=1,H,W,3, or inputShapes)' */
function giveShapes(inputs: readonly ValueInfo[]): string {
	const shown = inputs.map(
		(i) => `input "${i.name}" [${i.shape.map((d) => (typeof d === 'number' ? d : '?')).join(', ')}]`
	);
	const give = inputs.map((i) => `--input-shape ${i.name}=${shapeToGive(i)}`);
	const whose = inputs.length > 1 ? 'their shapes' : 'its shape';
	return `${shown.join(', ')}: give ${whose} (${give.join(' ')}, or inputShapes)`;
}

/**
 * Which input an unknown dim is (or, for a dim derived inside the graph, every input with unknown
 * dims), and how to fix it: 'it is a dim of input "x" [1, ?, ?, 3]: give its shape (...)'.
 */
export function unknownDimAdvice(g: GraphBuilder, dim: string): string {
	const owner = g.inputs.find((i) => i.shape.includes(dim));
	if (owner) return `it is a dim of ${giveShapes([owner])}`;
	const open = g.inputs.filter(hasUnknownDims);
	return open.length > 0 ? `it comes from ${giveShapes(open)}` : `dim ${dim} is not known`;
}

/** For a value that is not a constant: the inputs with unknown dims it depends on, whose shapes may make it one. */
export function notConstantAdvice(g: GraphBuilder, tensor: string): string {
	const behind = new Set(inputsBehind(g, tensor));
	const open = g.inputs.filter((i) => behind.has(i.name) && hasUnknownDims(i));
	return open.length > 0 ? `; if it comes from unknown dims of ${giveShapes(open)}` : '';
}

// Removes nodes and initializers nothing reads (reshapes that chains collapsed, unused Split outputs' sources).
import type { GraphBuilder } from './builder.js';

export function pruneUnused(g: GraphBuilder): void {
	const needed = new Set(g.outputs.map((o) => o.name));
	const kept: typeof g.nodes = [];
	for (let i = g.nodes.length - 1; i >= 0; i--) {
		const node = g.nodes[i]!;
		if (!node.outputs.some((o) => needed.has(o))) continue;
		kept.push(node);
		for (const name of node.inputs) if (name) needed.add(name);
	}
	g.nodes.splice(0, g.nodes.length, ...kept.reverse());
	for (const name of [...g.initializers.keys()]) if (!needed.has(name)) g.initializers.delete(name);
}

// The graph inputs a tensor depends on, for errors about values known only at run time.
import type { GraphBuilder } from './builder.js';

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

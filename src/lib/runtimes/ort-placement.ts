// onnxruntime-web says which execution provider runs each node only in its verbose session log; this
// reads that log while a session is created, so a node moved to the CPU is observed, not guessed.

/** Nodes an execution provider took, by provider name as ORT spells it (e.g. "CPUExecutionProvider"). */
export type Placements = Record<string, { op: string; name: string }[]>;

const PLACED = /(?:All nodes|Node\(s\)) placed on \[(\w+)\]\. Number of nodes: \d+/;
const NODE = /VerifyEachNodeIsAssignedToAnEp\]\s+(\w+) \((.*)\)\s*$/;

/** The placements in ORT's log lines, or undefined when the log has none (a log format we do not know). */
export function parsePlacements(lines: string[]): Placements | undefined {
	let placements: Placements | undefined;
	let current: { op: string; name: string }[] = [];
	for (const line of lines) {
		const [, provider] = PLACED.exec(line) ?? [];
		const [, op, name] = NODE.exec(line) ?? [];
		if (provider) {
			current = [];
			placements = { ...placements, [provider]: current };
		} else if (op && name && placements) current.push({ op, name });
	}
	return placements;
}

/** "2 nodes on the CPU (Cast ×2)", or "" when every node ran on the asked-for provider. */
export function describeCpuNodes(placements: Placements): string {
	const nodes = placements['CPUExecutionProvider'] ?? [];
	if (!nodes.length) return '';
	const counts = new Map<string, number>();
	for (const { op } of nodes) counts.set(op, (counts.get(op) ?? 0) + 1);
	const ops = [...counts].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
	return `${nodes.length} node${nodes.length > 1 ? 's' : ''} on the CPU (${ops})`;
}

let sink: ((line: string) => void) | undefined;
let tapped = false;
const original: Record<'error' | 'log', (...args: unknown[]) => void> = {
	error: () => {},
	log: () => {}
};
const WARNING_OR_WORSE = /\[[WEF]:onnxruntime/;

/**
 * ORT's WASM module binds console.error (its log) and console.log (its profiler's trace) once, when it
 * first loads; wrapping them before that lets a session's output be read while `capture` runs. Call
 * before the first session of the thread is created.
 */
export function tapOrtLog(): void {
	if (tapped) return;
	tapped = true;
	for (const level of ['error', 'log'] as const) {
		original[level] = console[level].bind(console);
		console[level] = (...args: unknown[]) =>
			sink ? sink(args.join(' ')) : original[level](...args);
	}
}

/** Runs `create` with ORT's output going to a list (warnings and errors still to the console). */
export async function capture<T>(create: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
	const lines: string[] = [];
	sink = (line) => {
		lines.push(line);
		if (WARNING_OR_WORSE.test(line)) original.error(line);
	};
	try {
		return { value: await create(), lines };
	} finally {
		sink = undefined;
	}
}

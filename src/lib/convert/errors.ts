// Errors the converter raises: one class so callers (CLI, UI) can tell conversion failures from bugs.

/** A problem with the input model or a limit of the converter, phrased for the user. */
export class ConversionError extends Error {
	override name = 'ConversionError';
}

/** The model's files themselves are wrong (not JSON, a layers model, a missing or short shard): no runtime can load them. */
export class ModelFileError extends ConversionError {
	override name = 'ModelFileError';
}

/** One op or more that no handler converts; lists every op with the nodes that use it. */
export class UnsupportedOpsError extends ConversionError {
	constructor(readonly ops: Map<string, string[]>) {
		const list = [...ops]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(
				([op, nodes]) =>
					`${op} (${nodes.length} node${nodes.length > 1 ? 's' : ''}: ${preview(nodes)})`
			)
			.join('; ');
		super(`unsupported ops: ${list}`);
	}
}

function preview(names: string[]): string {
	const shown = names.slice(0, 3).join(', ');
	return names.length > 3 ? `${shown}, and ${names.length - 3} more` : shown;
}

// A table for the terminal: columns padded to their widest cell, two spaces apart.

/** The lines of `rows` (the first is the header); a short row leaves its last columns blank. */
export function formatTable(rows: readonly (readonly string[])[]): string {
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	return rows
		.map((r) =>
			r
				.map((c, i) => c.padEnd(widths[i]!))
				.join('  ')
				.trimEnd()
		)
		.map((line) => `${line}\n`)
		.join('');
}

// Whether a build output is older than any of its sources, so a command never runs yesterday's app.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path: string): number {
	const stat = statSync(path, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when `output` is missing or some file under `sources` changed after it was written. */
export function isStale(output: string, sources: string[]): boolean {
	const built = statSync(output, { throwIfNoEntry: false });
	return !built || sources.some((source) => newest(source) > built.mtimeMs);
}

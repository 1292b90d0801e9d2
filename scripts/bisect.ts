// `npm run bisect -- <model-id> [wasm|webgpu|webgl]`: the first layers where onnxruntime-web on a backend
// departs from onnxruntime-node, found by converting the model with every intermediate tensor exposed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-node';
import { convertGraphModel } from '../src/lib/convert/convert.js';
import type { GraphModelJson } from '../src/lib/convert/tfjs/model-json.js';
import { tensorAgreement } from '../src/lib/measure/tensor-agreement.js';
import type { ModelCard } from '../src/lib/models/card.js';
import { cardInput } from '../src/lib/models/card-run.js';
import { chromiumArgs, findOrInstallChromium } from './lib/chromium.js';
import {
	openOnnxPage,
	pageTensorValues,
	runOnnxInPage,
	toBase64,
	type Ep
} from './lib/onnx-page.js';
import { serveStatic } from './lib/static-server.js';

const PORT = 4318;
const [id, ep = 'webgpu'] = process.argv.slice(2) as [string | undefined, Ep | undefined];
if (!id || !['wasm', 'webgpu', 'webgl'].includes(ep)) {
	process.stderr.write('usage: npm run bisect -- <model-id> [wasm|webgpu|webgl]\n');
	process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'static', 'models', id);
const card = JSON.parse(readFileSync(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard;

// Every node's output becomes a graph output of the ONNX twin.
const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as GraphModelJson;
const nodes = model.modelTopology.node.filter(
	(n) => !['Const', 'Placeholder', 'Identity'].includes(n.op)
);
model.signature = {
	...model.signature,
	outputs: Object.fromEntries(nodes.map((n) => [n.name, { name: `${n.name}:0` }]))
};
const source = {
	modelFile: `${id}.json`,
	readFile: async (p: string) => readFileSync(join(dir, p))
};
const { onnx } = await convertGraphModel(model, source, {
	target: ep === 'webgl' ? 'webgl' : 'any',
	// The card's size for inputs of unknown size (WebGL takes no unknown dims).
	inputShapes: { [card.input.name]: card.input.shape.map((d) => (typeof d === 'number' ? d : 1)) }
});
const work = mkdtempSync(join(tmpdir(), 'twinfer-bisect-'));
writeFileSync(join(work, 'model.onnx'), onnx);

const photo = jpeg.decode(readFileSync(join(root, 'static', 'samples', 'astronaut.jpg')), {
	useTArray: true
});
const input = cardInput({ width: photo.width, height: photo.height, data: photo.data }, card);
const session = await ort.InferenceSession.create(onnx);
const reference = await session.run({
	[card.input.name]: new ort.Tensor(input.dtype, input.data, input.shape)
});

const server = await serveStatic(
	{
		'/work/': work,
		'/ort/': join(root, 'node_modules', 'onnxruntime-web', 'dist'),
		'/': join(root, 'tests', 'e2e', 'support', 'smoke')
	},
	PORT
);
const browser = await chromium.launch({
	executablePath: findOrInstallChromium(),
	args: chromiumArgs()
});
try {
	const page = await browser.newPage();
	await openOnnxPage(page, `http://127.0.0.1:${PORT}/`);
	const options = process.env.ORT_OPTIONS
		? (JSON.parse(process.env.ORT_OPTIONS) as Record<string, unknown>)
		: undefined;
	const run = await runOnnxInPage(page, {
		url: '/work/model.onnx',
		ep,
		options,
		input: {
			name: card.input.name,
			dtype: input.dtype,
			shape: input.shape,
			data: toBase64(input.data)
		}
	});
	if (!run.ok) throw new Error(`${ep} failed: ${run.error}`);
	let shown = 0;
	for (const node of nodes) {
		const want = Array.from(reference[node.name]!.data as ArrayLike<number | boolean>, Number);
		const out = run.outputs![node.name]!;
		const got = pageTensorValues(out);
		if (got.length !== want.length) {
			process.stdout.write(
				`${node.op.padEnd(28)} ${node.name}: ${ep} gave ${out.type}[${out.dims}], node ${want.length} elements\n`
			);
			shown++;
			continue;
		}
		const a = tensorAgreement(want, got);
		if (a.relToPeak <= 1e-3 || shown++ >= 15) continue;
		const at = a.maxAbsIndex;
		process.stdout.write(
			`${node.op.padEnd(28)} ${node.name}: rel ${a.relToPeak.toExponential(2)}, max abs ${a.maxAbs.toExponential(2)} at ${at} (node ${want[at]}, ${ep} ${got[at]})\n`
		);
	}
	process.stdout.write(
		shown
			? `${shown} layers depart by more than 1e-3 of their peak\n`
			: `every layer agrees within 1e-3 on ${ep}\n`
	);
} finally {
	await browser.close();
	server.close();
}

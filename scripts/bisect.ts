// `npm run bisect -- <model-id> <wasm|webgpu|webgl>`: finds the first layers where onnxruntime-web on a
// backend departs from onnxruntime-node, by converting the model with every intermediate tensor exposed.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import { convertGraphModel } from '../src/lib/convert/convert.js';
import type { GraphModelJson } from '../src/lib/convert/tfjs/model-json.js';
import { tensorAgreement } from '../src/lib/measure/tensor-agreement.js';
import { toModelInput } from '../src/lib/models/preprocess.js';
import type { ModelCard } from '../src/lib/models/card.js';
import { chromiumArgs, findOrInstallChromium } from './lib/chromium.js';
import { serveStatic } from './lib/static-server.js';
import jpeg from 'jpeg-js';

const [id, ep = 'webgpu'] = process.argv.slice(2);
if (!id) {
	process.stderr.write('usage: npm run bisect -- <model-id> [wasm|webgpu|webgl]\n');
	process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'static', 'models', id);
const card = JSON.parse(readFileSync(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard;
const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as GraphModelJson;
const names = model.modelTopology.node
	.filter((n) => !['Const', 'Placeholder', 'Identity'].includes(n.op))
	.map((n) => n.name);
model.signature = {
	...model.signature,
	outputs: Object.fromEntries(names.map((n) => [n, { name: `${n}:0` }]))
};
const { onnx } = await convertGraphModel(
	model,
	{ modelFile: `${id}.json`, readFile: async (p) => readFileSync(join(dir, p)) },
	{ target: ep === 'webgl' ? 'webgl' : 'any' }
);
const work = mkdtempSync(join(tmpdir(), 'twinfer-bisect-'));
writeFileSync(join(work, 'model.onnx'), onnx);

const photo = jpeg.decode(readFileSync(join(root, 'static', 'samples', 'astronaut.jpg')), {
	useTArray: true
});
const input = toModelInput({ width: photo.width, height: photo.height, data: photo.data }, card);
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
	4318
);
const browser = await chromium.launch({
	executablePath: findOrInstallChromium(),
	args: chromiumArgs()
});
const page = await browser.newPage();
await page.goto('http://127.0.0.1:4318/');
await page.waitForFunction(() => 'runOnnx' in window);
const data = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).toString(
	'base64'
);
const result = await page.evaluate(
	(args) =>
		(
			window as unknown as {
				runOnnx: (
					a: unknown
				) => Promise<{ ok: boolean; error?: string; outputs: Record<string, { data: string }> }>;
			}
		).runOnnx(args),
	{
		url: '/work/model.onnx',
		ep,
		input: { name: card.input.name, dtype: input.dtype, shape: input.shape, data }
	}
);
await browser.close();
server.close();
if (!result.ok) {
	process.stderr.write(`${ep} failed: ${result.error}\n`);
	process.exit(1);
}
let shown = 0;
for (const name of names) {
	const bytes = Buffer.from(result.outputs[name]!.data, 'base64');
	const want = Array.from(reference[name]!.data as ArrayLike<number | boolean>, Number);
	const type = result.outputs[name]!.type;
	const Type = type === 'bool' ? Uint8Array : type === 'int32' ? Int32Array : Float32Array;
	const got = new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
	const a = tensorAgreement(want, got);
	const op = model.modelTopology.node.find((n) => n.name === name)!.op;
	if (a.relToPeak > 1e-3 && shown++ < 15) {
		process.stdout.write(
			`${op.padEnd(28)} ${name}: rel ${a.relToPeak.toExponential(2)} max abs ${a.maxAbs.toExponential(2)} at ${a.maxAbsIndex}\n`
		);
	}
}
process.stdout.write(
	shown
		? `${shown} layers depart by more than 1e-3 of their peak\n`
		: `every layer agrees within 1e-3 on ${ep}\n`
);

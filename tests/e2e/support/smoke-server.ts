// Serves the ONNX twins, onnxruntime-web's files and the smoke page, cross-origin isolated.
import { join, resolve } from 'node:path';
import { serveStatic } from '../../../scripts/lib/static-server.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const port = Number(process.env.PORT ?? 4317);

await serveStatic(
	{
		'/models/': join(root, 'static', 'models'),
		'/ort/': join(root, 'node_modules', 'onnxruntime-web', 'dist'),
		'/': join(root, 'tests', 'e2e', 'support', 'smoke')
	},
	port
);
process.stdout.write(`smoke server on http://127.0.0.1:${port}/\n`);

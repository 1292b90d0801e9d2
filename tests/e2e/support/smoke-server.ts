// Serves the models, onnxruntime-web's files, the converter bundle and the test pages, cross-origin isolated.
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { serveStatic } from '../../../scripts/lib/static-server.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const port = Number(process.env.PORT ?? 4317);

// The converter, bundled as the browser gets it: one ES module, no Node built-ins.
const bundleDir = join(root, '.cache', 'e2e', 'convert');
await build({
	entryPoints: [join(root, 'src', 'lib', 'convert', 'convert.ts')],
	outfile: join(bundleDir, 'convert.js'),
	bundle: true,
	format: 'esm',
	platform: 'browser',
	logLevel: 'warning'
});

await serveStatic(
	{
		'/models/': join(root, 'static', 'models'),
		'/ort/': join(root, 'node_modules', 'onnxruntime-web', 'dist'),
		'/convert/': bundleDir,
		'/': join(root, 'tests', 'e2e', 'support', 'smoke')
	},
	port
);
process.stdout.write(`smoke server on http://127.0.0.1:${port}/\n`);

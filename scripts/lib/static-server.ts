// A small static file server with the headers that make pages cross-origin isolated (WASM threads).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import csp from '../../src/lib/content-security-policy.json' with { type: 'json' };

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.onnx': 'application/octet-stream',
	'.bin': 'application/octet-stream',
	'.jpg': 'image/jpeg',
	'.png': 'image/png',
	'.svg': 'image/svg+xml',
	'.txt': 'text/plain; charset=utf-8'
};

export const ISOLATION_HEADERS = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'wasm-unsafe-eval']);

/**
 * The app's Content-Security-Policy for workers. Pages carry theirs in a meta tag (with the hash of
 * SvelteKit's inline script); a worker takes its policy from its script's response instead, so
 * scripts are served with it. Workers may also run scripts from blob: URLs, which only code
 * already running here can make: TF.js's WebAssembly threads load the runtime that way.
 */
export const WORKER_CSP = Object.entries({ ...csp.directives, ...csp.workers })
	.map(([name, values]) => [name, ...values.map((v) => (KEYWORDS.has(v) ? `'${v}'` : v))].join(' '))
	.join('; ');

/** Serves each URL prefix from its folder; `fallback` (e.g. index.html) answers paths with no file. */
export function serveStatic(
	mounts: Record<string, string>,
	port: number,
	fallback?: string
): Promise<Server> {
	const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
		const prefix = prefixes.find((p) => path.startsWith(p));
		const base = prefix === undefined ? undefined : resolve(mounts[prefix]!);
		let file = base && normalize(join(base, path.slice(prefix!.length)));
		if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		// Prerendered pages are written as <route>.html.
		if (file && !existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
		if (file && !existsSync(file) && fallback && base) file = join(base, fallback);
		if (!file || !base || !file.startsWith(base) || !existsSync(file)) {
			res.writeHead(404, ISOLATION_HEADERS).end('not found');
			return;
		}
		const type = TYPES[extname(file)] ?? 'application/octet-stream';
		res.writeHead(200, {
			...ISOLATION_HEADERS,
			'Content-Type': type,
			...(type === 'text/javascript' ? { 'Content-Security-Policy': WORKER_CSP } : {})
		});
		createReadStream(file).pipe(res);
	});
	return new Promise((done, fail) => {
		server.once('error', fail);
		server.listen(port, '127.0.0.1', () => done(server));
	});
}

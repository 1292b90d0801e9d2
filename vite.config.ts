// Vite configuration: the SvelteKit app, cross-origin isolation for WASM threads, and the unit tests.
import { readFileSync } from 'node:fs';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * COOP/COEP make the page cross-origin isolated, which both runtimes need for WASM threads. A
 * middleware sets them on every response: `server.headers` misses the pages SvelteKit renders.
 */
const isolate: Connect.NextHandleFunction = (_req, res, next) => {
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
	next();
};
const crossOriginIsolation: Plugin = {
	name: 'cross-origin-isolation',
	configureServer: (server) => void server.middlewares.use(isolate),
	configurePreviewServer: (server) => void server.middlewares.use(isolate)
};

/** Versions of the libraries that run models, as installed: the environment panel and bench show them. */
const libraryVersions = Object.fromEntries(
	['@tensorflow/tfjs', 'onnxruntime-web', 'svelte'].map((name) => [
		name,
		JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string
	])
);

export default defineConfig({
	plugins: [crossOriginIsolation, sveltekit()],
	define: { __LIBRARY_VERSIONS__: JSON.stringify(libraryVersions) },
	worker: { format: 'es' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 300_000,
		expect: { requireAssertions: true }
	}
});

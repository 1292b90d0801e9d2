// Vite configuration: the SvelteKit app, cross-origin isolation for WASM threads, and the unit tests.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// COOP/COEP make the page cross-origin isolated, which both runtimes need for WASM threads.
const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp'
};

export default defineConfig({
	plugins: [sveltekit()],
	server: { headers: isolationHeaders },
	preview: { headers: isolationHeaders },
	worker: { format: 'es' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 300_000,
		expect: { requireAssertions: true }
	}
});

// SvelteKit configuration: a fully static app (adapter-static), so it can be hosted anywhere.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: undefined, strict: true })
	}
};

export default config;

// SvelteKit configuration: a fully static app (adapter-static), so it can be hosted anywhere, with its
// Content-Security-Policy in every page (SvelteKit hashes its own inline script).
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import csp from './src/lib/content-security-policy.json' with { type: 'json' };

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: undefined, strict: true }),
		csp: {
			mode: 'hash',
			directives:
				/** @type {NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']} */ (
					csp.directives
				)
		}
	}
};

export default config;

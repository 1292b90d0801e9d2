// Ambient types for SvelteKit (see https://svelte.dev/docs/kit/types#app.d.ts).
declare global {
	namespace App {}
	/** Installed versions of the model libraries, set by vite.config.ts. */
	const __LIBRARY_VERSIONS__: Record<string, string>;
}

export {};

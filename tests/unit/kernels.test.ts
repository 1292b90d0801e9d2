// The committed WebAssembly kernels are what their text assembles to (run `npm run gen:kernels` after
// editing a .wat).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNELS, generatedPath, generatedSource } from '../../scripts/lib/wat.js';

describe('hand-written WebAssembly kernels', () => {
	it.each(KERNELS)('%s matches its generated module', async (wat) => {
		expect(readFileSync(generatedPath(wat), 'utf8')).toBe(await generatedSource(wat));
	});
});

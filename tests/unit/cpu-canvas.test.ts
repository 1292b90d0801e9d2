// Every 2D canvas of the app is one the CPU holds (src/lib/cpu-canvas.ts): a GPU canvas on the page's
// thread froze it for 3-13 s beside busy GPU cells, and a browser test sees that only by chance.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = readdirSync('src', { recursive: true, encoding: 'utf8' })
	.filter((name) => /\.(ts|svelte)$/.test(name))
	.map((name) => join('src', name))
	.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('2D canvases', () => {
	it('every 2D context is asked for with CPU_CANVAS', () => {
		const asked = files.flatMap(({ path, text }) =>
			[...text.matchAll(/getContext\(\s*'2d'([^)]*)\)/g)].map((m) => `${path}: ${m[0]}`)
		);
		expect(asked.length).toBeGreaterThan(0);
		expect(asked.filter((line) => !line.includes('CPU_CANVAS'))).toEqual([]);
	});

	it('uPlot makes its canvases inside withCpuCanvases', () => {
		const made = files.flatMap(({ path, text }) =>
			text
				.split('\n')
				.flatMap((line) => (line.includes('new uPlot(') ? [`${path}: ${line.trim()}`] : []))
		);
		expect(made.length).toBeGreaterThan(0);
		expect(made.filter((line) => !line.includes('withCpuCanvases(() => new uPlot('))).toEqual([]);
	});
});

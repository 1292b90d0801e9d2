// The page's text uses only the weights its first paint loads, normal and bold: a weight first drawn
// later (500 in the agreement heatmap) had the page wait 250-300 ms on the browser's font lookup.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('every font-weight in the styles is normal or bold', () => {
	const weights = readdirSync('src', { recursive: true, encoding: 'utf8' })
		.filter((name) => /\.(svelte|css|ts)$/.test(name))
		.flatMap((name) =>
			[...readFileSync(join('src', name), 'utf8').matchAll(/font-weight:\s*([^;"}]+)/g)].map(
				(m) => `${name}: ${m[1]!.trim()}`
			)
		);
	expect(weights.length).toBeGreaterThan(0);
	expect(weights.filter((w) => !/: (normal|bold|400|700)$/.test(w))).toEqual([]);
});

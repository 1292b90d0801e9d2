// The bad-input corpus through `npm run convert`: exit 1, one short line naming the file and the
// problem, no stack trace, and nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../../helpers/artifacts.js';
import { BAD_FILES } from './bad-files.js';

const work = mkdtempSync(join(tmpdir(), 'twinfer-corpus-'));

it('holds at least 30 cases', () => {
	expect(BAD_FILES.length).toBeGreaterThanOrEqual(30);
});

it.each(BAD_FILES.map((c, i) => [c.name, c, i] as const))('%s', (_, c, i) => {
	const dir = join(work, String(i));
	mkdirSync(dir);
	for (const [name, bytes] of Object.entries(c.files)) writeFileSync(join(dir, name), bytes);
	const out = join(dir, c.entry.endsWith('.onnx') ? 'out' : 'out.onnx');
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', join(root, 'scripts', 'convert.ts'), join(dir, c.entry), '-o', out],
		{ encoding: 'utf8', cwd: root }
	);
	expect(run.status, run.stderr).toBe(1);
	const lines = run.stderr.trimEnd().split('\n');
	expect(lines, 'one line').toHaveLength(1);
	expect(lines[0]).toMatch(/^error: /);
	expect(lines[0]!.slice('error: '.length)).toMatch(c.message);
	expect(run.stderr).not.toMatch(/\n\s+at /);
	expect(existsSync(out), 'nothing written').toBe(false);
});

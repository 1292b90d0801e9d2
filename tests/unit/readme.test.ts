// The README's lists of supported ops are the converters' own: no op missing, none extra.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { supportedOps } from '../../src/lib/convert/handlers/index.js';
import { supportedOnnxOps } from '../../src/lib/convert/to-tfjs/handlers/index.js';
import { root } from '../helpers/artifacts.js';

it('lists exactly the supported TF ops', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const section = /\*\*Supported TF ops\*\* \((\d+)\): ([^(]+)\(fused/s.exec(readme);
	expect(section, 'the "Supported TF ops" paragraph').not.toBeNull();
	const listed = section![2]!
		.split(/,\s*/)
		.map((op) => op.trim())
		.filter(Boolean);
	expect(listed).toEqual(supportedOps());
	expect(Number(section![1])).toBe(supportedOps().length);
});

it('lists exactly the supported ONNX ops of the reverse converter', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const section = /\*\*Supported ONNX ops\*\* \((\d+)\): ([^.]+)\./s.exec(readme);
	expect(section, 'the "Supported ONNX ops" paragraph').not.toBeNull();
	const listed = section![2]!.split(/,\s*/).map((op) => op.trim());
	expect(listed).toEqual(supportedOnnxOps());
	expect(Number(section![1])).toBe(supportedOnnxOps().length);
});

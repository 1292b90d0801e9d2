// `npm run convert`: exit codes 0 / 1 / 2, the JSON report, and no output file when conversion fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsDir, root } from '../../helpers/artifacts.js';
import { loadTfjsFromDir, ort } from '../../helpers/reference-runtimes.js';
import { OCR_DETECTION } from '../../helpers/user-models.js';

const work = mkdtempSync(join(tmpdir(), 'twinfer-cli-'));

function convert(...args: string[]) {
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', join(root, 'scripts', 'convert.ts'), ...args],
		{ encoding: 'utf8', cwd: root }
	);
	return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run convert', () => {
	it('converts a built-in model and prints the report as JSON', async () => {
		const out = join(work, 'movenet.onnx');
		const run = convert(join(modelsDir, 'movenet-lightning', 'model.json'), '-o', out, '--json');
		expect(run.code, run.stderr).toBe(0);
		const report = JSON.parse(run.stdout) as {
			opsIn: Record<string, number>;
			outputs: { name: string }[];
			conversionMs: number;
		};
		expect(report.opsIn.ArgMax).toBe(2);
		expect(report.outputs.map((o) => o.name)).toEqual(['Identity']);
		const session = await ort.InferenceSession.create(out);
		expect(session.inputNames).toEqual(['input']);
	});

	it('prints a readable summary without --json', () => {
		const run = convert(join(modelsDir, 'emotion', 'model.json'), '-o', join(work, 'emotion.onnx'));
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^wrote .*emotion\.onnx .*opset 13, IR 8/);
		expect(run.stdout).toContain('inputs:  input_1 float32[batch,64,64,1]');
	});

	it('writes the float16 twin with --precision f16', async () => {
		const out = join(work, 'emotion.f16.onnx');
		const run = convert(join(modelsDir, 'emotion', 'model.json'), '-o', out, '--precision', 'f16');
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(
			/float16 twin \(from \d+ bytes\): 22 weight tensors \(\d+ values\) in half precision, 2 casts/
		);
		const session = await ort.InferenceSession.create(out);
		expect(session.inputNames).toEqual(['input_1']);
		expect(
			convert(join(modelsDir, 'emotion', 'model.json'), '-o', out, '--precision', 'f8').stderr
		).toContain('--precision must be "f32" or "f16", got "f8"');
	});

	it('exits 2 on bad usage', () => {
		expect(convert().code).toBe(2);
		const run = convert('model.json', '-o', 'x.onnx', '--opset', 'thirteen');
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--opset must be an integer, got "thirteen"');
		expect(convert('model.json').stderr).toContain('missing -o/--output');
	});

	it('exits 1 with the reason on stderr when the model cannot be read', () => {
		const run = convert(join(work, 'absent.json'), '-o', join(work, 'absent.onnx'));
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^error: .*absent\.json: cannot be read \(ENOENT\)/);
	});

	it('exits 1 and writes nothing when an op is unsupported', () => {
		const model = JSON.parse(readFileSync(join(modelsDir, 'emotion', 'model.json'), 'utf8')) as {
			modelTopology: { node: { op: string }[] };
		};
		for (const node of model.modelTopology.node) if (node.op === 'Softmax') node.op = 'Sparsemax';
		const dir = mkdtempSync(join(work, 'bad-'));
		writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
		const out = join(dir, 'model.onnx');
		const run = convert(join(dir, 'model.json'), '-o', out);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(
			'error: unsupported ops: Sparsemax (1 node: StatefulPartitionedCall/model_1/predictions/Softmax)\n'
		);
		expect(existsSync(out)).toBe(false);
	});

	it('goes the other way for an .onnx file: model.json and shards in the output folder', async () => {
		const out = join(work, 'ppocr');
		const run = convert(OCR_DETECTION, '-o', out, '--json');
		expect(run.code, run.stderr).toBe(0);
		const report = JSON.parse(run.stdout) as {
			direction: string;
			shards: number;
			outputs: { name: string }[];
		};
		expect(report.direction).toBe('onnx-to-tfjs');
		expect(report.outputs.map((o) => o.name)).toEqual(['sigmoid_0.tmp_0']);
		expect(readdirSync(out).sort()).toEqual([
			'group1-shard1of2.bin',
			'group1-shard2of2.bin',
			'model.json'
		]);
		const model = await loadTfjsFromDir(out);
		expect(model.inputs.map((i) => i.name)).toEqual(['x']);
		model.dispose();
		const summary = convert(OCR_DETECTION, '-o', out);
		expect(summary.stdout).toMatch(/^wrote .*model\.json and 2 shards .*from ONNX opset 11, IR 8/);
		expect(summary.stdout).toContain('Transposes added: 2 at edges, 0 inside');
	});

	it('refuses the forward options for an .onnx file, and writes nothing for a broken one', () => {
		const usage = convert(OCR_DETECTION, '-o', join(work, 'x'), '--opset', '13');
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain('--opset, --target and --precision apply to TF.js -> ONNX only');
		const broken = join(work, 'broken.onnx');
		writeFileSync(broken, readFileSync(OCR_DETECTION).subarray(0, 4000));
		const out = join(work, 'broken');
		const run = convert(broken, '-o', out);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^error: broken\.onnx: not an ONNX model/);
		expect(existsSync(out)).toBe(false);
	});
});

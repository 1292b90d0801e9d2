// The twins agree with the originals (ONNX made from TF.js, or TF.js made from ONNX): TF.js (CPU) vs
// onnxruntime-node, on photos and random inputs.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputsAgreement, runAgreement } from '../../src/lib/measure/agreement.js';
import { toleranceOf } from '../../src/lib/measure/tolerance.js';
import type { ModelCard } from '../../src/lib/models/card.js';
import { cardInput, cardRunSpec } from '../../src/lib/models/card-run.js';
import type { InputTensor } from '../../src/lib/models/preprocess.js';
import type { OutputTensors } from '../../src/lib/runtimes/types.js';
import type { DetectionResult } from '../../src/lib/tasks/boxes.js';
import type { ClassificationResult } from '../../src/lib/tasks/classification.js';
import { findTask } from '../../src/lib/tasks/index.js';
import type { PoseResult } from '../../src/lib/tasks/pose.js';
import type { SegmentationResult } from '../../src/lib/tasks/segmentation.js';
import { card, loadImage, manifest, MODEL_IDS, modelsDir, samples } from '../helpers/artifacts.js';
import { randomInput } from '../helpers/random-input.js';
import {
	loadTfjsFromDir,
	ort,
	runOrt,
	runTfjs,
	type OutputArrays
} from '../helpers/reference-runtimes.js';

/** Float outputs must agree within this, relative to the output's largest magnitude. */
const TOLERANCE = 1e-4;
/**
 * An output whose largest magnitude is below this (a sigmoid deep in its tail on a random input) is
 * judged against this magnitude instead: at 1e-7 its digits are float noise, not conversion.
 */
const MAGNITUDE_FLOOR = 1e-3;
/**
 * selfie's mask is a sigmoid over logits that reach about ±775. Every intermediate tensor of the twins
 * agrees within 1e-5 of its peak (3e-6 at the logits, measured layer by layer), but 3e-6 of 775 is
 * 2e-3 in a logit, which moves the mask by up to 1.4e-4 near 0.5. That is float32 summation order
 * (it stays 1.0e-4 with every onnxruntime optimization disabled), so selfie's mask gets 2e-4.
 * PP-OCR's text map is a sigmoid over logits up to ±96: against onnxruntime at its 'basic' level the
 * twins agree within 1.3e-5 (tests/unit/to-tfjs/ppocr.test.ts), but the fused NCHWc kernels of the
 * default level move those logits by 8e-4 (8e-6 of their peak), 1.1e-4 after the sigmoid: 2e-4.
 */
const TOLERANCE_FOR: Record<string, number> = { selfie: 2e-4, 'ppocr-det': 2e-4 };

interface Case {
	name: string;
	input: InputTensor;
	size: { width: number; height: number };
}

function cases(c: ModelCard): Case[] {
	const photos = samples().flatMap((s): Case[] => {
		const image = loadImage(s.file);
		if (c.task === 'classification')
			return s.face
				? [{ name: `${s.file} (face)`, input: cardInput(image, c, s.face), size: s.face }]
				: [];
		return [{ name: s.file, input: cardInput(image, c), size: image }];
	});
	return [
		...photos,
		{ name: 'random (seed 7)', input: randomInput(c, 7), size: { width: 512, height: 512 } }
	];
}

/** Outputs as the app holds them (the dims are not needed by these tasks' decoders but the mask's). */
const tensors = (o: OutputArrays, c: ModelCard): OutputTensors =>
	Object.fromEntries(
		Object.entries(o).map(([k, v]) => [
			k,
			{
				dims: (c.outputs.find((out) => out.name === k)?.shape ?? [v.length]).map((d) =>
					typeof d === 'number' ? d : 1
				),
				data: v
			}
		])
	);

type Result = PoseResult | DetectionResult | SegmentationResult | ClassificationResult;

/** Results of both runtimes for every case, kept for the semantic checks below. */
const seen = new Map<string, { tfjs: Result; onnx: Result }>();

describe.each(MODEL_IDS)('%s: TF.js and ONNX twins agree', (id) => {
	const c = card(id);
	const dir = join(modelsDir, id);
	const outputNames = c.outputs.map((o) => o.name);
	// The plain twin, and the WebGL-targeted one where its rewrites made a different file.
	const twins = [...new Set(['model.onnx', manifest(id).webglFile ?? 'model.onnx'])];
	let tfjsModel: Awaited<ReturnType<typeof loadTfjsFromDir>>;
	const sessions = new Map<string, ort.InferenceSession>();

	beforeAll(async () => {
		tfjsModel = await loadTfjsFromDir(dir);
		for (const file of twins)
			sessions.set(file, await ort.InferenceSession.create(join(dir, file)));
	});
	afterAll(async () => {
		tfjsModel?.dispose();
		for (const session of sessions.values()) await session.release();
	});

	it.each(twins)('%s has the inputs and outputs of its card', (file) => {
		const session = sessions.get(file)!;
		expect(session.inputNames).toEqual([c.input.name]);
		expect([...session.outputNames].sort()).toEqual([...outputNames].sort());
	});

	it.each(cases(c).map((k) => [k.name, k] as const))('agrees on %s', async (name, k) => {
		const expected = runTfjs(tfjsModel, c.input.name, k.input, outputNames);
		for (const file of twins) await compare(file, name, k, expected);
	});

	async function compare(
		file: string,
		name: string,
		k: Case,
		expected: OutputArrays
	): Promise<void> {
		const actual = await runOrt(sessions.get(file)!, c.input.name, k.input);
		const agreement = outputsAgreement(expected, actual);
		for (const [output, a] of Object.entries(agreement)) {
			console.log(
				`${id} ${file} ${name} ${output}: max abs ${a.maxAbs.toExponential(2)}, mean abs ${a.meanAbs.toExponential(2)}, rel ${a.relToPeak.toExponential(2)}, cosine ${a.cosine.toFixed(7)}`
			);
			if (expected[output] instanceof Int32Array)
				expect(Array.from(actual[output]!)).toEqual(Array.from(expected[output]));
			else {
				const scale = Math.max(a.peak, MAGNITUDE_FLOOR);
				expect(a.maxAbs / scale, `${output} max abs diff relative to its peak`).toBeLessThanOrEqual(
					TOLERANCE_FOR[id] ?? TOLERANCE
				);
			}
		}
		const run = cardRunSpec(c);
		const task = findTask(run.task.id);
		const answer = (o: OutputArrays) => {
			const outputs = tensors(o, c);
			return { outputs, task: task.decode(outputs, run.task) as Result };
		};
		const [tfjs, onnx] = [answer(expected), answer(actual)];
		const judged = runAgreement(run.task.id, tfjs, onnx, k.size, toleranceOf('wasm', 'wasm'));
		expect(judged.same, `${file}: ${judged.line}`).toBe(true);
		if (file === 'model.onnx') seen.set(`${id}/${name}`, { tfjs: tfjs.task, onnx: onnx.task });
	}
});

describe('layout', () => {
	/**
	 * centernet flattens its NHWC heatmap to pick the top 100 cells, and the cell indices it decodes
	 * are NHWC positions: that one Transpose belongs to the model's own logic.
	 */
	const inside: Record<string, number> = { centernet: 1 };
	it.each(MODEL_IDS)('%s: no Transposes inside the graph beyond the model’s own', (id) => {
		expect(manifest(id).report.transposesAdded.inside).toBe(inside[id] ?? 0);
	});
});

describe('the twins see what is in the photographs', () => {
	const result = (key: string) => {
		const r = seen.get(key);
		if (!r) throw new Error(`${key} did not run`);
		return r.onnx;
	};

	it('movenet finds the astronaut’s face and shoulders', () => {
		const r = result('movenet-lightning/astronaut.jpg');
		if (r.kind !== 'pose') throw new Error(r.kind);
		const confident = r.keypoints.filter((k) => k.score >= 0.3).map((k) => k.name);
		expect(confident).toEqual(
			expect.arrayContaining(['nose', 'leftEye', 'rightEye', 'leftShoulder', 'rightShoulder'])
		);
		const nose = r.keypoints.find((k) => k.name === 'nose')!;
		expect(nose.x).toBeGreaterThan(0.35);
		expect(nose.x).toBeLessThan(0.55);
		expect(nose.y).toBeLessThan(0.35);
	});

	it('centernet finds the cup and the cat', () => {
		const labels = (key: string) => {
			const r = result(key);
			if (r.kind !== 'detection') throw new Error(r.kind);
			return r.detections.map((d) => d.label);
		};
		expect(labels('centernet/coffee.jpg')).toContain('cup');
		expect(labels('centernet/chelsea.jpg')).toContain('cat');
		expect(labels('centernet/astronaut.jpg')).toContain('person');
	});

	it('blazeface finds one face on the astronaut and none on the cup', () => {
		const faces = (key: string) => {
			const r = result(key);
			if (r.kind !== 'detection') throw new Error(r.kind);
			return r.detections;
		};
		const [face, ...others] = faces('blazeface/astronaut.jpg');
		expect(others).toEqual([]);
		const [x1, y1, x2, y2] = face!.box;
		expect((x1 + x2) / 2).toBeGreaterThan(0.35);
		expect((x1 + x2) / 2).toBeLessThan(0.55);
		expect((y1 + y2) / 2).toBeLessThan(0.4);
		expect(faces('blazeface/coffee.jpg')).toEqual([]);
	});

	it('selfie separates the astronaut from the background', () => {
		const r = result('selfie/astronaut.jpg');
		if (r.kind !== 'segmentation') throw new Error(r.kind);
		const at = (fx: number, fy: number) =>
			r.mask[Math.floor(fy * r.height) * r.width + Math.floor(fx * r.width)]!;
		expect(at(0.45, 0.25)).toBeGreaterThan(0.5);
		expect(at(0.45, 0.7)).toBeGreaterThan(0.5);
		expect(at(0.9, 0.1)).toBeLessThan(0.5);
	});

	it('PP-OCR finds the lines of handwriting on the paper, and no text on the cat', () => {
		const boxes = (key: string) => {
			const r = result(key);
			if (r.kind !== 'detection') throw new Error(r.kind);
			return r.detections;
		};
		expect(boxes('ppocr-det/text.jpg').length).toBeGreaterThanOrEqual(3);
		expect(boxes('ppocr-det/chelsea.jpg')).toEqual([]);
	});

	it('emotion reads the astronaut’s smile as happy', () => {
		const r = result('emotion/astronaut.jpg (face)');
		if (r.kind !== 'classification') throw new Error(r.kind);
		expect(r.top[0]!.label).toBe('happy');
	});
});

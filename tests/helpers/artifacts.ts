// Test access to the built-in models as `npm run models` wrote them, and to the sample photographs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import type { ReportCore } from '../../src/lib/convert/report.js';
import type { ModelCard } from '../../src/lib/models/card.js';
import type { RgbaImage, Box } from '../../src/lib/models/image.js';

export const root = resolve(import.meta.dirname, '..', '..');
export const modelsDir = join(root, 'static', 'models');

export function card(id: string): ModelCard {
	return JSON.parse(readFileSync(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard;
}

/** The built-in models: one card each in models/. */
export const MODEL_IDS: string[] = readdirSync(join(root, 'models'))
	.filter((f) => f.endsWith('.card.json'))
	.map((f) => f.replace('.card.json', ''))
	.sort();

/** The built-in models published as TF.js (their ONNX twins are Twinfer's). */
export const TFJS_BORN: string[] = MODEL_IDS.filter((id) => card(id).original !== 'onnx');

/**
 * What `npm run models` wrote for a model: the report of the conversion that made its twin (to ONNX,
 * or to TF.js for an ONNX original), the WebGL twin's file or why there is none.
 */
export function manifest(id: string): {
	report: ReportCore;
	webglFile?: string;
	webglError?: string;
} {
	const m = JSON.parse(readFileSync(join(modelsDir, id, 'manifest.json'), 'utf8')) as {
		onnx: { report?: ReportCore };
		tfjs: { report?: ReportCore };
		webgl: { file: string } | { error: string };
	};
	const webgl = 'file' in m.webgl ? { webglFile: m.webgl.file } : { webglError: m.webgl.error };
	return { report: (m.onnx.report ?? m.tfjs.report)!, ...webgl };
}

export interface Sample {
	file: string;
	title: string;
	shows: string[];
	face?: Box;
}

export function samples(): Sample[] {
	return (
		JSON.parse(readFileSync(join(root, 'static', 'samples', 'samples.json'), 'utf8')) as {
			samples: Sample[];
		}
	).samples;
}

export function loadImage(file: string): RgbaImage {
	const decoded = jpeg.decode(readFileSync(join(root, 'static', 'samples', file)), {
		useTArray: true
	});
	return { width: decoded.width, height: decoded.height, data: decoded.data };
}

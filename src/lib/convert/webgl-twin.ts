// The WebGL twin of an ONNX original: the original itself when onnxruntime's WebGL EP has every op it
// uses; otherwise the round trip through both converters (ONNX -> TF.js -> ONNX for WebGL), whose
// rewrites are exact; otherwise why there is none.
import { onnxWebglProblem } from './backends.js';
import { convertGraphModel, type ConversionReport } from './convert.js';
import { ConversionError } from './errors.js';
import type { TfjsModel } from './to-tfjs/write.js';

export type WebglTwin = { bytes: Uint8Array; report?: ConversionReport } | { error: string };

/**
 * `ops`: the original's op counts; `tfjs`: its TF.js twin; `inputShapes`: every input's shape, fixed
 * (the WebGL EP takes no unknown input dims), or undefined when some are not known.
 */
export async function webglTwinOfOnnx(
	original: Uint8Array,
	ops: Record<string, number>,
	tfjs: TfjsModel | undefined,
	inputShapes: Record<string, number[]> | undefined
): Promise<WebglTwin> {
	const problem = onnxWebglProblem(ops);
	if (!problem) return { bytes: original };
	if (!tfjs) return { error: problem };
	if (!inputShapes)
		return { error: `${problem}; a twin through TF.js needs the inputs' sizes fixed` };
	const shards = new Map(tfjs.shards.map((s) => [s.path, s.bytes]));
	const readFile = async (path: string) => {
		const bytes = shards.get(path);
		if (!bytes) throw new Error('file not found');
		return bytes;
	};
	try {
		const twin = await convertGraphModel(
			tfjs.modelJson,
			{ modelFile: 'model.json', readFile },
			{ target: 'webgl', inputShapes }
		);
		return { bytes: twin.onnx, report: twin.report };
	} catch (e) {
		if (!(e instanceof ConversionError)) throw e;
		return { error: `${problem}; through TF.js: ${e.message}` };
	}
}

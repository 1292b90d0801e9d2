// The float16 twin a cell set to `precision=f16` runs: made from its ONNX artifact in the cell's worker
// as it loads (a pass over the weights), so that every model, built in or opened, has one.
import { ConversionError } from '../convert/errors.js';
import { float16Twin } from '../convert/f16-twin.js';
import { requireShaderF16 } from './availability.js';
import { UnavailableError, type Backend, type OnnxArtifact } from './types.js';

/** The float16 twin of `artifact` for `backend`; an UnavailableError saying why it cannot run there. */
export async function float16Artifact(
	artifact: OnnxArtifact,
	backend: Backend
): Promise<OnnxArtifact> {
	if (backend === 'webgpu') await requireShaderF16();
	if ('bytes' in artifact && artifact.externalData?.length)
		throw new UnavailableError(
			'the float16 twin is made from a single .onnx file, and this model keeps its weights in external data'
		);
	const bytes =
		'url' in artifact
			? new Uint8Array(await (await fetch(artifact.url)).arrayBuffer())
			: artifact.bytes;
	try {
		return { bytes: float16Twin(bytes).bytes };
	} catch (e) {
		if (e instanceof ConversionError) throw new UnavailableError(`no float16 twin: ${e.message}`);
		throw e;
	}
}

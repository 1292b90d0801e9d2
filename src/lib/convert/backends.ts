// What each onnxruntime-web execution provider lacks, so a report can say where a converted model will run.

/**
 * ONNX ops (at opset 13) that the WebGL EP has kernels for (onnxruntime-web docs/webgl-operators.md).
 * WebGL has no CPU fallback: a model with any other op fails to load there.
 */
const WEBGL_OPS = new Set(
	`Abs Acos Add And Asin Atan AveragePool BatchNormalization Cast Ceil Clip Concat Conv ConvTranspose Cos
	DepthToSpace Div Dropout Elu Equal Exp Flatten Floor Gather Gemm GlobalAveragePool GlobalMaxPool Greater
	Identity InstanceNormalization LeakyRelu Less Log LRN MatMul MaxPool Mul Neg Not Or PRelu Pad Pow
	ReduceLogSum ReduceMax ReduceMean ReduceMin ReduceProd ReduceSumSquare Relu Reshape Resize Shape Sigmoid
	Sin Slice Softmax Sqrt Squeeze Sub Sum Tan Tanh Tile Transpose Unsqueeze Xor`.split(/\s+/)
);

/**
 * ONNX ops the WebGPU (JSEP) EP has no kernel for: onnxruntime-web runs them on the CPU, copying
 * tensors across, without saying so (onnxruntime issues 22425, 24475).
 */
const WEBGPU_CPU_OPS = new Set(
	'PRelu Max Min Sum Mod TopK NonMaxSuppression Loop If Identity Size ConstantOfShape'.split(' ')
);

export type Backend = 'webgl' | 'webgpu';

export interface BackendSupport {
	/** WebGL: ops it cannot run (the model fails there). WebGPU: ops that run on the CPU instead. */
	missing: Record<string, number>;
}

export function backendSupport(ops: readonly string[]): Record<Backend, BackendSupport> {
	const count = (keep: (op: string) => boolean) => {
		const missing: Record<string, number> = {};
		for (const op of ops) if (keep(op)) missing[op] = (missing[op] ?? 0) + 1;
		return { missing };
	};
	return {
		webgl: count((op) => !WEBGL_OPS.has(op)),
		webgpu: count((op) => WEBGPU_CPU_OPS.has(op))
	};
}

/** The message a WebGL-targeted conversion fails with: every op WebGL lacks, with counts. */
export function webglUnsupportedMessage(missing: Record<string, number>): string {
	const list = Object.entries(missing).map(([op, n]) => `${op} (${n} node${n > 1 ? 's' : ''})`);
	return `unsupported on webgl: ${list.join(', ')}`;
}

/**
 * Why an ONNX file cannot run on the WebGL EP, or undefined when it can. ONNX Runtime makes Constant
 * nodes initializers when it loads a model, so no EP runs them.
 */
export function onnxWebglProblem(ops: Record<string, number>): string | undefined {
	const nodes = Object.entries(ops)
		.filter(([op]) => op !== 'Constant')
		.flatMap(([op, n]) => Array<string>(n).fill(op));
	const { missing } = backendSupport(nodes).webgl;
	return Object.keys(missing).length ? webglUnsupportedMessage(missing) : undefined;
}

// How a model is fed: per input its name, dtype and fixed shape, and either how an image becomes it
// (layout, colour, value range, fit) or seeded random data for an input that is not an image.

export type InputDType = 'float32' | 'int32' | 'uint8' | 'int64';

/** An input's values, in the array its dtype has. */
export type InputData = Float32Array | Int32Array | Uint8Array | BigInt64Array;

export interface ImagePrep {
	layout: 'NHWC' | 'NCHW';
	color: 'rgb' | 'bgr' | 'gray';
	/** value = pixel (0..255) * scale[c] + offset[c], per channel in the input's colour order. */
	scale: [number, number, number];
	offset: [number, number, number];
	/** How an image of another shape is fitted: stretched, or scaled to fit and padded with black. */
	fit: 'stretch' | 'letterbox';
	/** Weights of R, G and B for a gray input. */
	gray?: [number, number, number];
}

export interface InputPlan {
	name: string;
	dtype: InputDType;
	/** Every dim fixed (a model's unknown dims get values here). */
	shape: number[];
	/** How an image becomes this input; absent: seeded random data. */
	image?: ImagePrep;
}

/** Where height, width and channels sit in an image input's shape. */
export function imageDims(plan: InputPlan & { image: ImagePrep }): {
	height: number;
	width: number;
	channels: number;
} {
	const [, a, b, c] = plan.shape as [number, number, number, number];
	return plan.image.layout === 'NHWC'
		? { height: a, width: b, channels: c }
		: { height: b, width: c, channels: a };
}

/** The first input fed from the image, if any. */
export function imageInput(
	inputs: readonly InputPlan[]
): (InputPlan & { image: ImagePrep }) | undefined {
	return inputs.find((i): i is InputPlan & { image: ImagePrep } => i.image !== undefined);
}

/** A new array of `size` values of `dtype`. */
export function allocate(dtype: InputDType, size: number): InputData {
	switch (dtype) {
		case 'float32':
			return new Float32Array(size);
		case 'int32':
			return new Int32Array(size);
		case 'uint8':
			return new Uint8Array(size);
		case 'int64':
			return new BigInt64Array(size);
	}
}

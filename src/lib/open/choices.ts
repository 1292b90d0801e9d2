// How a user's model is fed and read: guesses from its signature (layout, size, value range, colour
// order, which task), which the user can change; and the descriptor those choices make.
import type { InputDType, InputPlan, ImagePrep } from '../models/input.js';
import { imageDims, imageInput } from '../models/input.js';
import type { ModelDescriptor, TensorSignature } from '../models/descriptor.js';
import type { PreparedModel } from './prepare.js';

export interface UserChoices {
	inputs: InputPlan[];
	task: { id: string; labels: string[] };
}

/** Value ranges a person picks from: value = (pixel - mean) / std, per channel in RGB order. */
export const RANGES: Record<string, { mean: number[]; std: number[] }> = {
	'0..255': { mean: [0, 0, 0], std: [1, 1, 1] },
	'0..1': { mean: [0, 0, 0], std: [255, 255, 255] },
	'-1..1': { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
	'ImageNet mean/std': { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] }
};

/** An image input's scale and offset for a named range, in the input's colour order. */
export function rangePrep(
	range: string,
	color: ImagePrep['color']
): Pick<ImagePrep, 'scale' | 'offset'> {
	const { mean, std } = RANGES[range] ?? RANGES['0..1']!;
	const order = color === 'bgr' ? [2, 1, 0] : [0, 1, 2];
	const pick = (values: number[]) => order.map((c) => values[c]!) as [number, number, number];
	const [m, s] = [pick(mean), pick(std)];
	return {
		scale: s.map((v) => 1 / v) as [number, number, number],
		offset: m.map((v, c) => -v / s[c]!) as [number, number, number]
	};
}

/** The named range an image input's scale and offset make, if they make one. */
export function rangeName(prep: ImagePrep): string | undefined {
	return Object.keys(RANGES).find((name) => {
		const { scale, offset } = rangePrep(name, prep.color);
		return scale.every(
			(v, c) => Math.abs(v - prep.scale[c]!) < 1e-9 && Math.abs(offset[c]! - prep.offset[c]!) < 1e-9
		);
	});
}

const DTYPES: InputDType[] = ['float32', 'int32', 'uint8', 'int64'];
/** The size an unknown height or width gets until the user says otherwise. */
const DEFAULT_SIZE = 224;
const GRAY: [number, number, number] = [0.299, 0.587, 0.114];

const known = (d: number | string | undefined): d is number => typeof d === 'number' && d > 0;

function guessInput(sig: TensorSignature, format: PreparedModel['format']): InputPlan {
	const dtype = (DTYPES as string[]).includes(sig.dtype) ? (sig.dtype as InputDType) : 'float32';
	const dims = sig.shape;
	const channelsAt = (i: number) => dims[i] === 1 || dims[i] === 3;
	if (dims.length !== 4 || !(channelsAt(1) || channelsAt(3) || !known(dims[1]) || !known(dims[3])))
		return { name: sig.name, dtype, shape: dims.map((d) => (known(d) ? d : 1)) };
	const nchw = channelsAt(3) ? false : channelsAt(1) ? true : format === 'onnx';
	const [c, h, w] = nchw ? [1, 2, 3] : [3, 1, 2];
	const channels = known(dims[c]) ? dims[c] : 3;
	const size = (i: number) => (known(dims[i]) ? dims[i] : DEFAULT_SIZE);
	const shape = nchw ? [1, channels, size(h), size(w)] : [1, size(h), size(w), channels];
	const color = channels === 1 ? 'gray' : 'rgb';
	const range =
		dtype !== 'float32' ? '0..255' : format === 'onnx' && nchw ? 'ImageNet mean/std' : '0..1';
	return {
		name: sig.name,
		dtype,
		shape,
		image: {
			layout: nchw ? 'NCHW' : 'NHWC',
			color,
			...rangePrep(range, color),
			fit: 'stretch',
			gray: color === 'gray' ? GRAY : undefined
		}
	};
}

/** First guesses for a model Twinfer has never seen: its image input, and the "tensors" task. */
export function guessChoices(model: PreparedModel): UserChoices {
	return {
		inputs: model.signature.inputs.map((s) => guessInput(s, model.format)),
		task: { id: 'tensors', labels: [] }
	};
}

/** The descriptor of a user's model run as `choices` say. */
export function describeUserModel(model: PreparedModel, choices: UserChoices): ModelDescriptor {
	const image = imageInput(choices.inputs);
	const size = image ? imageDims(image) : { width: 1, height: 1 };
	return {
		id: `local:${model.name}`,
		name: model.name,
		signature: model.signature,
		run: {
			inputs: choices.inputs,
			task: {
				id: choices.task.id,
				outputs: model.source.outputs,
				labels: choices.task.labels,
				input: { width: size.width, height: size.height }
			}
		},
		source: model.source,
		multiplyAdds: model.multiplyAdds
	};
}

// Window arithmetic shared by convolutions and pooling: ONNX pads and auto_pad, output sizes, TF padding attributes.
import { ConversionError } from '../errors.js';
import type { Dim } from '../graph/value.js';
import type { AttrValueJson } from '../tfjs/model-json.js';
import { tfAttr } from './tf-attrs.js';

export interface Window {
	kernel: number[];
	strides: number[];
	dilations: number[];
	/** Begin pads then end pads, per spatial dim (ONNX order); undefined for SAME_UPPER on unknown sizes. */
	pads?: number[];
	/** TF's 'SAME' (ONNX SAME_UPPER). */
	same: boolean;
}

export interface WindowAttrs {
	int(name: string, fallback?: number): number;
	ints(name: string, fallback?: number[]): number[];
	string(name: string, fallback?: string): string;
}

const effective = (k: number, d: number) => (k - 1) * d + 1;

/** The window of a Conv or Pool node over `spatial` (its input's spatial dims). */
export function readWindow(
	attrs: WindowAttrs,
	kernel: number[],
	spatial: readonly Dim[],
	where: string
): Window {
	const n = kernel.length;
	const strides = attrs.ints('strides', new Array<number>(n).fill(1));
	const dilations = attrs.ints('dilations', new Array<number>(n).fill(1));
	const autoPad = attrs.string('auto_pad', 'NOTSET');
	if (autoPad === 'NOTSET')
		return {
			kernel,
			strides,
			dilations,
			pads: attrs.ints('pads', new Array<number>(2 * n).fill(0)),
			same: false
		};
	if (autoPad === 'VALID')
		return { kernel, strides, dilations, pads: new Array<number>(2 * n).fill(0), same: false };
	if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER')
		throw new ConversionError(`${where}: auto_pad=${autoPad} is not an ONNX value`);
	if (autoPad === 'SAME_UPPER') return { kernel, strides, dilations, same: true };
	if (!spatial.every((d) => typeof d === 'number'))
		throw new ConversionError(
			`${where}: auto_pad=SAME_LOWER needs static spatial sizes; fix them with --input-shape`
		);
	const begin: number[] = [];
	const end: number[] = [];
	(spatial as number[]).forEach((size, i) => {
		const total = Math.max(
			(Math.ceil(size / strides[i]!) - 1) * strides[i]! +
				effective(kernel[i]!, dilations[i]!) -
				size,
			0
		);
		begin.push(Math.ceil(total / 2));
		end.push(Math.floor(total / 2));
	});
	return { kernel, strides, dilations, pads: [...begin, ...end], same: false };
}

/** Output size per spatial dim (floor, or ceil for pooling's ceil_mode); names unknown sizes after `name`. */
export function windowOutput(
	w: Window,
	spatial: readonly Dim[],
	name: string,
	ceil = false
): Dim[] {
	const n = w.kernel.length;
	return spatial.map((size, i) => {
		if (typeof size !== 'number') return `${name}_dim${i + 2}`;
		if (w.same) return Math.ceil(size / w.strides[i]!);
		const span = size + w.pads![i]! + w.pads![i + n]! - effective(w.kernel[i]!, w.dilations[i]!);
		return (ceil ? Math.ceil(span / w.strides[i]!) : Math.floor(span / w.strides[i]!)) + 1;
	});
}

/** TF attributes for a 2-D window in NHWC: padding, explicit_paddings, strides, dilations. */
export function tfWindowAttrs(w: Window): Record<string, AttrValueJson> {
	const [sh, sw] = w.strides;
	const [dh, dw] = w.dilations;
	const attrs: Record<string, AttrValueJson> = {
		strides: tfAttr.ints([1, sh!, sw!, 1]),
		dilations: tfAttr.ints([1, dh!, dw!, 1]),
		data_format: tfAttr.str('NHWC')
	};
	if (w.same) return { ...attrs, padding: tfAttr.str('SAME') };
	const [t, l, b, r] = w.pads!;
	if (w.pads!.every((p) => p === 0)) return { ...attrs, padding: tfAttr.str('VALID') };
	return {
		...attrs,
		padding: tfAttr.str('EXPLICIT'),
		explicit_paddings: tfAttr.ints([0, 0, t!, b!, l!, r!, 0, 0])
	};
}

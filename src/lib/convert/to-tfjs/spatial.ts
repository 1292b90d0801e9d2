// Window arithmetic shared by convolutions and pooling: ONNX pads and auto_pad, output sizes, TF padding attributes,
// and 1-D windows run as 2-D ones.
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { ConversionError } from '../errors.js';
import { reshapeConst } from '../fold.js';
import type { Dim } from '../graph/value.js';
import {
	AttributeProto_AttributeType as A,
	AttributeProtoSchema,
	type AttributeProto
} from '../onnx/onnx_pb.js';
import type { AttrValueJson } from '../tfjs/model-json.js';
import { OnnxAttrs } from './handlers/attrs.js';
import { input, type NodeContext } from './handlers/context.js';
import { tfAttr } from './tf-attrs.js';
import { channelsLast, type TfValue } from './value.js';

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

/** 1-D window attributes as their 2-D selves over a height of 1. */
const WIDEN: Record<string, (v: number[]) => number[]> = {
	kernel_shape: (v) => [1, ...v],
	strides: (v) => [1, ...v],
	dilations: (v) => [1, ...v],
	pads: ([begin, end]) => [0, begin!, 0, end!],
	output_padding: (v) => [0, ...v],
	output_shape: (v) => [1, v[v.length - 1]!]
};
const INT_ATTRS = ['group', 'ceil_mode', 'count_include_pad', 'storage_order'];

function attrs2d(a: OnnxAttrs, where: string): OnnxAttrs {
	const map = new Map<string, AttributeProto>();
	const set = (name: string, value: MessageInitShape<typeof AttributeProtoSchema>) =>
		map.set(name, create(AttributeProtoSchema, { name, ...value }));
	for (const [name, widen] of Object.entries(WIDEN))
		if (a.has(name)) set(name, { type: A.INTS, ints: widen(a.ints(name)).map(BigInt) });
	for (const name of INT_ATTRS) if (a.has(name)) set(name, { type: A.INT, i: BigInt(a.int(name)) });
	if (a.has('auto_pad'))
		set('auto_pad', { type: A.STRING, s: new TextEncoder().encode(a.string('auto_pad')) });
	const unread = a.names().filter((n) => !map.has(n));
	if (unread.length)
		throw new ConversionError(
			`${where}: attributes ${unread.join(', ')} are not read for a 1-D window`
		);
	return new OnnxAttrs(map, where);
}

/**
 * Converts a 1-D Conv, ConvTranspose or pooling node as its 2-D self over [N, C, 1, L] (TF.js has 2-D windows
 * only): the input gets a height of 1, kernels [a, b, k] become [a, b, 1, k], and the output loses the height again.
 */
function as2d(ctx: NodeContext, convert2d: (ctx: NodeContext) => TfValue[]): TfValue[] {
	const g = ctx.g;
	const x = input(ctx, 0);
	const held = g.inLayout(x, channelsLast(3), ctx.name);
	const expanded: TfValue = {
		ref: g.emit(
			'ExpandDims',
			[held.ref, g.int32([1], `${ctx.name}/height_axis`, [])],
			{ T: tfAttr.dtype(x.dtype) },
			`${ctx.name}/2d`
		)[0]!,
		dtype: x.dtype,
		shape: [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!],
		perm: channelsLast(4)
	};
	const kernel = (v: TfValue | undefined) =>
		v?.const && v.shape.length === 3
			? g.constant(
					reshapeConst(v.const, [v.const.shape[0]!, v.const.shape[1]!, 1, v.const.shape[2]!])
				)
			: v;
	const where = `node "${ctx.name}" (${ctx.op})`;
	const inputs = [expanded, ...ctx.inputs.slice(1).map(kernel)];
	const [y] = convert2d({ ...ctx, inputs, attrs: attrs2d(ctx.attrs, where) });
	const y4 = g.inLayout(y!, channelsLast(4), `${ctx.name}/2d_out`);
	const ref = g.emit(
		'Squeeze',
		[y4.ref],
		{ squeeze_dims: tfAttr.ints([1]), T: tfAttr.dtype(y4.dtype) },
		`${ctx.name}/1d`
	)[0]!;
	return [
		{
			ref,
			dtype: y4.dtype,
			shape: [y4.shape[0]!, y4.shape[1]!, y4.shape[3]!],
			perm: channelsLast(3)
		}
	];
}

/** A window op's converter that takes 1-D inputs too (as `as2d` converts them). */
export const with1d =
	(convert2d: (ctx: NodeContext) => TfValue[]) =>
	(ctx: NodeContext): TfValue[] =>
		input(ctx, 0).shape.length === 3 ? as2d(ctx, convert2d) : convert2d(ctx);

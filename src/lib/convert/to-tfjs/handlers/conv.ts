// Conv and ConvTranspose: NHWC TF convolutions (depthwise and grouped included), kernels transposed at conversion.
import { ConversionError } from '../../errors.js';
import { sliceConst } from '../../fold.js';
import { transposeConst, type ConstTensor } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { readWindow, tfWindowAttrs, windowOutput, with1d, type Window } from '../spatial.js';
import type { Dim } from '../../graph/value.js';
import { channelsLast, type TfValue } from '../value.js';
import { constInput, input, staticShape, type NodeContext, type OpConverter } from './context.js';

const NHWC = channelsLast(4);

function needs2d(ctx: NodeContext, x: TfValue): void {
	if (x.shape.length !== 4)
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): only 1-D and 2-D convolutions (rank-3 and rank-4 inputs) are supported, got rank ${x.shape.length}`
		);
}

/** One TF convolution (plain or depthwise) of x, NHWC, with an optional bias fused in. */
function convolve(
	ctx: NodeContext,
	x: string,
	filter: ConstTensor,
	bias: ConstTensor | undefined,
	w: Window,
	depthwise: boolean,
	suffix?: string
): string {
	const g = ctx.g;
	const inputs = [x, g.ref(g.constant(filter), `${ctx.name}/filter`)];
	const base = suffix ? `${ctx.name}/${suffix}` : ctx.name;
	const attrs = { T: tfAttr.dtype('float32'), ...tfWindowAttrs(w) };
	if (!bias) return g.emit(depthwise ? 'DepthwiseConv2dNative' : 'Conv2D', inputs, attrs, base)[0]!;
	inputs.push(g.ref(g.constant(bias), `${ctx.name}/bias`));
	const fused = {
		...attrs,
		num_args: tfAttr.int(1),
		fused_ops: tfAttr.strs(['BiasAdd']),
		epsilon: tfAttr.float(0)
	};
	return g.emit(depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D', inputs, fused, base)[0]!;
}

/**
 * TF.js's convolutions take strides or dilations above 1, not both: such a window runs with stride 1,
 * and every stride-th output is kept (the same values, with explicit pads).
 */
function strideLater(ctx: NodeContext, w: Window): Window {
	if (!w.strides.some((s) => s > 1) || !w.dilations.some((d) => d > 1)) return w;
	if (w.same)
		throw new ConversionError(
			`node "${ctx.name}" (Conv): strides and dilations both above 1 with auto_pad=SAME_UPPER, which TF.js's convolutions do not take`
		);
	ctx.g.rewrite(
		'Conv',
		'strides and dilations both above 1: stride 1, then every stride-th output'
	);
	return { ...w, strides: w.strides.map(() => 1) };
}

/** Every `strides`-th row and column of an NHWC tensor, from the first. */
function subsample(ctx: NodeContext, ref: string, strides: number[]): string {
	const g = ctx.g;
	const whole = g.int32([0, 0, 0, 0], `${ctx.name}/from`);
	return g.emit(
		'StridedSlice',
		[ref, whole, whole, g.int32([1, ...strides, 1], `${ctx.name}/steps`)],
		{ begin_mask: tfAttr.int(15), end_mask: tfAttr.int(15), T: tfAttr.dtype('float32') },
		`${ctx.name}/stride`
	)[0]!;
}

const conv: OpConverter = {
	convert: with1d((ctx) => {
		const x = input(ctx, 0);
		needs2d(ctx, x);
		const weight = constInput(ctx, 1, 'the kernel');
		const bias = ctx.inputs[2] ? constInput(ctx, 2, 'the bias') : undefined;
		const [outC, perGroup, kh, kw] = weight.shape as [number, number, number, number];
		const groups = ctx.attrs.int('group', 1);
		const asked = readWindow(ctx.attrs, [kh, kw], x.shape.slice(2), `node "${ctx.name}" (Conv)`);
		const shape = [x.shape[0]!, outC, ...windowOutput(asked, x.shape.slice(2), ctx.name)];
		const w = strideLater(ctx, asked);
		const held = ctx.g.inLayout(x, NHWC, ctx.name);
		const out = (ref: string): TfValue[] => [
			{
				ref: w === asked ? ref : subsample(ctx, ref, asked.strides),
				dtype: 'float32',
				shape,
				perm: NHWC
			}
		];
		if (groups === 1)
			return out(convolve(ctx, held.ref, transposeConst(weight, [2, 3, 1, 0]), bias, w, false));
		if (perGroup === 1) {
			// Depthwise: [C*M, 1, kh, kw] -> [kh, kw, C, M].
			const filter = transposeConst(
				{ ...weight, shape: [groups, outC / groups, kh, kw] },
				[2, 3, 0, 1]
			);
			return out(convolve(ctx, held.ref, filter, bias, w, true));
		}
		ctx.g.rewrite('Conv', 'group > 1: Split the channels, one Conv2D per group, Concat');
		const parts = ctx.g.emit(
			'Split',
			[ctx.g.int32([3], `${ctx.name}/axis`, []), held.ref],
			{ num_split: tfAttr.int(groups), T: tfAttr.dtype('float32') },
			`${ctx.name}/split`,
			groups
		);
		const per = outC / groups;
		const convs = parts.map((part, k) => {
			const kernel = sliceConst(weight, [k * per, 0, 0, 0], [1, 1, 1, 1], [per, perGroup, kh, kw]);
			const b = bias && sliceConst(bias, [k * per], [1], [per]);
			return convolve(ctx, part, transposeConst(kernel, [2, 3, 1, 0]), b, w, false, `group${k}`);
		});
		const ref = ctx.g.emit(
			'ConcatV2',
			[...convs, ctx.g.int32([3], `${ctx.name}/concat_axis`, [])],
			{ N: tfAttr.int(groups), T: tfAttr.dtype('float32') },
			ctx.name
		)[0]!;
		return out(ref);
	})
};

/** A kernel [a, b, kh, kw] with dilation d made dense: d - 1 zeros between taps, so the convolution runs undilated. */
function dilateKernel(w: ConstTensor, d: number[]): ConstTensor {
	if (d.every((v) => v === 1)) return w;
	const [a, b, kh, kw] = w.shape as [number, number, number, number];
	const [dh, dw] = d as [number, number];
	const [h, wd] = [(kh - 1) * dh + 1, (kw - 1) * dw + 1];
	const data = new Float32Array(a * b * h * wd);
	const src = w.data as Float32Array;
	for (let ab = 0; ab < a * b; ab++)
		for (let y = 0; y < kh; y++)
			for (let x = 0; x < kw; x++)
				data[(ab * h + y * dh) * wd + x * dw] = src[(ab * kh + y) * kw + x]!;
	return { dtype: 'float32', shape: [a, b, h, wd], data };
}

/**
 * ConvTranspose's window: its pads, or those that reach output_shape (or input * stride for SAME_*), split as ONNX
 * splits them (the odd one at the end for SAME_UPPER, at the start otherwise; a negative one adds output).
 */
function transposeWindow(
	ctx: NodeContext,
	k: number[],
	strides: number[],
	outputPadding: number[],
	spatial: readonly Dim[]
): Window {
	const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
	const base = { kernel: k, strides, dilations: [1, 1], same: false };
	const given = ctx.attrs.has('output_shape');
	if (!given && autoPad === 'SAME_UPPER') return { ...base, same: true };
	if (!given && autoPad !== 'SAME_LOWER')
		return {
			...base,
			pads: autoPad === 'VALID' ? [0, 0, 0, 0] : ctx.attrs.ints('pads', [0, 0, 0, 0])
		};
	const sizes = staticShape(ctx, spatial, 'ConvTranspose with output_shape or SAME_LOWER');
	const target = given
		? ctx.attrs.ints('output_shape').slice(-2)
		: sizes.map((d, i) => d * strides[i]!);
	const totals = target.map(
		(o, i) => strides[i]! * (sizes[i]! - 1) + outputPadding[i]! + k[i]! - o
	);
	const begin = totals.map((t) =>
		autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : t - Math.floor(t / 2)
	);
	return { ...base, pads: [...begin, ...totals.map((t, i) => t - begin[i]!)] };
}

const convTranspose: OpConverter = {
	convert: with1d((ctx) => {
		const x = input(ctx, 0);
		needs2d(ctx, x);
		const weight = dilateKernel(
			constInput(ctx, 1, 'the kernel'),
			ctx.attrs.ints('dilations', [1, 1])
		);
		const bias = ctx.inputs[2] ? constInput(ctx, 2, 'the bias') : undefined;
		const [, outC, kh, kw] = weight.shape as [number, number, number, number];
		const strides = ctx.attrs.ints('strides', [1, 1]);
		const outputPadding = ctx.attrs.ints('output_padding', [0, 0]);
		const k = [kh, kw];
		const spatial = x.shape.slice(2);
		const w = transposeWindow(ctx, k, strides, outputPadding, spatial);
		// Extra size per dim beyond stride * input: the kernel's reach, output padding, less the pads.
		const extra = k.map((kk, i) =>
			w.same ? 0 : kk + outputPadding[i]! - strides[i]! - w.pads![i]! - w.pads![i + 2]!
		);
		const g = ctx.g;
		const held = g.inLayout(x, NHWC, ctx.name);
		const outSpatial = spatial.map((d, i) =>
			typeof d === 'number' ? d * strides[i]! + extra[i]! : `${ctx.name}_dim${i + 2}`
		);
		let size: string;
		if (outSpatial.every((d) => typeof d === 'number') && typeof x.shape[0] === 'number')
			size = g.int32([x.shape[0], ...(outSpatial as number[]), outC], `${ctx.name}/output_shape`);
		else {
			ctx.g.rewrite('ConvTranspose', 'unknown sizes: the output shape computed from Shape(x)');
			const shape = g.emit('Shape', [held.ref], {}, `${ctx.name}/in_shape`)[0]!;
			const scaled = g.emit(
				'Mul',
				[shape, g.int32([1, ...strides, 0], `${ctx.name}/strides`)],
				{ T: tfAttr.dtype('int32') },
				`${ctx.name}/scaled`
			)[0]!;
			size = g.emit(
				'AddV2',
				[scaled, g.int32([0, ...extra, outC], `${ctx.name}/extra`)],
				{ T: tfAttr.dtype('int32') },
				`${ctx.name}/output_shape`
			)[0]!;
		}
		const filter = g.ref(g.constant(transposeConst(weight, [2, 3, 1, 0])), `${ctx.name}/filter`);
		const tfw = w.same
			? w
			: { ...w, pads: w.pads!.map((p, i) => (i >= 2 ? p - outputPadding[i - 2]! : p)) };
		let ref = g.emit(
			'Conv2DBackpropInput',
			[size, filter, held.ref],
			{ T: tfAttr.dtype('float32'), ...tfWindowAttrs(tfw) },
			bias ? `${ctx.name}/conv` : ctx.name
		)[0]!;
		if (bias)
			ref = g.emit(
				'BiasAdd',
				[ref, g.ref(g.constant(bias), `${ctx.name}/bias`)],
				{ T: tfAttr.dtype('float32') },
				ctx.name
			)[0]!;
		return [{ ref, dtype: 'float32', shape: [x.shape[0]!, outC, ...outSpatial], perm: NHWC }];
	}),
	refuse: (attrs) => (attrs.int('group', 1) !== 1 ? `group=${attrs.int('group')}` : undefined)
};

export const convHandlers: Record<string, OpConverter> = {
	Conv: conv,
	ConvTranspose: convTranspose
};

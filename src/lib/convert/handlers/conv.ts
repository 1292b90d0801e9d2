// Convolutions and pooling: NHWC TF ops become NCHW ONNX ops with every attribute written out.
import { ConversionError } from '../errors.js';
import { reshapeConst } from '../fold.js';
import { unknownDimAdvice } from '../graph/sources.js';
import { CHANNELS_FIRST, identity, type Dim, type Value } from '../graph/value.js';
import { transposeConst } from '../tensor.js';
import { constInput, input, type Handler, type NodeContext } from './context.js';
import { fusedActivation, fusedParts } from './activation.js';
import { atrous, spaceToBatchOf, type EmitConvolution } from './atrous.js';

interface Spatial {
	/** ONNX layout the op needs its input in, and gives its output in. */
	perm: number[];
	/** TF dims that are height and width. */
	hw: [number, number];
	channels: number;
}

function spatial(ctx: NodeContext): Spatial {
	const format = ctx.attrs.string('data_format', 'NHWC');
	if (format === 'NHWC') return { perm: CHANNELS_FIRST, hw: [1, 2], channels: 3 };
	if (format === 'NCHW') return { perm: identity(4), hw: [2, 3], channels: 1 };
	throw new ConversionError(`node "${ctx.name}" (${ctx.op}): unsupported data_format ${format}`);
}

/** Explicit begin/end pads for TF padding "SAME", "VALID" or "EXPLICIT" (ONNX order: all begins, then all ends). */
function pads(
	ctx: NodeContext,
	inHW: Dim[],
	kernel: number[],
	strides: number[],
	dilations: number[],
	s: Spatial
): number[] {
	const padding = ctx.attrs.string('padding', 'VALID');
	if (padding === 'VALID') return [0, 0, 0, 0];
	if (padding === 'EXPLICIT') {
		const p = ctx.attrs.ints('explicit_paddings');
		const [h, w] = s.hw;
		return [p[2 * h]!, p[2 * w]!, p[2 * h + 1]!, p[2 * w + 1]!];
	}
	if (padding !== 'SAME')
		throw new ConversionError(`node "${ctx.name}": unsupported padding ${padding}`);
	const totals = [0, 1].map((i) => {
		const size = inHW[i]!;
		const effective = (kernel[i]! - 1) * dilations[i]! + 1;
		if (typeof size !== 'number') {
			if (strides[i] === 1) return effective - 1;
			// Pads computed at run time (Shape arithmetic feeding a Pad) were measured and left out: the
			// models that need them (movenet-multipose, rvm) also resize, reshape and gather by sizes
			// known only at run time, which no backend runs well.
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): SAME padding with stride ${strides[i]} needs a static ${['height', 'width'][i]}; ${unknownDimAdvice(ctx.g, size)}`
			);
		}
		const out = Math.ceil(size / strides[i]!);
		return Math.max((out - 1) * strides[i]! + effective - size, 0);
	});
	const begins = totals.map((t) => Math.floor(t / 2));
	return [...begins, ...totals.map((t, i) => t - begins[i]!)];
}

function outSize(
	size: Dim,
	kernel: number,
	stride: number,
	dilation: number,
	begin: number,
	end: number
): Dim {
	if (typeof size !== 'number') return size;
	return Math.floor((size + begin + end - ((kernel - 1) * dilation + 1)) / stride) + 1;
}

function outputShape(x: Value, s: Spatial, channels: Dim, hw: Dim[]): Dim[] {
	const shape = [...x.shape];
	shape[s.hw[0]] = hw[0]!;
	shape[s.hw[1]] = hw[1]!;
	shape[s.channels] = channels;
	return shape;
}

/**
 * Conv2D and DepthwiseConv2dNative, plain or fused with a bias and an activation; over a
 * SpaceToBatchND, the middle of an atrous convolution.
 */
function convolution(depthwise: boolean, fused: boolean): Handler {
	return (ctx) => {
		const s = spatial(ctx);
		const x = input(ctx, 0);
		const filter = constInput(ctx, 1, 'the filter');
		const [kh, kw, inC, mult] = filter.shape as [number, number, number, number];
		const strides = s.hw.map((d) => ctx.attrs.ints('strides', [1, 1, 1, 1])[d]!);
		// ONNX weights are [out, in/group, kh, kw]: HWIO -> OIHW; depthwise HWCM -> (C*M)1HW with group C.
		const weights = depthwise
			? reshapeConst(transposeConst(filter, [2, 3, 0, 1]), [inC * mult, 1, kh, kw])
			: transposeConst(filter, [3, 2, 0, 1]);
		const outC = depthwise ? inC * mult : mult;
		const { bias, activation, alpha } = fused ? fusedParts(ctx, 2) : {};
		const emit: EmitConvolution = (from, dilations, p) => {
			const held = ctx.g.inLayout(from, s.perm, `${ctx.name}/input`);
			const operands = [held.name, ctx.g.use(ctx.g.constant(weights), `${ctx.name}/weights`)];
			if (bias) operands.push(ctx.g.use(bias, `${ctx.name}/bias`));
			const hw = s.hw.map((d, i) =>
				outSize(from.shape[d]!, [kh, kw][i]!, strides[i]!, dilations[i]!, p[i]!, p[i + 2]!)
			);
			const [conv] = ctx.g.emit(
				'Conv',
				operands,
				{ kernel_shape: [kh, kw], strides, dilations, pads: p, group: depthwise ? inC : 1 },
				[{ dtype: 'float32', shape: outputShape(from, s, outC, hw), perm: s.perm }],
				activation ? `${ctx.name}/conv` : ctx.name
			);
			if (fused)
				ctx.g.rewrite(
					ctx.op,
					`Conv${bias ? ' with its bias' : ''}${activation ? `, then ${activation}` : ''}`
				);
			return fusedActivation(ctx, activation, conv!, alpha);
		};
		const spaceToBatch = spaceToBatchOf(ctx.g, x);
		if (spaceToBatch) return [atrous(ctx, spaceToBatch, emit)];
		const dilations = s.hw.map((d) => ctx.attrs.ints('dilations', [1, 1, 1, 1])[d]!);
		const inHW = s.hw.map((d) => x.shape[d]!);
		return [emit(x, dilations, pads(ctx, inHW, [kh, kw], strides, dilations, s))];
	};
}

/** Conv2DBackpropInput (transposed convolution) with a constant output shape. */
const Conv2DBackpropInput: Handler = (ctx) => {
	const s = spatial(ctx);
	const outShape = constInput(ctx, 0, 'the output shape');
	const filter = constInput(ctx, 1, 'the filter');
	const x = input(ctx, 2);
	const [kh, kw, outC] = filter.shape as [number, number, number, number];
	const strides = s.hw.map((d) => ctx.attrs.ints('strides', [1, 1, 1, 1])[d]!);
	const dilations = s.hw.map((d) => ctx.attrs.ints('dilations', [1, 1, 1, 1])[d]!);
	const target = Array.from(outShape.data as Int32Array);
	const begins: number[] = [];
	const ends: number[] = [];
	const extra: number[] = [];
	for (const [i, d] of s.hw.entries()) {
		const size = x.shape[d];
		if (typeof size !== 'number')
			throw new ConversionError(`node "${ctx.name}": needs a static input size`);
		const k = [kh, kw][i]!;
		const total = strides[i]! * (size - 1) + (k - 1) * dilations[i]! + 1 - target[d]!;
		const padTotal = Math.max(total, 0);
		begins.push(Math.floor(padTotal / 2));
		ends.push(padTotal - Math.floor(padTotal / 2));
		extra.push(Math.max(-total, 0));
	}
	const weights = transposeConst(filter, [3, 2, 0, 1]);
	const held = ctx.g.inLayout(x, s.perm, `${ctx.name}/input`);
	const attrs = {
		kernel_shape: [kh, kw],
		strides,
		dilations,
		pads: [...begins, ...ends],
		group: 1
	};
	const [out] = ctx.g.emit(
		'ConvTranspose',
		[held.name, ctx.g.use(ctx.g.constant(weights), `${ctx.name}/weights`)],
		extra.some((e) => e > 0) ? { ...attrs, output_padding: extra } : attrs,
		[
			{
				dtype: 'float32',
				shape: outputShape(
					x,
					s,
					outC,
					s.hw.map((d) => target[d]!)
				),
				perm: s.perm
			}
		],
		ctx.name
	);
	return [out!];
};

function pool(onnxOp: 'MaxPool' | 'AveragePool'): Handler {
	return (ctx) => {
		const s = spatial(ctx);
		const x = input(ctx, 0);
		const kernel = s.hw.map((d) => ctx.attrs.ints('ksize')[d]!);
		const strides = s.hw.map((d) => ctx.attrs.ints('strides')[d]!);
		const inHW = s.hw.map((d) => x.shape[d]!);
		const p = pads(ctx, inHW, kernel, strides, [1, 1], s);
		const held = ctx.g.inLayout(x, s.perm, `${ctx.name}/input`);
		const hw = [0, 1].map((i) => outSize(inHW[i]!, kernel[i]!, strides[i]!, 1, p[i]!, p[i + 2]!));
		const attrs = {
			kernel_shape: kernel,
			strides,
			pads: p,
			...(onnxOp === 'AveragePool' ? { count_include_pad: 0 } : { dilations: [1, 1] })
		};
		const [out] = ctx.g.emit(
			onnxOp,
			[held.name],
			attrs,
			[
				{
					dtype: x.dtype,
					shape: outputShape(x, s, x.shape[s.channels]!, hw) as Dim[],
					perm: s.perm,
					nonNegative: x.nonNegative
				}
			],
			ctx.name
		);
		return [out!];
	};
}

export const convHandlers: Record<string, Handler> = {
	Conv2D: convolution(false, false),
	_FusedConv2D: convolution(false, true),
	DepthwiseConv2dNative: convolution(true, false),
	DepthwiseConv2d: convolution(true, false),
	FusedDepthwiseConv2dNative: convolution(true, true),
	_FusedDepthwiseConv2dNative: convolution(true, true),
	Conv2DBackpropInput,
	MaxPool: pool('MaxPool'),
	AvgPool: pool('AveragePool')
};

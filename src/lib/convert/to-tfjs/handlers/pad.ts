// Pad in its four modes: constant (Pad, PadV2), reflect (MirrorPad), edge and wrap (a GatherV2 per padded axis).
import { ConversionError } from '../../errors.js';
import type { Dim } from '../../graph/value.js';
import { scalar, toNumbers } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { tfAxis, type TfValue } from '../value.js';
import { intsArg } from './attr-inputs.js';
import { emitOp, input, normalizeAxis, type NodeContext, type OpConverter } from './context.js';
import { sliceAxes, type AxisSlice } from './slice.js';

const MODES = ['constant', 'reflect', 'edge', 'wrap'];

/** Pads before and after each ONNX axis: the pads attribute before opset 11, inputs (and axes, 18) after. */
function padsOf(ctx: NodeContext, rank: number): { begin: number[]; end: number[] } {
	const pads = intsArg(ctx, 'pads', 1, 11);
	if (!pads) throw new ConversionError(`node "${ctx.name}" (Pad): pads are required`);
	const all = Array.from({ length: rank }, (_, i) => i);
	const axes = (ctx.opset >= 18 ? intsArg(ctx, 'axes', 3, 18) : undefined) ?? all;
	const begin = new Array<number>(rank).fill(0);
	const end = new Array<number>(rank).fill(0);
	axes.forEach((a, i) => {
		const axis = normalizeAxis(a, rank);
		[begin[axis], end[axis]] = [pads[i]!, pads[i + axes.length]!];
	});
	return { begin, end };
}

/** Where each padded position reads from, for edge (clamp) and wrap (modulo). */
function sourceIndex(mode: string, size: number, begin: number, end: number): number[] {
	return Array.from({ length: begin + size + end }, (_, k) => {
		const i = k - begin;
		return mode === 'edge' ? Math.min(size - 1, Math.max(0, i)) : ((i % size) + size) % size;
	});
}

/** Edge and wrap padding: along each padded axis, a GatherV2 of the positions each output reads. */
function gathered(ctx: NodeContext, x: TfValue, mode: string, b: number[], e: number[]): TfValue {
	ctx.g.rewrite('Pad', `mode=${mode}: a GatherV2 per padded axis`);
	const g = ctx.g;
	for (const axis of x.shape.keys()) {
		if (!b[axis] && !e[axis]) continue;
		const size = x.shape[axis];
		if (typeof size !== 'number')
			throw new ConversionError(
				`node "${ctx.name}" (Pad): mode=${mode} needs the size of axis ${axis}; fix the input's size with --input-shape`
			);
		const refs = [
			g.ref(x),
			g.int32(sourceIndex(mode, size, b[axis]!, e[axis]!), `${ctx.name}/index${axis}`),
			g.int32([tfAxis(x, axis)], `${ctx.name}/axis${axis}`, [])
		];
		const shape = x.shape.map((d, i) => (i === axis ? size + b[i]! + e[i]! : d));
		const out = { dtype: x.dtype, shape, perm: x.perm };
		x = emitOp(ctx, 'GatherV2', refs, { batch_dims: tfAttr.int(0) }, out);
	}
	return x;
}

/** The fill value of constant mode: the value attribute before opset 11, optional input 2 after. */
function fill(ctx: NodeContext, x: TfValue): string | undefined {
	if (ctx.opset < 11) {
		const value = ctx.attrs.float('value', 0);
		if (value === 0) return undefined;
		return ctx.g.ref(ctx.g.constant(scalar('float32', value)), `${ctx.name}/value`);
	}
	const v = ctx.inputs[2];
	if (!v || (v.const && toNumbers(v.const).every((n) => n === 0))) return undefined;
	return ctx.g.ref({ ...v, dtype: x.dtype }, `${ctx.name}/value`);
}

/** Negative pads remove elements: x sliced by them (the positive pads are added after). */
function cropped(ctx: NodeContext, x: TfValue, begin: number[], end: number[]): TfValue {
	const ranges = new Map<number, AxisSlice>();
	x.shape.forEach((_, i) => {
		const [b, e] = [Math.min(0, begin[i]!), Math.min(0, end[i]!)];
		if (b < 0 || e < 0) ranges.set(i, { start: -b, end: e < 0 ? e : 2 ** 31 - 1, step: 1 });
	});
	return ranges.size ? sliceAxes(ctx, x, ranges) : x;
}

const pad: OpConverter = {
	convert: (ctx) => {
		const mode = ctx.attrs.string('mode', 'constant');
		let x = input(ctx, 0);
		const { begin, end } = padsOf(ctx, x.shape.length);
		x = cropped(ctx, x, begin, end);
		const [b, e] = [begin.map((p) => Math.max(0, p)), end.map((p) => Math.max(0, p))];
		const shape: Dim[] = x.shape.map((d, i) =>
			typeof d === 'number' ? d + b[i]! + e[i]! : `${ctx.name}_dim${i}`
		);
		const g = ctx.g;
		const T = tfAttr.dtype(x.dtype);
		const out = { dtype: x.dtype, shape, perm: x.perm };
		if (mode === 'edge' || mode === 'wrap') return [gathered(ctx, x, mode, b, e)];
		const paddings = g.int32(
			x.perm.flatMap((p) => [b[p]!, e[p]!]),
			`${ctx.name}/paddings`,
			[x.perm.length, 2]
		);
		if (mode === 'reflect')
			return [
				emitOp(
					ctx,
					'MirrorPad',
					[g.ref(x), paddings],
					{ mode: tfAttr.str('REFLECT'), T, Tpaddings: tfAttr.dtype('int32') },
					out
				)
			];
		const value = fill(ctx, x);
		const refs = value ? [g.ref(x), paddings, value] : [g.ref(x), paddings];
		return [
			emitOp(ctx, value ? 'PadV2' : 'Pad', refs, { T, Tpaddings: tfAttr.dtype('int32') }, out)
		];
	},
	refuse: (attrs) => {
		const mode = attrs.string('mode', 'constant');
		return MODES.includes(mode) ? undefined : `mode=${mode}`;
	}
};

export const padHandlers: Record<string, OpConverter> = { Pad: pad };

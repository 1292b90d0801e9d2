// Reductions over axes (ReduceMean, ReduceSum, ReduceL2... and ArgMax, ArgMin), held in their input's layout.
import { dropDims } from '../../handlers/layout.js';
import { foldUnary, reduceConst, reshapeConst } from '../../fold.js';
import { sizeOf, type ConstTensor } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { tfAxis, type TfValue } from '../value.js';
import { intsArg } from './attr-inputs.js';
import { broadcastOp } from './elementwise.js';
import { emitOp, input, normalizeAxis, type NodeContext, type OpConverter } from './context.js';

/** An ONNX reduction as TF ops: `before` element-wise, `tf` over the axes, `after` element-wise. */
interface Reduction {
	tf: 'Sum' | 'Mean' | 'Max' | 'Min' | 'Prod';
	before?: { op: string; fn: (x: number) => number };
	after?: { op: string; fn: (x: number) => number };
	/** The opset from which the axes are an input rather than an attribute. */
	axesInput: number;
	/** Folding: the start value and the accumulation. */
	init: number;
	acc: (a: number, x: number) => number;
}

const sum = { tf: 'Sum', init: 0, acc: (a: number, x: number) => a + x } as const;
const abs = { op: 'Abs', fn: Math.abs };
const square = { op: 'Square', fn: (x: number) => x * x };
const log = { op: 'Log', fn: Math.log };

/** The ONNX axes reduced (sorted), or undefined when noop_with_empty_axes leaves the input as it is. */
function reducedAxes(ctx: NodeContext, rank: number, since: number): number[] | undefined {
	const axes = intsArg(ctx, 'axes', 1, since) ?? [];
	if (axes.length === 0 && ctx.attrs.int('noop_with_empty_axes', 0) === 1) return undefined;
	const all = Array.from({ length: rank }, (_, i) => i);
	return axes.length ? axes.map((a) => normalizeAxis(a, rank)).sort((a, b) => a - b) : all;
}

/** `op` over ONNX `axes` of x, through its layout; kept dims stay as size 1. */
export function reduceOver(
	ctx: NodeContext,
	op: string,
	x: TfValue,
	axes: number[],
	keep: boolean,
	suffix?: string
): TfValue {
	const shape = keep
		? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
		: x.shape.filter((_, i) => !axes.includes(i));
	const refs = [
		ctx.g.ref(x),
		ctx.g.int32(
			axes.map((a) => tfAxis(x, a)),
			`${ctx.name}/axes`
		)
	];
	return emitOp(
		ctx,
		op,
		refs,
		{ keep_dims: tfAttr.bool(keep), T: tfAttr.dtype(x.dtype) },
		{ dtype: x.dtype, shape, perm: keep ? x.perm : dropDims(x.perm, axes) },
		suffix
	);
}

function reduction(r: Reduction): OpConverter {
	return {
		convert: (ctx) => {
			const x = input(ctx, 0);
			const axes = reducedAxes(ctx, x.shape.length, r.axesInput);
			const keep = ctx.attrs.int('keepdims', 1) === 1;
			const { before, after } = r;
			const pre = before ? broadcastOp(ctx, before.op, [x], x.dtype, before.op.toLowerCase()) : x;
			const reduced = axes ? reduceOver(ctx, r.tf, pre, axes, keep, after && 'reduce') : pre;
			return [after ? broadcastOp(ctx, after.op, [reduced], x.dtype) : reduced];
		},
		fold: (ctx, [x]) => {
			const axes = reducedAxes(ctx, x!.shape.length, r.axesInput);
			const keep = ctx.attrs.int('keepdims', 1) === 1;
			const map = (t: ConstTensor, s?: { fn: (x: number) => number }) =>
				s ? foldUnary(t, t.dtype, s.fn) : t;
			let t = map(x!, r.before);
			if (axes) {
				const count = sizeOf(axes.map((a) => t.shape[a]!));
				t = reduceConst(t, axes, r.init, r.acc);
				if (r.tf === 'Mean') t = foldUnary(t, t.dtype, (v) => v / count);
				if (!keep)
					t = reshapeConst(
						t,
						t.shape.filter((_, i) => !axes.includes(i))
					);
			}
			return [map(t, r.after)];
		}
	};
}

/** log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the max, so large inputs do not overflow. */
const logSumExp: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const axes = reducedAxes(ctx, x.shape.length, 18);
		if (!axes) return [x];
		ctx.g.rewrite('ReduceLogSumExp', 'm + Log(Sum(Exp(x - m))) with m = Max(x): no overflow');
		const keep = ctx.attrs.int('keepdims', 1) === 1;
		const op = (name: string, operands: TfValue[], suffix?: string) =>
			broadcastOp(ctx, name, operands, x.dtype, suffix);
		const shift = reduceOver(ctx, 'Max', x, axes, true, 'shift');
		const e = op('Exp', [op('Sub', [x, shift], 'shifted')], 'exp');
		const s = reduceOver(ctx, 'Sum', e, axes, keep, 'sum');
		const m = keep ? shift : reduceOver(ctx, 'Max', x, axes, false, 'max');
		return [op('AddV2', [op('Log', [s], 'log'), m])];
	},
	fold: reduction({ ...sum, before: { op: 'Exp', fn: Math.exp }, after: log, axesInput: 18 }).fold
};

/** ArgMax or ArgMin: TF drops the axis, ExpandDims puts it back for keepdims=1. */
function argReduce(op: 'ArgMax' | 'ArgMin'): OpConverter {
	return {
		convert: (ctx) => {
			const x = input(ctx, 0);
			const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.shape.length);
			const t = tfAxis(x, axis);
			const g = ctx.g;
			const keep = ctx.attrs.int('keepdims', 1) === 1;
			const dropped = emitOp(
				ctx,
				op,
				[g.ref(x), g.int32([t], `${ctx.name}/axis`, [])],
				{ T: tfAttr.dtype(x.dtype), output_type: tfAttr.dtype('int32') },
				{
					dtype: 'int64',
					shape: x.shape.filter((_, i) => i !== axis),
					perm: dropDims(x.perm, [axis])
				},
				keep ? op.toLowerCase() : undefined
			);
			if (!keep) return [dropped];
			return [
				emitOp(
					ctx,
					'ExpandDims',
					[dropped.ref, g.int32([t], `${ctx.name}/expand`, [])],
					{ T: tfAttr.dtype('int32') },
					{ dtype: 'int64', shape: x.shape.map((d, i) => (i === axis ? 1 : d)), perm: x.perm }
				)
			];
		},
		refuse: (attrs) =>
			attrs.int('select_last_index', 0) === 1
				? 'select_last_index=1 (TF.js picks the first of equal values)'
				: undefined
	};
}

export const reduceHandlers: Record<string, OpConverter> = {
	ReduceSum: reduction({ ...sum, axesInput: 13 }),
	ReduceMean: reduction({ ...sum, tf: 'Mean', axesInput: 18 }),
	ReduceMax: reduction({ tf: 'Max', init: -Infinity, acc: Math.max, axesInput: 18 }),
	ReduceMin: reduction({ tf: 'Min', init: Infinity, acc: Math.min, axesInput: 18 }),
	ReduceProd: reduction({ tf: 'Prod', init: 1, acc: (a, x) => a * x, axesInput: 18 }),
	ReduceL1: reduction({ ...sum, before: abs, axesInput: 18 }),
	ReduceL2: reduction({
		...sum,
		before: square,
		after: { op: 'Sqrt', fn: Math.sqrt },
		axesInput: 18
	}),
	ReduceSumSquare: reduction({ ...sum, before: square, axesInput: 18 }),
	ReduceLogSum: reduction({ ...sum, after: log, axesInput: 18 }),
	ReduceLogSumExp: logSumExp,
	ArgMax: argReduce('ArgMax'),
	ArgMin: argReduce('ArgMin')
};

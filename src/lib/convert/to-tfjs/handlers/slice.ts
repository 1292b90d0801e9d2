// Ops that cut or repeat along axes: Slice, Split, Tile and Expand, held in their input's layout.
import { ConversionError } from '../../errors.js';
import { broadcastConst, broadcastShapes, gatherConst, sliceConst } from '../../fold.js';
import { identity, isStatic, type Dim } from '../../graph/value.js';
import { allocate, stridesOf, toNumbers, type ConstTensor } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { broadcastDims } from '../layout.js';
import { tfAxis, type TfValue } from '../value.js';
import { intsArg } from './attr-inputs.js';
import { emitOp, input, normalizeAxis, type NodeContext, type OpConverter } from './context.js';

const INT32_MAX = 2 ** 31 - 1;
const int32 = (v: number) => Math.max(-INT32_MAX - 1, Math.min(INT32_MAX, v));

/** One sliced ONNX axis: start, end and step as the node gives them (negative, or past the ends). */
export interface AxisSlice {
	start: number;
	end: number;
	step: number;
}

/** Slice's per-axis ranges by ONNX axis: attributes before opset 10, constant inputs from then on. */
function sliceRanges(ctx: NodeContext, rank: number): Map<number, AxisSlice> {
	const starts = intsArg(ctx, 'starts', 1, 10) ?? [];
	const ends = intsArg(ctx, 'ends', 2, 10) ?? [];
	const axes = intsArg(ctx, 'axes', 3, 10) ?? starts.map((_, i) => i);
	const steps = intsArg(ctx, 'steps', 4, 10) ?? starts.map(() => 1);
	if (steps.includes(0))
		throw new ConversionError(`node "${ctx.name}" (Slice): a step of 0 is not allowed`);
	return new Map(
		axes.map((a, i) => [
			normalizeAxis(a, rank),
			{ start: starts[i]!, end: ends[i]!, step: steps[i]! }
		])
	);
}

/** The range on a dim of known size, as ONNX clamps it: first index, last (exclusive) index, count. */
function clamped(r: AxisSlice, size: number): { start: number; end: number; count: number } {
	const bound = (v: number, lo: number, hi: number) =>
		Math.max(lo, Math.min(hi, v < 0 ? v + size : v));
	const start = r.step > 0 ? bound(r.start, 0, size) : bound(r.start, 0, size - 1);
	const end = r.step > 0 ? bound(r.end, 0, size) : bound(r.end, -1, size - 1);
	return { start, end, count: Math.max(0, Math.ceil((end - start) / r.step)) };
}

function slicedShape(x: { shape: Dim[] }, ranges: Map<number, AxisSlice>, name: string): Dim[] {
	return x.shape.map((d, i) => {
		const r = ranges.get(i);
		if (!r) return d;
		return typeof d === 'number' ? clamped(r, d).count : `${name}_dim${i}`;
	});
}

/** A StridedSlice over TF axes of x; ranges on dims of known size are clamped first, as ONNX does. */
function stridedSlice(
	ctx: NodeContext,
	x: TfValue,
	ranges: Map<number, AxisSlice>,
	shape: Dim[]
): TfValue {
	const axes = x.perm.map((p) => {
		const r = ranges.get(p);
		const size = x.shape[p];
		if (!r) return { begin: 0, end: 0, stride: 1, whole: true, toStart: false };
		const c = typeof size === 'number' ? clamped(r, size) : r;
		// A stop of -1 going backwards (after clamping) means "through index 0": TF says so by the end mask.
		const toStart = typeof size === 'number' && c.end === -1 && r.step < 0;
		return { begin: int32(c.start), end: int32(c.end), stride: r.step, whole: false, toStart };
	});
	const mask = (bit: (a: (typeof axes)[number]) => boolean) =>
		tfAttr.int(axes.reduce((m, a, t) => (bit(a) ? m | (1 << t) : m), 0));
	const g = ctx.g;
	const refs = [
		g.ref(x),
		g.int32(
			axes.map((a) => a.begin),
			`${ctx.name}/begin`
		),
		g.int32(
			axes.map((a) => a.end),
			`${ctx.name}/end`
		),
		g.int32(
			axes.map((a) => a.stride),
			`${ctx.name}/strides`
		)
	];
	const attrs = {
		begin_mask: mask((a) => a.whole),
		end_mask: mask((a) => a.whole || a.toStart),
		ellipsis_mask: tfAttr.int(0),
		new_axis_mask: tfAttr.int(0),
		shrink_axis_mask: tfAttr.int(0),
		T: tfAttr.dtype(x.dtype),
		Index: tfAttr.dtype('int32')
	};
	return emitOp(ctx, 'StridedSlice', refs, attrs, { dtype: x.dtype, shape, perm: x.perm });
}

/** An empty tensor of a known shape: what TF.js's StridedSlice cannot make (it keeps one element). */
const empty = (ctx: NodeContext, x: TfValue, shape: number[]): TfValue =>
	ctx.g.constant({ dtype: x.dtype, shape, data: allocate(x.dtype, 0) } as ConstTensor);

function sliceFold(a: ConstTensor, ranges: Map<number, AxisSlice>): ConstTensor {
	const parts = a.shape.map((d, i) => {
		const r = ranges.get(i);
		return r ? { ...clamped(r, d), step: r.step } : { start: 0, count: d, step: 1 };
	});
	return sliceConst(
		a,
		parts.map((p) => p.start),
		parts.map((p) => p.step),
		parts.map((p) => p.count)
	);
}

/** x sliced along some ONNX axes, in its layout. */
export function sliceAxes(ctx: NodeContext, x: TfValue, ranges: Map<number, AxisSlice>): TfValue {
	const shape = slicedShape(x, ranges, ctx.name);
	if (shape.includes(0) && isStatic(shape)) return empty(ctx, x, shape);
	return stridedSlice(ctx, x, ranges, shape);
}

const slice: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		return [sliceAxes(ctx, x, sliceRanges(ctx, x.shape.length))];
	},
	fold: (ctx, [a]) => [sliceFold(a!, sliceRanges(ctx, a!.shape.length))]
};

/**
 * Split's piece sizes along `size`: the split attribute or input, or num_outputs (opset 18) parts,
 * or as many equal parts as the node has outputs.
 */
function splitSizes(ctx: NodeContext, size: Dim): number[] | number {
	const sizes = intsArg(ctx, 'split', 1, 13);
	if (sizes?.length) return sizes;
	const parts = ctx.attrs.int('num_outputs', ctx.outputs);
	if (typeof size !== 'number') return parts;
	const each = Math.ceil(size / parts);
	return Array.from({ length: parts }, (_, i) => Math.min(each, size - i * each));
}

const split: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.shape.length);
		const sizes = splitSizes(ctx, x.shape[axis]!);
		const g = ctx.g;
		const t = g.int32([tfAxis(x, axis)], `${ctx.name}/axis`, []);
		const T = tfAttr.dtype(x.dtype);
		const n = typeof sizes === 'number' ? sizes : sizes.length;
		const refs =
			typeof sizes === 'number'
				? g.emit('Split', [t, g.ref(x)], { num_split: tfAttr.int(n), T }, ctx.name, n)
				: g.emit(
						'SplitV',
						[g.ref(x), g.int32(sizes, `${ctx.name}/sizes`), t],
						{ num_split: tfAttr.int(n), T, Tlen: tfAttr.dtype('int32') },
						ctx.name,
						n
					);
		return refs.map((ref, i) => ({
			ref,
			dtype: x.dtype,
			shape: x.shape.map((d, k) =>
				k !== axis ? d : typeof sizes === 'number' ? `${ctx.name}_${i}_dim${k}` : sizes[i]!
			),
			perm: x.perm
		}));
	},
	fold: (ctx, [a]) => {
		const axis = normalizeAxis(ctx.attrs.int('axis', 0), a!.shape.length);
		const sizes = splitSizes(ctx, a!.shape[axis]!) as number[];
		return sizes.map((size, i) => {
			const start = sizes.slice(0, i).reduce((s, v) => s + v, 0);
			const range = { start, end: start + size, step: 1 };
			return sliceFold(a!, new Map([[axis, range]]));
		});
	}
};

const tile: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const reps = input(ctx, 1);
		const g = ctx.g;
		const T = tfAttr.dtype(x.dtype);
		if (!reps.const) {
			const plain = g.plain(x, ctx.name);
			const shape = x.shape.map((_, i) => `${ctx.name}_dim${i}`);
			const out = { dtype: x.dtype, shape, perm: identity(shape.length) };
			return [emitOp(ctx, 'Tile', [plain.ref, g.ref(reps)], { T }, out)];
		}
		const r = toNumbers(reps.const);
		const shape = x.shape.map((d, i) =>
			r[i] === 1 ? d : typeof d === 'number' ? d * r[i]! : `${ctx.name}_dim${i}`
		);
		const multiples = g.int32(
			x.perm.map((p) => r[p]!),
			`${ctx.name}/multiples`
		);
		return [
			emitOp(ctx, 'Tile', [g.ref(x), multiples], { T }, { dtype: x.dtype, shape, perm: x.perm })
		];
	},
	fold: (_, [a, reps]) => {
		const r = toNumbers(reps!);
		const shape = a!.shape.map((d, i) => d * r[i]!);
		const [outStrides, strides] = [stridesOf(shape), stridesOf(a!.shape)];
		return [
			gatherConst(a!, shape, (o) =>
				shape.reduce(
					(src, _, d) =>
						src + ((Math.floor(o / outStrides[d]!) % shape[d]!) % a!.shape[d]!) * strides[d]!,
					0
				)
			)
		];
	}
};

/** Expand: numpy broadcasting of x against a shape (either side may hold the 1s), by BroadcastTo. */
const expand: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const s = input(ctx, 1);
		const g = ctx.g;
		const T = tfAttr.dtype(x.dtype);
		const target = s.const
			? broadcastDims([x.shape, toNumbers(s.const)], `node "${ctx.name}" (Expand)`)
			: undefined;
		if (target && isStatic(target)) {
			const same = target.length === x.shape.length;
			if (same && target.every((d, i) => d === x.shape[i])) return [x];
			const held = same ? x : g.plain(x, ctx.name);
			const perm = same ? x.perm : identity(target.length);
			const dims = g.int32(
				perm.map((p) => target[p]!),
				`${ctx.name}/shape`
			);
			const out = { dtype: x.dtype, shape: target, perm };
			return [emitOp(ctx, 'BroadcastTo', [g.ref(held), dims], { T }, out)];
		}
		// A shape known only at run time, or unknown sizes: the broadcast shape is computed by BroadcastArgs.
		const rank = s.shape[0];
		if (typeof rank !== 'number')
			throw new ConversionError(`node "${ctx.name}" (Expand): the shape's length is unknown`);
		ctx.g.rewrite(
			'Expand',
			'a shape known at run time: BroadcastTo(x, BroadcastArgs(Shape(x), shape))'
		);
		const plain = g.plain(x, ctx.name);
		const own = g.emit(
			'Shape',
			[plain.ref],
			{ out_type: tfAttr.dtype('int32') },
			`${ctx.name}/shape_of`
		)[0]!;
		const args = g.emit(
			'BroadcastArgs',
			[own, g.ref(s)],
			{ T: tfAttr.dtype('int32') },
			`${ctx.name}/args`
		)[0]!;
		const shape =
			target ??
			Array.from({ length: Math.max(rank, x.shape.length) }, (_, i) => `${ctx.name}_dim${i}`);
		const out = { dtype: x.dtype, shape, perm: identity(shape.length) };
		return [emitOp(ctx, 'BroadcastTo', [plain.ref, args], { T }, out)];
	},
	fold: (ctx, [a, s]) => [
		broadcastConst(a!, broadcastShapes(a!.shape, toNumbers(s!), `node "${ctx.name}" (Expand)`))
	]
};

export const sliceHandlers: Record<string, OpConverter> = {
	Slice: slice,
	Split: split,
	Tile: tile,
	Expand: expand
};

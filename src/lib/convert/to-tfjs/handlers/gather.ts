// Gathers by index: Gather along one axis (in the data's layout) and GatherElements (a GatherV2 of flat positions).
import { ConversionError } from '../../errors.js';
import { gatherAxisConst, gatherConst } from '../../fold.js';
import { identity, type Dim } from '../../graph/value.js';
import { fromNumbers, numberAt, scalar, sizeOf, stridesOf, toNumbers } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { tfAxis, type TfValue } from '../value.js';
import { broadcastOp } from './elementwise.js';
import {
	emitOp,
	input,
	normalizeAxis,
	staticShape,
	type NodeContext,
	type OpConverter
} from './context.js';
import { reshapeTo } from './shape.js';

/**
 * Indices into a dim of `size` with the negative ones counted from the end, as TF.js reads them (it
 * refuses negative indices): constants are fixed now, tensors get a FloorMod by the size.
 */
function nonNegative(ctx: NodeContext, indices: TfValue, size: Dim, hint: string): TfValue {
	const negative = indices.const ? toNumbers(indices.const).some((i) => i < 0) : true;
	if (!negative) return indices;
	if (typeof size !== 'number') {
		if (indices.const)
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): negative indices into a dim of unknown size; fix the input's size with --input-shape`
			);
		ctx.g.warnings.push(
			`node "${ctx.name}" (${ctx.op}): indices into a dim of unknown size are used as they are (TF.js refuses negative ones); fix the input's size with --input-shape to have them wrapped`
		);
		return indices;
	}
	if (indices.const) {
		const c = indices.const;
		const wrapped = toNumbers(c).map((i) => (i < 0 ? i + size : i));
		return ctx.g.constant(fromNumbers(c.dtype, [...c.shape], wrapped));
	}
	ctx.g.rewrite(
		ctx.op,
		'indices given at run time: FloorMod by the dim size (ONNX allows negative ones)'
	);
	const divisor = ctx.g.constant(scalar(indices.dtype, size));
	return broadcastOp(ctx, 'FloorMod', [indices, divisor], indices.dtype, hint);
}

/** The layout of Gather's output: x's layout with the indices' dims where the gathered axis was. */
function gatheredPerm(perm: readonly number[], axis: number, rank: number): number[] {
	const t = perm.indexOf(axis);
	const moved = (p: number) => (p < axis ? p : p + rank - 1);
	return [
		...perm.slice(0, t).map(moved),
		...Array.from({ length: rank }, (_, k) => axis + k),
		...perm.slice(t + 1).map(moved)
	];
}

const gather: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.shape.length);
		const g = ctx.g;
		const indices = g.plain(nonNegative(ctx, input(ctx, 1), x.shape[axis]!, 'indices'), ctx.name);
		const rank = indices.shape.length;
		const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
		const refs = [
			g.ref(x),
			g.ref(indices, `${ctx.name}/indices`),
			g.int32([tfAxis(x, axis)], `${ctx.name}/axis`, [])
		];
		return [
			emitOp(
				ctx,
				'GatherV2',
				refs,
				{ batch_dims: tfAttr.int(0), Tparams: tfAttr.dtype(x.dtype) },
				{ dtype: x.dtype, shape, perm: gatheredPerm(x.perm, axis, rank) }
			)
		];
	},
	fold: (ctx, [x, indices]) => [
		gatherAxisConst(x!, indices!, normalizeAxis(ctx.attrs.int('axis', 0), x!.shape.length))
	]
};

/** For each index position, the flat offset of its element in x, the gathered axis left out. */
function flatOffsets(xs: number[], is: number[], axis: number): number[] {
	const [strides, outStrides] = [stridesOf(xs), stridesOf(is)];
	return Array.from({ length: sizeOf(is) }, (_, o) =>
		is.reduce(
			(sum, size, d) =>
				d === axis ? sum : sum + (Math.floor(o / outStrides[d]!) % size) * strides[d]!,
			0
		)
	);
}

/** Flat positions into x: offsets + indices * stride (folded now for constant indices). */
function positions(
	ctx: NodeContext,
	indices: TfValue,
	offsets: number[],
	stride: number,
	shape: number[]
): TfValue {
	const g = ctx.g;
	const c = indices.const;
	if (c)
		return g.constant(
			fromNumbers(
				'int32',
				shape,
				offsets.map((o, i) => o + numberAt(c, i) * stride)
			)
		);
	const dtype = indices.dtype;
	const scaled = broadcastOp(
		ctx,
		'Mul',
		[indices, g.constant(scalar(dtype, stride))],
		dtype,
		'stride'
	);
	return broadcastOp(
		ctx,
		'AddV2',
		[scaled, g.constant(fromNumbers(dtype, shape, offsets))],
		dtype,
		'position'
	);
}

/** out[i] = x[i with i[axis] replaced by indices[i]]: x flattened, and one GatherV2 of flat positions. */
const gatherElements: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const xs = staticShape(ctx, x.shape, 'GatherElements');
		const axis = normalizeAxis(ctx.attrs.int('axis', 0), xs.length);
		const indices = nonNegative(ctx, input(ctx, 1), xs[axis]!, 'indices');
		const is = staticShape(ctx, indices.shape, 'GatherElements');
		const stride = stridesOf(xs)[axis]!;
		const offsets = flatOffsets(xs, is, axis);
		const g = ctx.g;
		const flat = reshapeTo(ctx, x, [sizeOf(xs)], 'flat');
		const position = positions(ctx, indices, offsets, stride, is);
		ctx.g.rewrite('GatherElements', 'GatherV2 of flat positions from the flattened data');
		const refs = [
			flat.ref,
			g.ref(g.plain(position, ctx.name), `${ctx.name}/positions`),
			g.int32([0], `${ctx.name}/axis`, [])
		];
		return [
			emitOp(
				ctx,
				'GatherV2',
				refs,
				{ batch_dims: tfAttr.int(0), Tparams: tfAttr.dtype(x.dtype) },
				{ dtype: x.dtype, shape: is, perm: identity(is.length) }
			)
		];
	},
	fold: (ctx, [x, indices]) => {
		const axis = normalizeAxis(ctx.attrs.int('axis', 0), x!.shape.length);
		const stride = stridesOf(x!.shape)[axis]!;
		const size = x!.shape[axis]!;
		const offsets = flatOffsets(x!.shape, indices!.shape, axis);
		return [
			gatherConst(x!, [...indices!.shape], (i) => {
				const k = numberAt(indices!, i);
				return offsets[i]! + (k < 0 ? k + size : k) * stride;
			})
		];
	}
};

export const gatherHandlers: Record<string, OpConverter> = {
	Gather: gather,
	GatherElements: gatherElements
};

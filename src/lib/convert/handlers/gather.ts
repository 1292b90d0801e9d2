// Gather and GatherND. GatherND becomes a Gather on the params flattened over the indexed dims, which
// keeps the params' layout (no Transpose), runs on WebGL, and avoids onnxruntime-web's WebGPU GatherND
// kernel (it fails on movenet's shapes with "Uniform variable 6 mismatch").
import { ConversionError } from '../errors.js';
import { gatherAxisConst } from '../fold.js';
import { identity, isStatic, onnxShape, type Value } from '../graph/value.js';
import { fromNumbers, sizeOf } from '../tensor.js';
import { constInput, input, normalizeAxis, type Handler, type NodeContext } from './context.js';
import { binary, cast } from './elementwise.js';
import { reshape } from './reshape.js';
import { expandDims, split } from './shape.js';

/**
 * ONNX Gather of `params` (in any layout) along TF axis `axis` with `indices` (TF order); the output's
 * layout follows the params': the gathered dim is replaced by the index dims.
 */
export function gatherAxis(
	ctx: NodeContext,
	params: Value,
	indices: Value,
	axis: number,
	name = ctx.name
): Value {
	const r = indices.shape.length;
	const shape = [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)];
	const perm = params.perm.flatMap((p) =>
		p === axis ? Array.from({ length: r }, (_, i) => axis + i) : [p < axis ? p : p + r - 1]
	);
	const index = ctx.g.canonical(indices);
	const [out] = ctx.g.emit(
		'Gather',
		[ctx.g.use(params), ctx.g.use(index)],
		{ axis: params.perm.indexOf(axis) },
		[{ dtype: params.dtype, shape, perm, nonNegative: params.nonNegative }],
		name
	);
	return out!;
}

const GatherV2: Handler = (ctx) => {
	const params = input(ctx, 0);
	const indices = input(ctx, 1);
	const given = ctx.inputs.length > 2 ? Number(constInput(ctx, 2, 'the axis').data[0]) : 0;
	const axis = normalizeAxis(given, params.shape.length);
	if (ctx.attrs.int('batch_dims', 0) !== 0) {
		throw new ConversionError(`node "${ctx.name}": GatherV2 converts only with batch_dims 0`);
	}
	if (params.const && indices.const)
		return [ctx.g.constant(gatherAxisConst(params.const, indices.const, axis))];
	return [gatherAxis(ctx, params, indices, axis)];
};

/** Flat positions from index tuples: the sum of index * stride over the indices' last axis. */
function flatIndex(ctx: NodeContext, indices: Value, strides: number[]): Value {
	const last = indices.shape.length - 1;
	const columns = split(ctx, indices, last, new Array<number>(strides.length).fill(1));
	const terms = columns.map((c, j) => {
		const stride = ctx.g.constant(fromNumbers(indices.dtype, [], [strides[j]!]));
		return strides[j] === 1
			? c
			: binary(ctx, 'Mul', c, stride, { suffix: `stride${j}`, fold: (x, y) => x * y });
	});
	const sum = terms.reduce((a, b, j) =>
		binary(ctx, 'Add', a, b, { suffix: `flat${j}`, fold: (x, y) => x + y })
	);
	return reshape(ctx, sum, indices.shape.slice(0, -1), 'index');
}

/** For each element of one gathered slice (TF order), its offset in memory. */
function sliceOffsets(rest: number[], strides: number[]): number[] {
	return Array.from({ length: sizeOf(rest) }, (_, i) => {
		let offset = 0;
		for (let k = rest.length - 1, r = i; k >= 0; k--) {
			offset += (r % rest[k]!) * strides[k]!;
			r = Math.floor(r / rest[k]!);
		}
		return offset;
	});
}

/**
 * GatherND as a Gather from the params' memory, flattened as they are held: each element's position
 * comes from the index tuple and the held layout's strides, so no layout needs a Transpose. Params of
 * dynamic shape keep ONNX GatherND (in TF layout).
 */
function gatherNd(ctx: NodeContext, params: Value, indices: Value, depth: number): Value {
	const held = onnxShape(params);
	const rest = params.shape.slice(depth);
	if (!isStatic(held) || !isStatic(rest)) {
		const shape = [...indices.shape.slice(0, -1), ...rest];
		const index64 = cast(ctx, ctx.g.canonical(indices), 'int64', 'indices');
		const spec = { dtype: params.dtype, shape, nonNegative: params.nonNegative };
		return ctx.g.emit(
			'GatherND',
			[ctx.g.canonical(params).name, index64.name],
			{},
			[spec],
			ctx.name
		)[0]!;
	}
	const stride = (d: number) => held.slice(params.perm.indexOf(d) + 1).reduce((p, s) => p * s, 1);
	let index = flatIndex(
		ctx,
		indices,
		Array.from({ length: depth }, (_, j) => stride(j))
	);
	if (rest.length > 0) {
		const offsets = sliceOffsets(
			rest,
			rest.map((_, k) => stride(depth + k))
		);
		const slot = expandDims(ctx, index, index.shape.length, 'slot');
		const table = ctx.g.constant(fromNumbers(indices.dtype, [offsets.length], offsets));
		index = binary(ctx, 'Add', slot, table, {
			suffix: 'element',
			fold: (x, y) => x + y,
			nonNegative: true
		});
	}
	ctx.g.rewrite(
		ctx.op,
		'Gather of elements from the params as held in memory (no Transpose; WebGPU GatherND fails)'
	);
	const memory: Value = { ...params, shape: held, perm: identity(held.length) };
	const flat = reshape(ctx, memory, [sizeOf(held)], 'flat');
	const gathered = gatherAxis(ctx, flat, index, 0, `${ctx.name}/gather`);
	return reshape(ctx, gathered, [...indices.shape.slice(0, -1), ...rest]);
}

const GatherNd: Handler = (ctx) => {
	const params = input(ctx, 0);
	const indices = input(ctx, 1);
	const depth = indices.shape[indices.shape.length - 1];
	if (typeof depth !== 'number') {
		throw new ConversionError(`node "${ctx.name}": GatherNd needs a static index depth`);
	}
	return [gatherNd(ctx, params, indices, depth)];
};

export const gatherHandlers: Record<string, Handler> = { GatherV2, Gather: GatherV2, GatherNd };

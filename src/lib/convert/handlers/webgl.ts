// Exact rewrites of ops the WebGL EP lacks (ArgMax, GatherND, Split) into ops it has (--target webgl).
import type { Value } from '../graph/value.js';
import { fromNumbers } from '../tensor.js';
import { staticShape, type NodeContext } from './context.js';
import { binary, cast } from './elementwise.js';
import { dropDims, int64, onnxAxis } from './layout.js';
import { reshape } from './reshape.js';

/**
 * ArgMax as the first position holding the maximum: mask = (x == max(x)), then
 * N - max(mask * (N - i)). Every step is exact while N < 2^24.
 */
export function argMaxByMask(ctx: NodeContext, x: Value, axis: number): Value {
	const g = ctx.g;
	const a = onnxAxis(x, axis);
	const n = staticShape(ctx, [x.shape[axis]!], 'ArgMax on WebGL')[0]!;
	const keptShape = x.shape.map((d, i) => (i === axis ? 1 : d));
	const [max] = g.emit(
		'ReduceMax',
		[x.name],
		{ axes: [a], keepdims: 1 },
		[{ dtype: x.dtype, shape: keptShape, perm: x.perm }],
		`${ctx.name}/max`
	);
	const isMax = binary(ctx, 'Equal', x, max!, { dtype: 'bool', suffix: 'is_max' });
	const mask = cast(ctx, isMax, 'float32', 'mask');
	const ramp = fromNumbers(
		'float32',
		x.shape.map((_, i) => (i === axis ? n : 1)),
		Array.from({ length: n }, (_, i) => n - i)
	);
	const scored = binary(ctx, 'Mul', mask, g.constant(ramp), { suffix: 'scored' });
	const [best] = g.emit(
		'ReduceMax',
		[scored.name],
		{ axes: [a], keepdims: 0 },
		[
			{
				dtype: 'float32',
				shape: x.shape.filter((_, i) => i !== axis),
				perm: dropDims(x.perm, [axis])
			}
		],
		`${ctx.name}/best`
	);
	const first = binary(ctx, 'Sub', g.constant(fromNumbers('float32', [], [n])), best!, {
		suffix: 'first',
		nonNegative: true
	});
	return cast(ctx, first, 'int32');
}

/** GatherND as Gather on the params flattened over the indexed dims (flat index = sum of index * stride). */
export function gatherNdByGather(ctx: NodeContext, params: Value, indices: Value): Value {
	const g = ctx.g;
	const depth = indices.shape[indices.shape.length - 1] as number;
	const dims = staticShape(ctx, params.shape.slice(0, depth), 'GatherND on WebGL');
	const strides = dims.map((_, j) => dims.slice(j + 1).reduce((p, d) => p * d, 1));
	const columns = splitBySlices(
		ctx,
		indices,
		indices.shape.length - 1,
		new Array<number>(depth).fill(1)
	);
	const flat = columns
		.map((c, j) =>
			strides[j] === 1
				? c
				: binary(ctx, 'Mul', c, g.constant(fromNumbers(indices.dtype, [], [strides[j]!])), {
						suffix: `stride${j}`
					})
		)
		.reduce((sum, term, j) => binary(ctx, 'Add', sum, term, { suffix: `flat${j}` }));
	const index = reshape(ctx, flat, indices.shape.slice(0, -1), 'index');
	const table = reshape(
		ctx,
		params,
		[dims.reduce((p, d) => p * d, 1), ...params.shape.slice(depth)],
		'table'
	);
	const [out] = g.emit(
		'Gather',
		[g.canonical(table).name, g.canonical(index).name],
		{ axis: 0 },
		[{ dtype: params.dtype, shape: [...indices.shape.slice(0, -1), ...params.shape.slice(depth)] }],
		ctx.name
	);
	return out!;
}

/** Split as one Slice per piece (WebGL's Split stops at opset 12); pieces keep x's layout. */
export function splitBySlices(ctx: NodeContext, x: Value, axis: number, sizes: number[]): Value[] {
	const g = ctx.g;
	const a = onnxAxis(x, axis);
	let start = 0;
	return sizes.map((size, k) => {
		const operands = [
			x.name,
			g.initializer(int64([start]), `${ctx.name}/starts${k}`),
			g.initializer(int64([start + size]), `${ctx.name}/ends${k}`),
			g.initializer(int64([a]), `${ctx.name}/axes${k}`)
		];
		start += size;
		const shape = x.shape.map((d, i) => (i === axis ? size : d));
		const spec = { dtype: x.dtype, shape, perm: x.perm, nonNegative: x.nonNegative };
		const [piece] = g.emit('Slice', operands, {}, [spec], `${ctx.name}/piece${k}`);
		return piece!;
	});
}

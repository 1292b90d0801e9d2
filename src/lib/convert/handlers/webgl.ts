// Exact rewrites of ops the WebGL EP lacks into ops it has (--target webgl).
import type { Value } from '../graph/value.js';
import { fromNumbers } from '../tensor.js';
import { staticShape, type NodeContext } from './context.js';
import { binary, cast } from './elementwise.js';
import { dropDims, onnxAxis } from './layout.js';

/**
 * ArgMax as the first position holding the maximum: mask = (x == max(x)), then
 * N - max(mask * (N - i)). Every step is exact while N < 2^24.
 */
export function argMaxByMask(ctx: NodeContext, x: Value, axis: number): Value {
	const g = ctx.g;
	g.rewrite(ctx.op, 'max mask and ramp, since WebGL has no ArgMax');
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

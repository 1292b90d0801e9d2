// MatMul, BatchMatMul and _FusedMatMul: transposes of constant operands fold into the weights.
import { identity, type Value } from '../graph/value.js';
import { input, type Handler, type NodeContext } from './context.js';
import { fusedActivation, fusedParts } from './activation.js';
import { binary } from './elementwise.js';

/** v with its last two dims swapped when `swap` is set (free for constants). */
function maybeSwapped(ctx: NodeContext, v: Value, swap: boolean): Value {
	const rank = v.shape.length;
	if (!swap) return ctx.g.canonical(v);
	const perm = identity(rank);
	[perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
	const held = ctx.g.inLayout(v, perm);
	return { ...held, shape: perm.map((p) => v.shape[p]!), perm: identity(rank) };
}

function matmul(fused: boolean, swapA: string, swapB: string): Handler {
	return (ctx) => {
		const a = maybeSwapped(ctx, input(ctx, 0), ctx.attrs.bool(swapA));
		const b = maybeSwapped(ctx, input(ctx, 1), ctx.attrs.bool(swapB));
		const batch = a.shape.length >= b.shape.length ? a.shape.slice(0, -2) : b.shape.slice(0, -2);
		const shape = [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!];
		const { bias, activation, alpha } = fused ? fusedParts(ctx, 2) : {};
		const last = !bias && !activation;
		const [product] = ctx.g.emit(
			'MatMul',
			[ctx.g.use(a, `${ctx.name}/a`), ctx.g.use(b, `${ctx.name}/b`)],
			{},
			[{ dtype: a.dtype, shape }],
			last ? ctx.name : `${ctx.name}/matmul`
		);
		const biased = bias
			? binary(ctx, 'Add', product!, bias, { suffix: activation ? 'bias' : undefined })
			: product!;
		return [fusedActivation(ctx, activation, biased, alpha)];
	};
}

export const matmulHandlers: Record<string, Handler> = {
	MatMul: matmul(false, 'transpose_a', 'transpose_b'),
	_FusedMatMul: matmul(true, 'transpose_a', 'transpose_b'),
	BatchMatMul: matmul(false, 'adj_x', 'adj_y'),
	BatchMatMulV2: matmul(false, 'adj_x', 'adj_y')
};

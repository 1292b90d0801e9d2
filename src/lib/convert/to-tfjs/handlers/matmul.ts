// Matrix products: MatMul (numpy's batching and broadcasting, 1-D operands) and Gemm (as _FusedMatMul with a bias when it can).
import { ConversionError } from '../../errors.js';
import { broadcastConst, foldUnary, reshapeConst } from '../../fold.js';
import { identity, isStatic, type Dim } from '../../graph/value.js';
import { scalar, sizeOf, type ConstTensor } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { broadcastDims } from '../layout.js';
import type { TfValue } from '../value.js';
import { broadcastOp } from './elementwise.js';
import { emitOp, input, type NodeContext, type OpConverter } from './context.js';

/** A matrix operand as TF reads it: the tensor, whether it holds the ONNX matrix transposed, its ONNX shape. */
interface Operand {
	ref: string;
	transposed: boolean;
	shape: Dim[];
}

/** The last two dims swapped, the rest in place: a layout TF's matmul reads with its transpose flag. */
const swapsLastTwo = (perm: readonly number[]): boolean => {
	const n = perm.length;
	return (
		n >= 2 &&
		perm[n - 2] === n - 1 &&
		perm[n - 1] === n - 2 &&
		perm.slice(0, -2).every((p, i) => p === i)
	);
};

/** v with its batch dims broadcast to `batch` (TF.js's kernels only broadcast a batch of 1). */
function operand(ctx: NodeContext, v: TfValue, batch: Dim[], hint: string): Operand {
	const g = ctx.g;
	const matrix = v.shape.slice(-2);
	const own = v.shape.slice(0, -2);
	const fits = !isStatic(own) || !isStatic(batch) || [1, sizeOf(batch)].includes(sizeOf(own));
	if (v.const) {
		const full = fits ? v.const : broadcastConst(v.const, [...batch, ...matrix] as number[]);
		return { ref: g.ref(g.constant(full), hint), transposed: false, shape: full.shape };
	}
	const transposed = swapsLastTwo(v.perm);
	const held = transposed ? v : g.plain(v, hint);
	if (fits) return { ref: held.ref, transposed, shape: v.shape };
	const target = [...batch, ...(transposed ? [...matrix].reverse() : matrix)] as number[];
	const ref = g.emit(
		'BroadcastTo',
		[held.ref, g.int32(target, `${hint}/shape`)],
		{ T: tfAttr.dtype(v.dtype) },
		`${hint}/broadcast`
	)[0]!;
	return { ref, transposed, shape: [...batch, ...matrix] };
}

/** A 1-D operand as a matrix: a row for A, a column for B (numpy's rule, undone after the product). */
function promoted(ctx: NodeContext, v: TfValue, axis: 0 | 1, hint: string): TfValue {
	if (v.shape.length !== 1) return v;
	const shape: Dim[] = axis === 0 ? [1, v.shape[0]!] : [v.shape[0]!, 1];
	if (v.const) return ctx.g.constant(reshapeConst(v.const, shape as number[]));
	const ref = ctx.g.emit(
		'ExpandDims',
		[v.ref, ctx.g.int32([axis], `${hint}/axis`, [])],
		{ T: tfAttr.dtype(v.dtype) },
		`${hint}/expand`
	)[0]!;
	return { ref, dtype: v.dtype, shape, perm: [0, 1] };
}

/**
 * a @ b by TF's MatMul (2-D) or BatchMatMulV2, or _FusedMatMul when a bias ref is given; `flip` asks
 * for an operand's transpose on top of its layout.
 */
function product(
	ctx: NodeContext,
	a: TfValue,
	b: TfValue,
	options: { flip?: [boolean, boolean]; bias?: string; suffix?: string } = {}
): TfValue {
	const where = `node "${ctx.name}" (${ctx.op})`;
	if (a.shape.length < 2 || b.shape.length < 2)
		throw new ConversionError(`${where}: operands must have rank 2 or more`);
	const [fa, fb] = options.flip ?? [false, false];
	const batch = broadcastDims([a.shape.slice(0, -2), b.shape.slice(0, -2)], where);
	const [x, y] = [operand(ctx, a, batch, `${ctx.name}/a`), operand(ctx, b, batch, `${ctx.name}/b`)];
	const [ta, tb] = [x.transposed !== fa, y.transposed !== fb];
	const rows = x.shape[x.shape.length - (fa ? 1 : 2)]!;
	const cols = y.shape[y.shape.length - (fb ? 2 : 1)]!;
	const shape = [...batch, rows, cols];
	const out = { dtype: a.dtype, shape, perm: identity(shape.length) };
	const T = tfAttr.dtype(a.dtype);
	const flags = { transpose_a: tfAttr.bool(ta), transpose_b: tfAttr.bool(tb), T };
	if (options.bias) {
		const fused = { num_args: tfAttr.int(1), fused_ops: tfAttr.strs(['BiasAdd']) };
		return emitOp(ctx, '_FusedMatMul', [x.ref, y.ref, options.bias], { ...flags, ...fused }, out);
	}
	if (x.shape.length === 2 && y.shape.length === 2)
		return emitOp(ctx, 'MatMul', [x.ref, y.ref], flags, out, options.suffix);
	const adj = { adj_x: tfAttr.bool(ta), adj_y: tfAttr.bool(tb), T };
	return emitOp(ctx, 'BatchMatMulV2', [x.ref, y.ref], adj, out, options.suffix);
}

const matMul: OpConverter = {
	convert: (ctx) => {
		const [a, b] = [input(ctx, 0), input(ctx, 1)];
		const vectors = [a.shape.length === 1, b.shape.length === 1];
		const suffix = vectors.some(Boolean) ? 'matmul' : undefined;
		const out = product(
			ctx,
			promoted(ctx, a, 0, `${ctx.name}/a`),
			promoted(ctx, b, 1, `${ctx.name}/b`),
			{ suffix }
		);
		if (!suffix) return [out];
		const rank = out.shape.length;
		const dropped = [vectors[0] ? rank - 2 : -1, vectors[1] ? rank - 1 : -1].filter((d) => d >= 0);
		const shape = out.shape.filter((_, i) => !dropped.includes(i));
		return [
			emitOp(
				ctx,
				'Squeeze',
				[out.ref],
				{ squeeze_dims: tfAttr.ints(dropped), T: tfAttr.dtype(a.dtype) },
				{ dtype: a.dtype, shape, perm: identity(shape.length) }
			)
		];
	}
};

const scaled = (ctx: NodeContext, t: ConstTensor, k: number): TfValue =>
	ctx.g.constant(k === 1 ? t : foldUnary(t, t.dtype, (x) => x * k));

/** C as a bias vector of length n, when it broadcasts along rows only. */
function biasVector(c: ConstTensor, n: Dim): ConstTensor | undefined {
	if (typeof n !== 'number' || c.shape.length > 2 || (c.shape.length === 2 && c.shape[0] !== 1))
		return undefined;
	return broadcastConst(reshapeConst(c, c.shape.slice(-1)), [n]);
}

/** alpha * A' B' + beta * C, with alpha and beta folded into constant operands where they can be. */
const gemm: OpConverter = {
	convert: (ctx) => {
		const at = ctx.attrs;
		const [alpha, beta] = [at.float('alpha', 1), at.float('beta', 1)];
		const flip: [boolean, boolean] = [at.int('transA', 0) === 1, at.int('transB', 0) === 1];
		let [a, b] = [input(ctx, 0), input(ctx, 1)];
		const c = ctx.inputs[2];
		let rest = alpha;
		if (alpha !== 1 && b.const) [b, rest] = [scaled(ctx, b.const, alpha), 1];
		else if (alpha !== 1 && a.const) [a, rest] = [scaled(ctx, a.const, alpha), 1];
		const n = b.shape[flip[1] ? 0 : 1]!;
		const bias = c?.const && rest === 1 ? biasVector(c.const, n) : undefined;
		if (bias) {
			ctx.g.rewrite('Gemm', '_FusedMatMul with BiasAdd (alpha and beta folded into the constants)');
			const ref = ctx.g.ref(scaled(ctx, bias, beta), `${ctx.name}/bias`);
			return [product(ctx, a, b, { flip, bias: ref })];
		}
		let out = product(ctx, a, b, { flip, suffix: rest !== 1 || c ? 'matmul' : undefined });
		if (rest !== 1)
			out = broadcastOp(
				ctx,
				'Mul',
				[out, ctx.g.constant(scalar('float32', rest))],
				out.dtype,
				'alpha'
			);
		if (!c) return [out];
		const term = c.const
			? scaled(ctx, c.const, beta)
			: beta === 1
				? c
				: broadcastOp(ctx, 'Mul', [c, ctx.g.constant(scalar('float32', beta))], c.dtype, 'beta');
		return [broadcastOp(ctx, 'AddV2', [out, term], out.dtype)];
	}
};

export const matmulHandlers: Record<string, OpConverter> = { MatMul: matMul, Gemm: gemm };

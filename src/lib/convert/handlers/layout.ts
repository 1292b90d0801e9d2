// Layout helpers shared by handlers: bring operands to a common ONNX layout, map axes through it.
import type { GraphBuilder } from '../graph/builder.js';
import { identity, isIdentity, restrictPerm, type Dim, type Value } from '../graph/value.js';
import { reshapeConst } from '../fold.js';

/** The ONNX axis that holds TF axis `axis` of v. */
export const onnxAxis = (v: Value, axis: number): number => v.perm.indexOf(axis);

/** The layout after removing TF dims `removed` (a reduction or squeeze without keep_dims). */
export function dropDims(perm: readonly number[], removed: readonly number[]): number[] {
	return perm
		.filter((p) => !removed.includes(p))
		.map((p) => p - removed.filter((r) => r < p).length);
}

/** Chooses the layout for an op that works element by element: the first non-identity one of full rank. */
export function commonPerm(values: readonly Value[], rank: number): number[] {
	const held = values.find((v) => !v.const && v.shape.length === rank && !isIdentity(v.perm));
	return held ? [...held.perm] : identity(rank);
}

/**
 * The ONNX name of v, ready to broadcast against a tensor of `rank` dims held in `perm`. A lower-rank
 * operand is moved into the matching layout of its own dims, then given size-1 dims where the
 * missing leading dims sit in `perm`.
 */
export function alignOperand(
	g: GraphBuilder,
	v: Value,
	rank: number,
	perm: readonly number[],
	hint: string
): string {
	if (v.const && v.const.shape.every((d) => d === 1)) return g.use(v, hint);
	if (v.shape.length === rank) return g.inLayout(v, perm, hint).name;
	const pad = rank - v.shape.length;
	const padded: Dim[] = [...new Array<Dim>(pad).fill(1), ...v.shape];
	if (v.const)
		return g.inLayout(g.constant(reshapeConst(v.const, padded as number[])), perm, hint).name;
	const held = g.inLayout(v, restrictPerm(perm, v.shape.length), hint);
	// Numpy broadcasting adds the leading dims itself when they lead in the layout too.
	const missing = perm.flatMap((p, k) => (p < pad ? [k] : []));
	if (missing.every((k, i) => k === i)) return held.name;
	const axes = g.initializer(int64(missing), `${hint}/axes`);
	const spec = { dtype: v.dtype, shape: padded, perm: [...perm] };
	return g.emit('Unsqueeze', [held.name, axes], {}, [spec], `${hint}/rank`)[0]!.name;
}

export function int64(values: number[], shape = [values.length]) {
	return { dtype: 'int64' as const, shape, data: BigInt64Array.from(values.map((v) => BigInt(v))) };
}

// Layout helpers shared by handlers: bring operands to a common ONNX layout, map axes through it.
import type { GraphBuilder } from '../graph/builder.js';
import { identity, isIdentity, type Dim, type Value } from '../graph/value.js';
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
 * The ONNX name of v, ready to broadcast against a tensor of `rank` dims held in `perm`:
 * lower-rank operands are given leading 1s first, then moved into the layout.
 */
export function alignOperand(
	g: GraphBuilder,
	v: Value,
	rank: number,
	perm: readonly number[],
	hint: string
): string {
	if (isIdentity(perm) || (v.const && v.const.shape.every((d) => d === 1))) return g.use(v, hint);
	if (v.shape.length === rank) return g.inLayout(v, perm, hint).name;
	const padded: Dim[] = [...new Array<Dim>(rank - v.shape.length).fill(1), ...v.shape];
	if (v.const) {
		const full = g.constant(reshapeConst(v.const, padded as number[]));
		return g.inLayout(full, perm, hint).name;
	}
	const [expanded] = g.emit(
		'Unsqueeze',
		[
			g.canonical(v).name,
			g.initializer(
				int64(Array.from({ length: rank - v.shape.length }, (_, i) => i)),
				`${hint}/axes`
			)
		],
		{},
		[{ dtype: v.dtype, shape: padded }],
		`${hint}/rank`
	);
	return g.inLayout(expanded!, perm, hint).name;
}

export function int64(values: number[], shape = [values.length]) {
	return { dtype: 'int64' as const, shape, data: BigInt64Array.from(values.map((v) => BigInt(v))) };
}

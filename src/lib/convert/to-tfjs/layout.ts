// Brings operands of an element-wise op to one TF layout, and the broadcast shape they make.
import { ConversionError } from '../errors.js';
import { identity, isIdentity, type Dim } from '../graph/value.js';
import { reshapeConst } from '../fold.js';
import type { TfGraphBuilder } from './builder.js';
import type { TfValue } from './value.js';

/** Numpy broadcasting of ONNX shapes with unknown dims. */
export function broadcastDims(shapes: readonly (readonly Dim[])[], where: string): Dim[] {
	const rank = Math.max(...shapes.map((s) => s.length));
	return Array.from({ length: rank }, (_, i) => {
		const dims = shapes.map((s) => s[s.length - rank + i] ?? 1).filter((d) => d !== 1);
		const sizes = new Set(dims.filter((d) => typeof d === 'number'));
		if (sizes.size > 1)
			throw new ConversionError(
				`${where}: shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(' and ')} do not broadcast`
			);
		return [...sizes][0] ?? dims[0] ?? 1;
	});
}

/**
 * The layout for an element-wise op: that of its first full-rank non-constant operand that is not held
 * as ONNX holds it, when every other non-constant operand has full rank too; ONNX's own otherwise.
 */
export function commonPerm(values: readonly TfValue[], rank: number): number[] {
	const live = values.filter((v) => !v.const);
	const held = live.find((v) => v.shape.length === rank && !isIdentity(v.perm));
	if (held && live.every((v) => v.shape.length === rank)) return [...held.perm];
	return identity(rank);
}

/** The TF ref of v, ready to broadcast against a tensor of `rank` dims held in `perm`. */
export function aligned(
	g: TfGraphBuilder,
	v: TfValue,
	rank: number,
	perm: readonly number[],
	hint: string
): string {
	if (v.const) {
		const c = v.const;
		if (c.shape.every((d) => d === 1)) return g.ref(g.constant(reshapeConst(c, [])), hint);
		const full =
			c.shape.length === rank
				? c
				: reshapeConst(c, [...new Array<number>(rank - c.shape.length).fill(1), ...c.shape]);
		return g.ref({ ...g.constant(full), perm: [...perm] }, hint);
	}
	if (v.shape.length === rank) return g.inLayout(v, perm, hint).ref;
	// Lower-rank live operands broadcast by numpy's rule only in ONNX's own layout (commonPerm chose it).
	return g.plain(v, hint).ref;
}

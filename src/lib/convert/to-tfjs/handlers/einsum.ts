// Einsum by TF.js's own Einsum, for the equations it takes: one or two operands, no ellipsis, no repeated label in a term.
import { identity } from '../../graph/value.js';
import { tfAttr } from '../tf-attrs.js';
import type { TfValue } from '../value.js';
import { emitOp, type OpConverter } from './context.js';

/** The equation with its output spelt out: ONNX's implicit form lists the labels used once, sorted. */
function explicit(equation: string): string {
	const eq = equation.replace(/\s/g, '');
	if (eq.includes('->')) return eq;
	const labels = eq.replace(/,/g, '').split('');
	const once = labels.filter((l) => labels.indexOf(l) === labels.lastIndexOf(l));
	return `${eq}->${[...new Set(once)].sort().join('')}`;
}

const einsum: OpConverter = {
	convert: (ctx) => {
		const equation = explicit(ctx.attrs.string('equation'));
		const operands = ctx.inputs
			.filter((v): v is TfValue => v !== undefined)
			.map((v, i) => ctx.g.plain(v, `${ctx.name}/in${i}`));
		const [terms, result] = equation.split('->') as [string, string];
		const sizes = new Map(
			terms
				.split(',')
				.flatMap((term, i) => [...term].map((l, k) => [l, operands[i]!.shape[k]!] as const))
		);
		const shape = result.split('').map((l) => sizes.get(l)!);
		return [
			emitOp(
				ctx,
				'Einsum',
				operands.map((v, i) => ctx.g.ref(v, `${ctx.name}/in${i}`)),
				{
					equation: tfAttr.str(equation),
					N: tfAttr.int(operands.length),
					T: tfAttr.dtype(operands[0]!.dtype)
				},
				{ dtype: operands[0]!.dtype, shape, perm: identity(shape.length) }
			)
		];
	},
	refuse: (attrs) => {
		const equation = attrs.string('equation').replace(/\s/g, '');
		const terms = equation.split('->')[0]!.split(',');
		if (equation.includes('...')) return "an ellipsis (TF.js's Einsum has none)";
		if (terms.length > 2) return `${terms.length} operands (TF.js's Einsum takes at most 2)`;
		if (terms.some((t) => new Set(t).size !== t.length))
			return "a label repeated in one term (a trace or diagonal: TF.js's Einsum has none)";
		return undefined;
	}
};

export const einsumHandlers: Record<string, OpConverter> = { Einsum: einsum };

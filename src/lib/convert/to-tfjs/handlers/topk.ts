// TopK by TF's TopKV2, which works on the last axis and only for the largest: the axis is moved last, the smallest negated.
import { toNumbers } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import type { TfValue } from '../value.js';
import { broadcastOp } from './elementwise.js';
import { input, normalizeAxis, type NodeContext, type OpConverter } from './context.js';

/** k: the k attribute before opset 10, input 1 from then on (known at conversion time or not). */
function kOf(ctx: NodeContext): number | TfValue {
	if (ctx.opset < 10) return ctx.attrs.int('k');
	const k = input(ctx, 1);
	return k.const ? toNumbers(k.const)[0]! : k;
}

const topK: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const axis = normalizeAxis(ctx.attrs.int('axis', -1), x.shape.length);
		const largest = ctx.attrs.int('largest', 1) === 1;
		const k = kOf(ctx);
		const g = ctx.g;
		// Held with the axis last; the outputs stay in that layout.
		let held = g.inLayout(x, [...x.perm.filter((p) => p !== axis), axis], ctx.name);
		if (!largest) {
			ctx.g.rewrite('TopK', 'largest=0: TopKV2 of the negated input, values negated back');
			held = broadcastOp(ctx, 'Neg', [held], x.dtype, 'negate');
		}
		const kRef = typeof k === 'number' ? g.int32([k], `${ctx.name}/k`, []) : g.ref(k);
		const [values, indices] = g.emit(
			'TopKV2',
			[held.ref, kRef],
			{ sorted: tfAttr.bool(true), T: tfAttr.dtype(x.dtype) },
			largest ? ctx.name : `${ctx.name}/topk`,
			2
		) as [string, string];
		const shape = x.shape.map((d, i) =>
			i !== axis ? d : typeof k === 'number' ? k : `${ctx.name}_k`
		);
		const out = (ref: string, dtype: TfValue['dtype']): TfValue => ({
			ref,
			dtype,
			shape,
			perm: held.perm
		});
		const top = out(values, x.dtype);
		return [largest ? top : broadcastOp(ctx, 'Neg', [top], x.dtype), out(indices, 'int64')];
	}
};

export const topkHandlers: Record<string, OpConverter> = { TopK: topK };

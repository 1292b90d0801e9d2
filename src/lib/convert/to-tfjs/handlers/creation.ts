// Ops that make tensors from sizes and scalars: Size, ConstantOfShape (Fill) and Range, constants when the sizes are known.
import { ConversionError } from '../../errors.js';
import { identity, isStatic } from '../../graph/value.js';
import {
	fromNumbers,
	numberAt,
	scalar,
	sizeOf,
	toNumbers,
	type ConstTensor
} from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import type { TfValue } from '../value.js';
import { emitOp, input, type NodeContext, type OpConverter } from './context.js';

/** ConstantOfShape outputs up to this many elements become constants (they may fold further); larger ones a Fill. */
const FILL_ABOVE = 1024;

const size: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		if (isStatic(x.shape)) return [ctx.g.constant(fromNumbers('int64', [], [sizeOf(x.shape)]))];
		const out = { dtype: 'int64' as const, shape: [], perm: [] };
		return [emitOp(ctx, 'Size', [ctx.g.ref(x)], { out_type: tfAttr.dtype('int32') }, out)];
	}
};

/** ConstantOfShape's value attribute: one element, float 0 when left out. */
const fillValue = (ctx: NodeContext): ConstTensor => {
	const t = ctx.attrs.tensor('value');
	return t ? scalar(t.dtype, numberAt(t, 0)) : scalar('float32', 0);
};

const constantOfShape: OpConverter = {
	convert: (ctx) => {
		const s = input(ctx, 0);
		const value = fillValue(ctx);
		const dims = s.const ? toNumbers(s.const) : undefined;
		if (dims && sizeOf(dims) <= FILL_ABOVE)
			return [
				ctx.g.constant(
					fromNumbers(value.dtype, dims, new Array<number>(sizeOf(dims)).fill(numberAt(value, 0)))
				)
			];
		const rank = s.shape[0];
		if (typeof rank !== 'number')
			throw new ConversionError(
				`node "${ctx.name}" (ConstantOfShape): the shape's length is unknown`
			);
		const shape = dims ?? Array.from({ length: rank }, (_, i) => `${ctx.name}_dim${i}`);
		const refs = [
			ctx.g.ref(s, `${ctx.name}/shape`),
			ctx.g.ref(ctx.g.constant(value), `${ctx.name}/value`)
		];
		const out = { dtype: value.dtype, shape, perm: identity(rank) };
		return [
			emitOp(
				ctx,
				'Fill',
				refs,
				{ T: tfAttr.dtype(value.dtype), index_type: tfAttr.dtype('int32') },
				out
			)
		];
	}
};

const range: OpConverter = {
	convert: (ctx) => {
		const [start, limit, delta] = [0, 1, 2].map((i) => input(ctx, i)) as [
			TfValue,
			TfValue,
			TfValue
		];
		const g = ctx.g;
		const refs = [start, limit, delta].map((v, i) =>
			g.ref(v, `${ctx.name}/${['start', 'limit', 'delta'][i]}`)
		);
		const out = { dtype: start.dtype, shape: [`${ctx.name}_dim0`], perm: [0] };
		return [emitOp(ctx, 'Range', refs, { Tidx: tfAttr.dtype(start.dtype) }, out)];
	},
	fold: (_, [start, limit, delta]) => {
		const [a, b, d] = [start!, limit!, delta!].map((t) => numberAt(t, 0)) as [
			number,
			number,
			number
		];
		const n = Math.max(0, Math.ceil((b - a) / d));
		return [
			fromNumbers(
				start!.dtype,
				[n],
				Array.from({ length: n }, (_, i) => a + i * d)
			)
		];
	}
};

export const creationHandlers: Record<string, OpConverter> = {
	Size: size,
	ConstantOfShape: constantOfShape,
	Range: range
};

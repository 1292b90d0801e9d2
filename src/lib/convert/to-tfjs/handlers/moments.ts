// Normalisations whose statistics are computed at run time: InstanceNormalization and LayerNormalization.
import { reshapeConst } from '../../fold.js';
import { scalar, type ConstTensor } from '../../tensor.js';
import type { TfValue } from '../value.js';
import { broadcastOp } from './elementwise.js';
import { constInput, input, normalizeAxis, type NodeContext, type OpConverter } from './context.js';
import { reduceOver } from './reduce.js';

/**
 * Mean and 1 / sqrt(variance + epsilon) of x over ONNX `axes` (kept as size 1), and x - mean; in x's
 * layout, and in float32 whatever stash_type asks (it is never less precise).
 */
function moments(ctx: NodeContext, x: TfValue, axes: number[]) {
	const op = (name: string, operands: TfValue[], suffix: string) =>
		broadcastOp(ctx, name, operands, x.dtype, suffix);
	const mean = reduceOver(ctx, 'Mean', x, axes, true, 'mean');
	const centered = op('Sub', [x, mean], 'centered');
	const variance = reduceOver(
		ctx,
		'Mean',
		op('Square', [centered], 'square'),
		axes,
		true,
		'variance'
	);
	const eps = ctx.g.constant(scalar('float32', ctx.attrs.float('epsilon', 1e-5)));
	const inverse = op('Rsqrt', [op('AddV2', [variance, eps], 'eps')], 'rsqrt');
	return { mean, centered, inverse };
}

/** A per-channel constant shaped to broadcast on axis 1 of a rank-`rank` tensor. */
const perChannel = (t: ConstTensor, rank: number): ConstTensor =>
	reshapeConst(t, [t.shape[0]!, ...new Array<number>(rank - 2).fill(1)]);

const instanceNorm: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const rank = x.shape.length;
		const [scale, bias] = [1, 2].map((i) =>
			ctx.g.constant(perChannel(constInput(ctx, i, i === 1 ? 'scale' : 'B'), rank))
		) as [TfValue, TfValue];
		ctx.g.rewrite(
			'InstanceNormalization',
			'Mean and variance over the spatial axes, then (x - mean) * scale / sqrt(var + eps) + B'
		);
		const { centered, inverse } = moments(
			ctx,
			x,
			Array.from({ length: rank - 2 }, (_, i) => i + 2)
		);
		const factor = broadcastOp(ctx, 'Mul', [inverse, scale], x.dtype, 'factor');
		const scaled = broadcastOp(ctx, 'Mul', [centered, factor], x.dtype, 'scaled');
		return [broadcastOp(ctx, 'AddV2', [scaled, bias], x.dtype)];
	}
};

const layerNorm: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const rank = x.shape.length;
		const axis = normalizeAxis(ctx.attrs.int('axis', -1), rank);
		ctx.g.rewrite(
			'LayerNormalization',
			'Mean and variance over the last axes, then (x - mean) / sqrt(var + eps) * Scale + B'
		);
		const axes = Array.from({ length: rank - axis }, (_, i) => axis + i);
		const { mean, centered, inverse } = moments(ctx, x, axes);
		const normalized = broadcastOp(ctx, 'Mul', [centered, inverse], x.dtype, 'normalized');
		const bias = ctx.inputs[2];
		const scaled = broadcastOp(
			ctx,
			'Mul',
			[normalized, input(ctx, 1)],
			x.dtype,
			bias ? 'scaled' : undefined
		);
		return [bias ? broadcastOp(ctx, 'AddV2', [scaled, bias], x.dtype) : scaled, mean, inverse];
	}
};

export const momentsHandlers: Record<string, OpConverter> = {
	InstanceNormalization: instanceNorm,
	LayerNormalization: layerNorm
};

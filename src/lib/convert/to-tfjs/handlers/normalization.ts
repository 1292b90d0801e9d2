// Normalisation at inference: BatchNormalization folded into a per-channel scale and offset on the channel axis.
import { toNumbers, type ConstTensor } from '../../tensor.js';
import { broadcastOp } from './elementwise.js';
import { constInput, input, type OpConverter } from './context.js';

/** A per-channel constant shaped to broadcast on axis 1 of a rank-`rank` tensor. */
const perChannel = (values: Float32Array, rank: number): ConstTensor => ({
	dtype: 'float32',
	shape: [values.length, ...new Array<number>(Math.max(0, rank - 2)).fill(1)],
	data: values
});

const batchNorm: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) =>
			toNumbers(constInput(ctx, i, ['scale', 'B', 'mean', 'var'][i - 1]!))
		);
		const eps = ctx.attrs.float('epsilon', 1e-5);
		const n = scale!.length;
		const a = Float32Array.from(
			{ length: n },
			(_, c) => scale![c]! / Math.sqrt(variance![c]! + eps)
		);
		const b = Float32Array.from({ length: n }, (_, c) => bias![c]! - mean![c]! * a[c]!);
		ctx.g.rewrite(
			'BatchNormalization',
			'x * (scale / sqrt(var + eps)) + (B - mean * that), folded to two constants'
		);
		const g = ctx.g;
		const scaled = broadcastOp(
			ctx,
			'Mul',
			[x, g.constant(perChannel(a, x.shape.length))],
			'float32',
			'scale'
		);
		return [
			broadcastOp(ctx, 'AddV2', [scaled, g.constant(perChannel(b, x.shape.length))], 'float32')
		];
	},
	refuse: (attrs) => {
		if (attrs.int('training_mode', 0) !== 0) return 'training_mode=1';
		// Before opset 9, spatial=0 kept a mean and variance per element rather than per channel.
		if (attrs.int('spatial', 1) === 0) return 'spatial=0';
		return undefined;
	}
};

export const normalizationHandlers: Record<string, OpConverter> = { BatchNormalization: batchNorm };

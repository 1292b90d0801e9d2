// Activations TF.js fuses into convolutions and matmuls (_FusedConv2D's fused_ops), applied after them.
import { ConversionError } from '../errors.js';
import type { Value } from '../graph/value.js';
import { input, type Handler, type NodeContext } from './context.js';
import { binary, clip, unary } from './elementwise.js';
import { alignOperand } from './layout.js';

/**
 * PRelu as Relu(x) - alpha * Relu(-x): exact (for x < 0 it is -(alpha * -x) = alpha * x), and every
 * op has a WebGPU kernel, where onnxruntime-web would run PRelu on the CPU. WebGL keeps PRelu.
 */
export function prelu(ctx: NodeContext, x: Value, alpha: Value, suffix?: string): Value {
	const name = suffix ?? 'prelu';
	if (ctx.g.target === 'webgl') {
		const a = alignOperand(ctx.g, alpha, x.shape.length, x.perm, `${ctx.name}/alpha`);
		const spec = { dtype: x.dtype, shape: x.shape, perm: x.perm };
		return ctx.g.emit(
			'PRelu',
			[x.name, a],
			{},
			[spec],
			suffix ? `${ctx.name}/${suffix}` : ctx.name
		)[0]!;
	}
	ctx.g.rewrite(ctx.op, 'Relu(x) - alpha * Relu(-x), since WebGPU runs PRelu on the CPU');
	const positive = unary(ctx, 'Relu', x, { suffix: `${name}/positive`, nonNegative: true });
	const flipped = unary(ctx, 'Neg', x, { suffix: `${name}/flipped` });
	const negative = unary(ctx, 'Relu', flipped, { suffix: `${name}/negative`, nonNegative: true });
	const scaled = binary(ctx, 'Mul', alpha, negative, { suffix: `${name}/scaled` });
	return binary(ctx, 'Sub', positive, scaled, { suffix });
}

const Prelu: Handler = (ctx) => [prelu(ctx, input(ctx, 0), input(ctx, 1))];

export const activationHandlers: Record<string, Handler> = { Prelu };

/** Applies the fused activation `name` (as written in fused_ops) to x; `extra` is PRelu's alpha. */
export function fusedActivation(
	ctx: NodeContext,
	name: string | undefined,
	x: Value,
	extra?: Value
): Value {
	switch (name?.toLowerCase()) {
		case undefined:
		case '':
		case 'linear':
			return x;
		case 'relu':
			return unary(ctx, 'Relu', x, { suffix: 'relu', nonNegative: true });
		case 'relu6':
			return clip(ctx, x, 0, 6, 'relu6');
		case 'elu':
			return unary(ctx, 'Elu', x, { suffix: 'elu', attrs: { alpha: { f: 1 } } });
		case 'sigmoid':
			return unary(ctx, 'Sigmoid', x, { suffix: 'sigmoid' });
		case 'tanh':
			return unary(ctx, 'Tanh', x, { suffix: 'tanh' });
		case 'leakyrelu':
			return unary(ctx, 'LeakyRelu', x, {
				suffix: 'leakyrelu',
				attrs: { alpha: { f: ctx.attrs.float('leakyrelu_alpha', 0.2) } }
			});
		case 'prelu':
			if (!extra) throw new ConversionError(`node "${ctx.name}": fused Prelu has no alpha input`);
			return prelu(ctx, x, extra, 'prelu');
		default:
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): unsupported fused activation "${name}"`
			);
	}
}

/**
 * Splits a fused op's fused_ops into its bias (BiasAdd's extra input) and activation;
 * `firstExtra` is the index of the first extra input.
 */
export function fusedParts(
	ctx: NodeContext,
	firstExtra: number
): { bias?: Value; activation?: string; alpha?: Value } {
	const ops = ctx.attrs.strings('fused_ops');
	let next = firstExtra;
	let bias: Value | undefined;
	let activation: string | undefined;
	for (const op of ops) {
		if (op === 'BiasAdd') bias = input(ctx, next++);
		else if (activation === undefined) activation = op;
		else
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): unsupported fused_ops [${ops.join(', ')}]`
			);
	}
	if (activation && activation.toLowerCase() === 'fusedbatchnorm') {
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): fused FusedBatchNorm is not supported`
		);
	}
	const alpha = activation?.toLowerCase() === 'prelu' ? input(ctx, next) : undefined;
	return { bias, activation, alpha };
}

// Atan2, which ONNX lacks, as Atan of y / x with the quadrant corrections Math.atan2 makes.
import { foldBinary } from '../fold.js';
import type { Value } from '../graph/value.js';
import { scalar } from '../tensor.js';
import { input, type Handler } from './context.js';
import { binary, unary, where } from './elementwise.js';

/**
 * atan(y / x) where x > 0; that plus pi (y >= 0) or minus pi (y < 0) where x < 0; pi/2 * sign(y)
 * where x = 0, whose ratio is infinite or NaN. Signed zeros count as +0 (TF gives atan2(0, -0) = pi).
 */
const Atan2: Handler = (ctx) => {
	const [y, x] = [input(ctx, 0), input(ctx, 1)];
	if (y.const && x.const)
		return [
			ctx.g.constant(foldBinary(y.const, x.const, 'float32', Math.atan2, `node "${ctx.name}"`))
		];
	ctx.g.rewrite(ctx.op, 'Atan(y / x) with Where for x < 0 (plus or minus pi) and x = 0 (pi/2)');
	const c = (v: number) => ctx.g.constant(scalar('float32', v));
	const below = (v: Value, suffix: string) =>
		binary(ctx, 'Less', v, c(0), { dtype: 'bool', suffix });
	const angle = unary(ctx, 'Atan', binary(ctx, 'Div', y, x, { suffix: 'ratio' }), {
		suffix: 'atan'
	});
	const turn = where(ctx, below(y, 'y_negative'), c(-Math.PI), c(Math.PI), 'turn');
	const turned = binary(ctx, 'Add', angle, turn, { suffix: 'turned' });
	const offAxis = where(ctx, below(x, 'x_negative'), turned, angle, 'off_axis');
	const sign = unary(ctx, 'Sign', y, { suffix: 'sign' });
	const onAxis = binary(ctx, 'Mul', sign, c(Math.PI / 2), { suffix: 'on_axis' });
	const xZero = binary(ctx, 'Equal', x, c(0), { dtype: 'bool', suffix: 'x_zero' });
	return [where(ctx, xZero, onAxis, offAxis)];
};

export const atan2Handlers: Record<string, Handler> = { Atan2 };

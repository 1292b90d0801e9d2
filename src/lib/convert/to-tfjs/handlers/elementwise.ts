// Element-wise ONNX ops with numpy broadcasting (arithmetic, comparisons, logic, Where), held in their operands' layout.
import { foldBinary } from '../../fold.js';
import { numberAt, sizeOf, type ConstTensor, type DType } from '../../tensor.js';
import type { AttrValueJson } from '../../tfjs/model-json.js';
import { tfAttr } from '../tf-attrs.js';
import { aligned, broadcastDims, commonPerm } from '../layout.js';
import type { TfValue } from '../value.js';
import { emitOp, input, type NodeContext, type OpConverter } from './context.js';

/** Writes `op` over the node's operands, brought to one layout; the output has the broadcast shape. */
export function broadcastOp(
	ctx: NodeContext,
	op: string,
	operands: readonly TfValue[],
	dtype: DType,
	suffix?: string
): TfValue {
	const shape = broadcastDims(
		operands.map((v) => v.shape),
		`node "${ctx.name}" (${ctx.op})`
	);
	const perm = commonPerm(operands, shape.length);
	const refs = operands.map((v, i) => aligned(ctx.g, v, shape.length, perm, `${ctx.name}/in${i}`));
	const attrs: Record<string, AttrValueJson> =
		op === 'SelectV2' || op.startsWith('Logical')
			? {}
			: { T: tfAttr.dtype(operands[operands.length - 1]!.dtype) };
	return emitOp(ctx, op, refs, attrs, { dtype, shape, perm }, suffix);
}

const isInt = (d: DType) => d === 'int32' || d === 'int64';

/** A two-operand op; `fn` folds it on constants. */
function binary(op: string, fn: (a: number, b: number) => number, bool = false): OpConverter {
	return {
		convert: (ctx) => {
			const a = input(ctx, 0);
			return [broadcastOp(ctx, op, [a, input(ctx, 1)], bool ? 'bool' : a.dtype)];
		},
		fold: (ctx, [a, b]) => [foldBinary(a!, b!, bool ? 'bool' : a!.dtype, fn, ctx.name)]
	};
}

/** Max, Min, Sum and Mean take one operand or more: a chain of two-operand ops. */
function variadic(op: string, fn: (a: number, b: number) => number, mean = false): OpConverter {
	return {
		convert: (ctx) => {
			const values = ctx.inputs.filter((v): v is TfValue => v !== undefined);
			let acc = values[0]!;
			values
				.slice(1)
				.forEach(
					(v, i) =>
						(acc = broadcastOp(
							ctx,
							op,
							[acc, v],
							acc.dtype,
							values.length > 2 ? `${i}` : undefined
						))
				);
			if (!mean) return [acc];
			const n = ctx.g.constant({
				dtype: 'float32',
				shape: [],
				data: Float32Array.of(1 / values.length)
			});
			return [broadcastOp(ctx, 'Mul', [acc, n], acc.dtype, 'mean')];
		},
		fold: (ctx, consts) => {
			let acc = consts[0]!;
			for (const c of consts.slice(1)) acc = foldBinary(acc, c!, acc.dtype, fn, ctx.name);
			return [
				mean
					? foldBinary(
							acc,
							{ dtype: 'float32', shape: [], data: Float32Array.of(consts.length) },
							acc.dtype,
							(a, b) => a / b,
							ctx.name
						)
					: acc
			];
		}
	};
}

/** ONNX integer division truncates toward zero; TF.js's int32 Div floors. */
const div: OpConverter = {
	convert: (ctx) => {
		const [a, b] = [input(ctx, 0), input(ctx, 1)];
		if (!isInt(a.dtype)) return [broadcastOp(ctx, 'RealDiv', [a, b], a.dtype)];
		ctx.g.rewrite('Div', 'int: Cast to float, RealDiv, Cast back (truncates like ONNX)');
		const [fa, fb] = [a, b].map((v, i) => cast(ctx, v, 'float32', `float${i}`));
		return [cast(ctx, broadcastOp(ctx, 'RealDiv', [fa!, fb!], 'float32', 'div'), a.dtype, 'int')];
	},
	fold: (ctx, [a, b]) => [
		foldBinary(
			a!,
			b!,
			a!.dtype,
			isInt(a!.dtype) ? (x, y) => Math.trunc(x / y) : (x, y) => x / y,
			ctx.name
		)
	]
};

/** ONNX Mod: fmod=0 takes the divisor's sign (TF FloorMod); fmod=1 the dividend's (a - trunc(a/b)*b). */
const mod: OpConverter = {
	convert: (ctx) => {
		const [a, b] = [input(ctx, 0), input(ctx, 1)];
		if (ctx.attrs.int('fmod', 0) === 0) return [broadcastOp(ctx, 'FloorMod', [a, b], a.dtype)];
		ctx.g.rewrite('Mod', 'fmod=1: a - Truncate(a / b) * b');
		const q = broadcastOp(
			ctx,
			'RealDiv',
			[cast(ctx, a, 'float32', 'fa'), cast(ctx, b, 'float32', 'fb')],
			'float32',
			'q'
		);
		const sign = broadcastOp(ctx, 'Sign', [q], 'float32', 'sign');
		const abs = broadcastOp(ctx, 'Abs', [q], 'float32', 'abs');
		const floor = broadcastOp(ctx, 'Floor', [abs], 'float32', 'floor');
		const whole = broadcastOp(ctx, 'Mul', [sign, floor], 'float32', 'trunc');
		const back = broadcastOp(ctx, 'Mul', [cast(ctx, whole, a.dtype, 'int'), b], a.dtype, 'times');
		return [broadcastOp(ctx, 'Sub', [a, back], a.dtype)];
	},
	fold: (ctx, [a, b]) => [
		foldBinary(
			a!,
			b!,
			a!.dtype,
			ctx.attrs.int('fmod', 0) ? (x, y) => x % y : (x, y) => x - Math.floor(x / y) * y,
			ctx.name
		)
	]
};

/** ONNX Pow's exponent may have another type than its base; the result has the base's (TF's Pow takes one type). */
const pow: OpConverter = {
	convert: (ctx) => {
		const [a, b] = [input(ctx, 0), input(ctx, 1)];
		if (!isInt(a.dtype) || isInt(b.dtype))
			return [broadcastOp(ctx, 'Pow', [a, cast(ctx, b, a.dtype, 'exponent')], a.dtype)];
		ctx.g.rewrite('Pow', 'int base, float exponent: Pow in float32, Cast back to int');
		const [fa, fb] = [a, b].map((v, i) => cast(ctx, v, 'float32', `float${i}`));
		return [cast(ctx, broadcastOp(ctx, 'Pow', [fa!, fb!], 'float32', 'pow'), a.dtype, 'int')];
	},
	fold: (ctx, [a, b]) => [
		foldBinary(
			a!,
			b!,
			a!.dtype,
			isInt(a!.dtype) ? (x, y) => Math.trunc(x ** y) : (x, y) => x ** y,
			ctx.name
		)
	]
};

/** v as `dtype` (a Cast node, or v itself when it already is). */
export function cast(ctx: NodeContext, v: TfValue, dtype: DType, suffix: string): TfValue {
	const tf = (d: DType) => (d === 'int64' ? 'int32' : d);
	if (tf(v.dtype) === tf(dtype)) return { ...v, dtype };
	if (v.const) return ctx.g.constant(castValues(v.const, dtype));
	const ref = ctx.g.emit(
		'Cast',
		[ctx.g.ref(v)],
		{ SrcT: tfAttr.dtype(v.dtype), DstT: tfAttr.dtype(dtype) },
		`${ctx.name}/${suffix}`
	)[0]!;
	return { ref, dtype, shape: v.shape, perm: v.perm };
}

function castValues(t: ConstTensor, dtype: DType): ConstTensor {
	const n = sizeOf(t.shape);
	const values = Array.from({ length: n }, (_, i) => numberAt(t, i));
	const data =
		dtype === 'float32'
			? Float32Array.from(values)
			: dtype === 'int64'
				? BigInt64Array.from(values, (v) => BigInt(Math.trunc(v)))
				: dtype === 'bool'
					? Uint8Array.from(values, (v) => Number(v !== 0))
					: Int32Array.from(values, Math.trunc);
	return { dtype, shape: [...t.shape], data };
}

const where: OpConverter = {
	convert: (ctx) => {
		const [c, a, b] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
		return [broadcastOp(ctx, 'SelectV2', [c, a, b], a.dtype)];
	},
	fold: (ctx, [c, a, b]) => {
		const picked = foldBinary(c!, a!, a!.dtype, (k, x) => (k ? x : NaN), ctx.name);
		return [foldBinary(picked, b!, a!.dtype, (x, y) => (Number.isNaN(x) ? y : x), ctx.name)];
	}
};

const xor: OpConverter = binary('NotEqual', (a, b) => Number(Boolean(a) !== Boolean(b)), true);

export const elementwiseHandlers: Record<string, OpConverter> = {
	Add: binary('AddV2', (a, b) => a + b),
	Sub: binary('Sub', (a, b) => a - b),
	Mul: binary('Mul', (a, b) => a * b),
	Div: div,
	Mod: mod,
	Pow: pow,
	Max: variadic('Maximum', Math.max),
	Min: variadic('Minimum', Math.min),
	Sum: variadic('AddV2', (a, b) => a + b),
	Mean: variadic('AddV2', (a, b) => a + b, true),
	Equal: binary('Equal', (a, b) => Number(a === b), true),
	Greater: binary('Greater', (a, b) => Number(a > b), true),
	Less: binary('Less', (a, b) => Number(a < b), true),
	GreaterOrEqual: binary('GreaterEqual', (a, b) => Number(a >= b), true),
	LessOrEqual: binary('LessEqual', (a, b) => Number(a <= b), true),
	And: binary('LogicalAnd', (a, b) => Number(a && b), true),
	Or: binary('LogicalOr', (a, b) => Number(a || b), true),
	Xor: xor,
	Where: where
};

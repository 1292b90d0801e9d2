// One-operand ONNX ops: math functions, activations (some written as a few TF ops), Cast and pass-throughs.
import { foldUnary } from '../../fold.js';
import { ConversionError } from '../../errors.js';
import { sizeOf, toNumbers, type ConstTensor, type DType } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { heldDType, elemTypeName } from '../tensor-proto.js';
import type { TfValue } from '../value.js';
import { broadcastOp, cast } from './elementwise.js';
import { isStatic, type Dim } from '../../graph/value.js';
import {
	constInput,
	emitOp,
	input,
	staticShape,
	type NodeContext,
	type OpConverter
} from './context.js';

const scalar = (ctx: NodeContext, value: number): TfValue =>
	ctx.g.constant({ dtype: 'float32', shape: [], data: Float32Array.of(value) });

/**
 * PRelu's slope. Before opset 7 a 1-D slope of C values is per channel (axis 1), not numpy-broadcast
 * against the last axis: it is given the trailing dims that put it there.
 */
function slope(ctx: NodeContext): TfValue {
	const [x, alpha] = [input(ctx, 0), input(ctx, 1)];
	const c = alpha.const;
	if (ctx.opset >= 7 || !c || c.shape.length !== 1 || x.shape.length < 3) return alpha;
	return ctx.g.constant({
		...c,
		shape: [c.shape[0]!, ...new Array<number>(x.shape.length - 2).fill(1)]
	});
}

/** An op TF.js has under another name, kept in its operand's layout. */
function unary(op: string, fn?: (x: number) => number, dtype?: DType): OpConverter {
	return {
		convert: (ctx) => {
			const x = input(ctx, 0);
			return [
				emitOp(
					ctx,
					op,
					[ctx.g.ref(x)],
					{ T: tfAttr.dtype(x.dtype) },
					{ dtype: dtype ?? x.dtype, shape: x.shape, perm: x.perm }
				)
			];
		},
		...(fn
			? {
					fold: (_: NodeContext, [x]: readonly (ConstTensor | undefined)[]) => [
						foldUnary(x!, dtype ?? x!.dtype, fn)
					]
				}
			: {})
	};
}

/** An activation written as a few TF ops by `build(x)`. */
function composed(how: string, build: (ctx: NodeContext, x: TfValue) => TfValue): OpConverter {
	return {
		convert: (ctx) => {
			ctx.g.rewrite(ctx.op, how);
			return [build(ctx, input(ctx, 0))];
		}
	};
}

const op = (ctx: NodeContext, name: string, operands: TfValue[], suffix?: string): TfValue =>
	broadcastOp(ctx, name, operands, operands[0]!.dtype, suffix);

/** max(0, min(1, alpha * x + beta)), as TF.js has no HardSigmoid. */
function hardSigmoid(
	ctx: NodeContext,
	x: TfValue,
	alpha: number,
	beta: number,
	suffix?: string
): TfValue {
	const scaled = op(
		ctx,
		'AddV2',
		[op(ctx, 'Mul', [x, scalar(ctx, alpha)], `${suffix ?? 'h'}/scale`), scalar(ctx, beta)],
		`${suffix ?? 'h'}/shift`
	);
	const refs = [
		ctx.g.ref(scaled),
		ctx.g.ref(scalar(ctx, 0), `${ctx.name}/zero`),
		ctx.g.ref(scalar(ctx, 1), `${ctx.name}/one`)
	];
	return emitOp(
		ctx,
		'ClipByValue',
		refs,
		{ T: tfAttr.dtype('float32') },
		{ dtype: x.dtype, shape: x.shape, perm: scaled.perm },
		suffix
	);
}

/** exp(min(x, 0)) - 1, the negative part of Elu and Selu. */
function expm1Negative(ctx: NodeContext, x: TfValue): TfValue {
	const negative = op(ctx, 'Minimum', [x, scalar(ctx, 0)], 'neg');
	return op(ctx, 'Sub', [op(ctx, 'Exp', [negative], 'exp'), scalar(ctx, 1)], 'expm1');
}

const clip: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const bound = (i: number, attr: string, fallback: number): TfValue | number => {
			if (ctx.opset < 11) return ctx.attrs.float(attr, fallback);
			const v = ctx.inputs[i];
			return !v ? fallback : v.const ? Number(v.const.data[0]) : v;
		};
		const lo = bound(1, 'min', -Infinity);
		const hi = bound(2, 'max', Infinity);
		const same = { dtype: x.dtype, shape: x.shape, perm: x.perm };
		if (lo === 0 && hi === 6) return [emitOp(ctx, 'Relu6', [ctx.g.ref(x)], {}, same)];
		if (lo === 0 && hi === Infinity) return [emitOp(ctx, 'Relu', [ctx.g.ref(x)], {}, same)];
		if (typeof lo === 'number' && typeof hi === 'number') {
			const refs = [
				ctx.g.ref(x),
				ctx.g.ref(constOf(ctx, x.dtype, lo)),
				ctx.g.ref(constOf(ctx, x.dtype, hi))
			];
			return [emitOp(ctx, 'ClipByValue', refs, { T: tfAttr.dtype(x.dtype) }, same)];
		}
		ctx.g.rewrite('Clip', 'computed bounds: Maximum then Minimum');
		const low = typeof lo === 'number' ? constOf(ctx, x.dtype, lo) : lo;
		const high = typeof hi === 'number' ? constOf(ctx, x.dtype, hi) : hi;
		return [op(ctx, 'Minimum', [op(ctx, 'Maximum', [x, low], 'low'), high])];
	}
};

function constOf(ctx: NodeContext, dtype: DType, value: number): TfValue {
	const int = dtype === 'int32' || dtype === 'int64';
	const bounded = int ? Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, value)) : value;
	return ctx.g.constant(
		int
			? { dtype: 'int32', shape: [], data: Int32Array.of(bounded) }
			: { dtype: 'float32', shape: [], data: Float32Array.of(bounded) }
	);
}

const castOp: OpConverter = {
	convert: (ctx) => [cast(ctx, input(ctx, 0), target(ctx), 'cast')],
	fold: (ctx, [x]) => {
		const dtype = target(ctx);
		const int = dtype === 'int32' || dtype === 'int64';
		return [foldUnary(x!, dtype, int ? Math.trunc : (v) => v)];
	},
	refuse: (attrs) =>
		heldDType(attrs.int('to')) ? undefined : `to=${elemTypeName(attrs.int('to'))}`
};

/** The dtype a Cast makes; a Cast to float16 warns that it keeps float32's precision. */
function target(ctx: NodeContext): DType {
	const to = ctx.attrs.int('to');
	if (elemTypeName(to) === 'FLOAT16')
		ctx.g.warnings.push(
			`node "${ctx.name}" (Cast): to FLOAT16 keeps float32's precision (TF.js has no float16)`
		);
	return heldDType(to)!;
}

/** Passes its input through. */
const identity: OpConverter = {
	convert: (ctx) => [input(ctx, 0)],
	fold: (_, [x]) => [x!]
};

/** Dropout at inference (or dropping nothing) passes its input through, and its mask is all true. */
const dropout: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		if (training(ctx)) {
			const ratio = ctx.inputs[1];
			if (!ratio?.const || toNumbers(ratio.const)[0] !== 0)
				throw new ConversionError(
					`node "${ctx.name}" (Dropout): training_mode=true drops at random, which a converted model does not`
				);
		}
		if (!isStatic(x.shape)) return [x];
		const size = sizeOf(x.shape);
		return [
			x,
			ctx.g.constant({ dtype: 'bool', shape: x.shape, data: new Uint8Array(size).fill(1) })
		];
	}
};

/** Whether a Dropout node trains (opset 12 on: its third input). */
function training(ctx: NodeContext): boolean {
	return ctx.inputs[2] !== undefined && toNumbers(constInput(ctx, 2, 'training_mode'))[0] !== 0;
}

const softmax = (tfOp: string): OpConverter => ({
	convert: (ctx) => {
		const x = input(ctx, 0);
		const rank = x.shape.length;
		const axis = ctx.attrs.int('axis', ctx.opset < 13 ? 1 : -1);
		const a = axis < 0 ? axis + rank : axis;
		if (ctx.opset < 13 && a !== rank - 1) return [flattenedSoftmax(ctx, tfOp, x, a)];
		// TF.js normalises over the last dim: hold x so that ONNX's axis is last.
		const keep = x.perm.filter((p) => p !== a);
		const held = ctx.g.inLayout(x, [...keep, a], ctx.name);
		return [emitOp(ctx, tfOp, [held.ref], {}, { dtype: x.dtype, shape: x.shape, perm: held.perm })];
	}
});

/** Opsets before 13 normalise over all dims from `axis` on, as one. */
function flattenedSoftmax(ctx: NodeContext, tfOp: string, x: TfValue, axis: number): TfValue {
	ctx.g.rewrite(ctx.op, `opset < 13, axis ${axis}: Reshape to 2-D, ${tfOp}, Reshape back`);
	const plain = ctx.g.plain(x, ctx.name);
	const size = (dims: Dim[]) => (isStatic(dims) ? dims.reduce((p, d) => p * d, 1) : -1);
	const head = size(x.shape.slice(0, axis));
	const tail = size(x.shape.slice(axis));
	if (head < 0 && tail < 0)
		staticShape(ctx, x.shape, `${ctx.op} over axis ${axis} at opset ${ctx.opset}`);
	const g = ctx.g;
	const shape = g.emit('Shape', [plain.ref], {}, `${ctx.name}/shape`)[0]!;
	const flat = g.emit(
		'Reshape',
		[plain.ref, g.int32(tail < 0 ? [head, -1] : [-1, tail], `${ctx.name}/2d`)],
		{},
		`${ctx.name}/flat`
	)[0]!;
	const normed = g.emit(tfOp, [flat], {}, `${ctx.name}/norm`)[0]!;
	const ref = g.emit('Reshape', [normed, shape], {}, ctx.name)[0]!;
	return { ref, dtype: x.dtype, shape: x.shape, perm: plain.perm };
}

export const activationHandlers: Record<string, OpConverter> = {
	Abs: unary('Abs', Math.abs),
	Neg: unary('Neg', (x) => -x),
	Exp: unary('Exp', Math.exp),
	Log: unary('Log', Math.log),
	Sqrt: unary('Sqrt', Math.sqrt),
	Reciprocal: unary('Reciprocal', (x) => 1 / x),
	Floor: unary('Floor', Math.floor),
	Ceil: unary('Ceil', Math.ceil),
	Round: unary('Round'),
	Sign: unary('Sign', Math.sign),
	Sin: unary('Sin'),
	Cos: unary('Cos'),
	Tan: unary('Tan'),
	Asin: unary('Asin'),
	Acos: unary('Acos'),
	Atan: unary('Atan'),
	Sinh: unary('Sinh'),
	Cosh: unary('Cosh'),
	Asinh: unary('Asinh'),
	Acosh: unary('Acosh'),
	Atanh: unary('Atanh'),
	Erf: unary('Erf'),
	Relu: unary('Relu'),
	Sigmoid: unary('Sigmoid'),
	Tanh: unary('Tanh'),
	Softplus: unary('Softplus'),
	Not: unary('LogicalNot', (x) => Number(!x), 'bool'),
	IsNaN: unary('IsNan', (x) => Number(Number.isNaN(x)), 'bool'),
	LeakyRelu: {
		convert: (ctx) => {
			const x = input(ctx, 0);
			const alpha = ctx.attrs.float('alpha', 0.01);
			return [
				emitOp(
					ctx,
					'LeakyRelu',
					[ctx.g.ref(x)],
					{ alpha: tfAttr.float(alpha) },
					{ dtype: x.dtype, shape: x.shape, perm: x.perm }
				)
			];
		}
	},
	PRelu: {
		convert: (ctx) => [op(ctx, 'Prelu', [input(ctx, 0), slope(ctx)])]
	},
	Elu: composed('alpha * (exp(min(x, 0)) - 1) + relu(x)', (ctx, x) => {
		const alpha = ctx.attrs.float('alpha', 1);
		const negative = op(ctx, 'Mul', [expm1Negative(ctx, x), scalar(ctx, alpha)], 'alpha');
		return op(ctx, 'AddV2', [negative, op(ctx, 'Relu', [x], 'relu')]);
	}),
	Selu: composed('gamma * (alpha * (exp(min(x, 0)) - 1) + relu(x))', (ctx, x) => {
		const alpha = ctx.attrs.float('alpha', 1.6732632423543772);
		const gamma = ctx.attrs.float('gamma', 1.0507009873554805);
		const negative = op(ctx, 'Mul', [expm1Negative(ctx, x), scalar(ctx, alpha)], 'alpha');
		return op(ctx, 'Mul', [
			op(ctx, 'AddV2', [negative, op(ctx, 'Relu', [x], 'relu')], 'sum'),
			scalar(ctx, gamma)
		]);
	}),
	HardSigmoid: composed('ClipByValue(alpha * x + beta, 0, 1)', (ctx, x) =>
		hardSigmoid(ctx, x, ctx.attrs.float('alpha', 0.2), ctx.attrs.float('beta', 0.5))
	),
	HardSwish: composed('x * ClipByValue(x / 6 + 0.5, 0, 1)', (ctx, x) =>
		op(ctx, 'Mul', [x, hardSigmoid(ctx, x, 1 / 6, 0.5, 'gate')])
	),
	Softsign: composed('x / (1 + |x|)', (ctx, x) =>
		op(ctx, 'RealDiv', [x, op(ctx, 'AddV2', [op(ctx, 'Abs', [x], 'abs'), scalar(ctx, 1)], 'den')])
	),
	Gelu: {
		convert: (ctx) => {
			const x = input(ctx, 0);
			const tanh = ctx.attrs.string('approximate', 'none') === 'tanh';
			ctx.g.rewrite(
				'Gelu',
				tanh ? '0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))' : '0.5 x (1 + erf(x / sqrt 2))'
			);
			const inner = tanh
				? op(
						ctx,
						'Tanh',
						[
							op(
								ctx,
								'Mul',
								[
									op(
										ctx,
										'AddV2',
										[
											x,
											op(
												ctx,
												'Mul',
												[
													op(ctx, 'Mul', [op(ctx, 'Mul', [x, x], 'x2'), x], 'x3'),
													scalar(ctx, 0.044715)
												],
												'cubic'
											)
										],
										'sum'
									),
									scalar(ctx, Math.sqrt(2 / Math.PI))
								],
								'scaled'
							)
						],
						'tanh'
					)
				: op(ctx, 'Erf', [op(ctx, 'Mul', [x, scalar(ctx, Math.SQRT1_2)], 'scaled')], 'erf');
			const half = op(ctx, 'Mul', [x, scalar(ctx, 0.5)], 'half');
			return [op(ctx, 'Mul', [half, op(ctx, 'AddV2', [inner, scalar(ctx, 1)], 'one_plus')])];
		},
		refuse: (attrs) => {
			const a = attrs.string('approximate', 'none');
			return a === 'none' || a === 'tanh' ? undefined : `approximate=${a}`;
		}
	},
	Clip: clip,
	Cast: castOp,
	Identity: identity,
	Dropout: dropout,
	Softmax: softmax('Softmax'),
	LogSoftmax: softmax('LogSoftmax')
};

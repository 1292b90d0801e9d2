// Element-wise ops (arithmetic, comparison, activations, Cast): layout-neutral, so they keep their input's.
import { ConversionError } from '../errors.js';
import { foldBinary, foldUnary, castConst, broadcastShapes } from '../fold.js';
import type { AttrValue } from '../graph/builder.js';
import { isStatic, type Dim, type Value } from '../graph/value.js';
import { numberAt, scalar, type DType } from '../tensor.js';
import { input, nodeName, type Handler, type NodeContext } from './context.js';
import { alignOperand, commonPerm } from './layout.js';

type NumFn = (x: number, y: number) => number;

function broadcastDims(ctx: NodeContext, a: readonly Dim[], b: readonly Dim[]): Dim[] {
	if (isStatic(a) && isStatic(b)) return broadcastShapes(a, b, `node "${ctx.name}"`);
	const rank = Math.max(a.length, b.length);
	return Array.from({ length: rank }, (_, i) => {
		const x = a[a.length - rank + i] ?? 1;
		const y = b[b.length - rank + i] ?? 1;
		return x === 1 ? y : x;
	});
}

/** Emits (or folds) a binary ONNX op with numpy broadcasting, in the operands' common layout. */
export function binary(
	ctx: NodeContext,
	onnxOp: string,
	a: Value,
	b: Value,
	opts: {
		dtype?: DType;
		fold?: NumFn;
		suffix?: string;
		attrs?: Record<string, AttrValue>;
		nonNegative?: boolean;
	} = {}
): Value {
	const dtype = opts.dtype ?? a.dtype;
	const where = `node "${ctx.name}" (${ctx.op})`;
	if (a.const && b.const && opts.fold)
		return ctx.g.constant(foldBinary(a.const, b.const, dtype, opts.fold, where));
	const shape = broadcastDims(ctx, a.shape, b.shape);
	const name = nodeName(ctx, opts.suffix);
	const emitIn = (perm: number[], nodeName: string) => {
		const operands = [
			alignOperand(ctx.g, a, shape.length, perm, `${nodeName}/a`),
			alignOperand(ctx.g, b, shape.length, perm, `${nodeName}/b`)
		];
		const spec = { dtype, shape, perm, nonNegative: opts.nonNegative };
		return ctx.g.emit(onnxOp, operands, opts.attrs ?? {}, [spec], nodeName)[0]!;
	};
	const out = emitIn(commonPerm([a, b], shape.length), name);
	ctx.g.recipe(out, { operands: [a, b], rebuild: (perm) => emitIn(perm, `${name}/in_layout`) });
	return out;
}

/** Emits (or folds) a unary ONNX op; the output keeps the input's layout. */
export function unary(
	ctx: NodeContext,
	onnxOp: string,
	x: Value,
	opts: {
		dtype?: DType;
		fold?: (v: number) => number;
		attrs?: Record<string, AttrValue>;
		suffix?: string;
		nonNegative?: boolean;
	} = {}
): Value {
	const dtype = opts.dtype ?? x.dtype;
	if (x.const && opts.fold) return ctx.g.constant(foldUnary(x.const, dtype, opts.fold));
	const name = nodeName(ctx, opts.suffix);
	const emitIn = (held: Value, nodeName: string) => {
		const spec = { dtype, shape: x.shape, perm: held.perm, nonNegative: opts.nonNegative };
		return ctx.g.emit(onnxOp, [ctx.g.use(held)], opts.attrs ?? {}, [spec], nodeName)[0]!;
	};
	const out = emitIn(x, name);
	ctx.g.recipe(out, {
		operands: [x],
		rebuild: (perm) => emitIn(ctx.g.inLayout(x, perm), `${name}/in_layout`)
	});
	return out;
}

const f32 = Math.fround;
/** Known >= 0: flagged by its producer, or a constant with no negative element. */
const nonNegative = (v: Value): boolean =>
	Boolean(v.nonNegative) ||
	(v.const !== undefined &&
		!Array.isArray(v.const.data) &&
		Array.from(v.const.data as ArrayLike<number | bigint>).every((x) => x >= 0));
const both = (a: Value, b: Value) => nonNegative(a) && nonNegative(b);
const isInt = (v: Value) => v.dtype === 'int32' || v.dtype === 'int64';

function arithmetic(onnxOp: string, fold: NumFn, keepsSign = false): Handler {
	return (ctx) => {
		const [a, b] = [input(ctx, 0), input(ctx, 1)];
		const intFold: NumFn = (x, y) => Math.trunc(fold(x, y)) | 0;
		return [
			binary(ctx, onnxOp, a, b, {
				fold: isInt(a) ? intFold : fold,
				nonNegative: keepsSign && both(a, b)
			})
		];
	};
}

function comparison(onnxOp: string, fold: (x: number, y: number) => boolean): Handler {
	return (ctx) => [
		binary(ctx, onnxOp, input(ctx, 0), input(ctx, 1), {
			dtype: 'bool',
			fold: (x, y) => Number(fold(x, y))
		})
	];
}

/**
 * Floor division. Integers take a plain (truncating) Div when both sides are known non-negative, else
 * go through float32, exact below 2^24. WebGL divides integers in float without truncating, so there
 * integers always take the float path.
 */
function floorDiv(ctx: NodeContext, a: Value, b: Value, suffix?: string): Value {
	const name = suffix ?? 'floordiv';
	const divide = (x: Value, y: Value) =>
		binary(ctx, 'Div', x, y, { suffix: `${name}/div`, fold: (p, q) => p / q });
	if (!isInt(a)) return unary(ctx, 'Floor', divide(a, b), { fold: Math.floor, suffix });
	if (both(a, b) && ctx.g.target !== 'webgl') {
		return binary(ctx, 'Div', a, b, {
			fold: (x, y) => Math.floor(x / y),
			suffix,
			nonNegative: true
		});
	}
	ctx.g.rewrite(ctx.op, 'integer division through float32 and Floor (exact below 2^24)');
	const q = divide(cast(ctx, a, 'float32', `${name}/a`), cast(ctx, b, 'float32', `${name}/b`));
	const floored = unary(ctx, 'Floor', q, {
		fold: Math.floor,
		suffix: `${name}/floor`,
		nonNegative: both(a, b)
	});
	return cast(ctx, floored, a.dtype, suffix);
}

const FloorDiv: Handler = (ctx) => {
	const [a, b] = [input(ctx, 0), input(ctx, 1)];
	if (a.const && b.const) {
		const fold: NumFn = isInt(a) ? (x, y) => Math.floor(x / y) : (x, y) => Math.floor(f32(x / y));
		return [binary(ctx, 'Div', a, b, { fold })];
	}
	return [floorDiv(ctx, a, b)];
};

/** a - floor(a / b) * b: TF's FloorMod, without ONNX Mod (missing on WebGPU and WebGL). */
const FloorMod: Handler = (ctx) => {
	const [a, b] = [input(ctx, 0), input(ctx, 1)];
	if (a.const && b.const) {
		return [binary(ctx, 'Mod', a, b, { fold: (x, y) => x - Math.floor(x / y) * y })];
	}
	const q = floorDiv(ctx, a, b, 'quotient');
	ctx.g.rewrite(ctx.op, 'a - floor(a / b) * b, since WebGPU and WebGL have no Mod');
	const qb = binary(ctx, 'Mul', q, b, { suffix: 'times' });
	return [binary(ctx, 'Sub', a, qb, { nonNegative: both(a, b) })];
};

/** TF.js divides integers with floor semantics, floats plainly. */
const division: Handler = (ctx) => {
	const [a, b] = [input(ctx, 0), input(ctx, 1)];
	if (isInt(a)) return FloorDiv(ctx);
	return [binary(ctx, 'Div', a, b, { fold: (x, y) => x / y, nonNegative: both(a, b) })];
};

const SquaredDifference: Handler = (ctx) => {
	const d = binary(ctx, 'Sub', input(ctx, 0), input(ctx, 1), {
		suffix: 'diff',
		fold: (x, y) => x - y
	});
	return [binary(ctx, 'Mul', d, d, { fold: (x, y) => x * y })];
};

const Maximum: Handler = (ctx) => {
	const [a, b] = [input(ctx, 0), input(ctx, 1)];
	const zero = (v: Value) => v.const && v.const.shape.length === 0 && Number(v.const.data[0]) === 0;
	// ONNX Relu takes integers only from opset 14.
	if (zero(b) && !a.const && a.dtype === 'float32')
		return [unary(ctx, 'Relu', a, { nonNegative: true })];
	return [binary(ctx, 'Max', a, b, { fold: Math.max })];
};

/** x converted to a dtype: ONNX Cast with the matching TensorProto type. */
export function cast(ctx: NodeContext, x: Value, dtype: DType, suffix?: string): Value {
	if (x.dtype === dtype) return x;
	if (x.const) return ctx.g.constant(castConst(x.const, dtype));
	return unary(ctx, 'Cast', x, {
		dtype,
		attrs: { to: ONNX_TYPE[dtype] },
		suffix,
		nonNegative: x.nonNegative
	});
}

export const ONNX_TYPE: Record<DType, number> = {
	float32: 1,
	int32: 6,
	int64: 7,
	bool: 9,
	string: 8
};

const Cast: Handler = (ctx) => [cast(ctx, input(ctx, 0), ctx.attrs.dtype('DstT'))];

function activation(
	onnxOp: string,
	fold?: (x: number) => number,
	attrs?: (ctx: NodeContext) => Record<string, AttrValue>
): Handler {
	return (ctx) => [unary(ctx, onnxOp, input(ctx, 0), { fold, attrs: attrs?.(ctx) })];
}

/** Clip between two scalar constants of x's dtype (Relu6, and Max/Min against scalars). */
export function clip(ctx: NodeContext, x: Value, min: number, max: number, suffix?: string): Value {
	const lo = ctx.g.use(ctx.g.constant(scalar(x.dtype, min)), `${ctx.name}/min`);
	const hi = ctx.g.use(ctx.g.constant(scalar(x.dtype, max)), `${ctx.name}/max`);
	const [out] = ctx.g.emit(
		'Clip',
		[ctx.g.use(x), lo, hi],
		{},
		[{ dtype: x.dtype, shape: x.shape, perm: x.perm, nonNegative: min >= 0 }],
		nodeName(ctx, suffix)
	);
	return out!;
}

const Relu6: Handler = (ctx) => [clip(ctx, input(ctx, 0), 0, 6)];

/** tf.clipByValue as TF.js runs it: a Clip between the first elements of its two bounds. */
const ClipByValue: Handler = (ctx) => {
	const bound = (i: number) => {
		const v = input(ctx, i);
		if (!v.const)
			throw new ConversionError(
				`node "${ctx.name}" (ClipByValue): its bound (input ${i}) is computed at run time; the converter needs it constant`
			);
		return numberAt(v.const, 0);
	};
	return [clip(ctx, input(ctx, 0), bound(1), bound(2))];
};

const Rsqrt: Handler = (ctx) => {
	const x = input(ctx, 0);
	const root = unary(ctx, 'Sqrt', x, { fold: Math.sqrt, suffix: 'sqrt' });
	return [
		binary(ctx, 'Div', ctx.g.constant(scalar('float32', 1)), root, { fold: (a, b) => a / b })
	];
};

const Reciprocal: Handler = (ctx) => [
	binary(ctx, 'Div', ctx.g.constant(scalar(input(ctx, 0).dtype, 1)), input(ctx, 0), {
		fold: (a, b) => a / b
	})
];

const Square: Handler = (ctx) => [
	binary(ctx, 'Mul', input(ctx, 0), input(ctx, 0), { fold: (x, y) => x * y })
];

/** Softmax over TF's last axis, wherever that axis sits in the ONNX layout. */
function softmax(onnxOp: string): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		// Not a unary(): its axis attribute is tied to the layout, so it is not rebuilt in another.
		const axis = x.perm.indexOf(x.shape.length - 1);
		const spec = { dtype: x.dtype, shape: x.shape, perm: x.perm };
		return ctx.g.emit(onnxOp, [x.name], { axis }, [spec], ctx.name);
	};
}

const passThrough: Handler = (ctx) => [...ctx.inputs];

const AddN: Handler = (ctx) => {
	let sum = input(ctx, 0);
	for (let i = 1; i < ctx.inputs.length; i++) {
		const last = i === ctx.inputs.length - 1;
		sum = binary(ctx, 'Add', sum, input(ctx, i), {
			fold: (x, y) => x + y,
			suffix: last ? undefined : `add${i}`
		});
	}
	return [sum];
};

/** ONNX Where: `a` where `cond` holds, else `b`, broadcast in the operands' common layout. */
export function where(ctx: NodeContext, cond: Value, a: Value, b: Value, suffix?: string): Value {
	const shape = broadcastDims(ctx, broadcastDims(ctx, cond.shape, a.shape), b.shape);
	const perm = commonPerm([cond, a, b], shape.length);
	const name = nodeName(ctx, suffix);
	const operands = [cond, a, b].map((v, i) =>
		alignOperand(ctx.g, v, shape.length, perm, `${name}/${i}`)
	);
	const [out] = ctx.g.emit('Where', operands, {}, [{ dtype: a.dtype, shape, perm }], name);
	return out!;
}

const Select: Handler = (ctx) => [where(ctx, input(ctx, 0), input(ctx, 1), input(ctx, 2))];

export const elementwiseHandlers: Record<string, Handler> = {
	Add: arithmetic('Add', (x, y) => x + y, true),
	AddV2: arithmetic('Add', (x, y) => x + y, true),
	BiasAdd: arithmetic('Add', (x, y) => x + y, true),
	Sub: arithmetic('Sub', (x, y) => x - y),
	Mul: arithmetic('Mul', (x, y) => x * y, true),
	RealDiv: division,
	Div: division,
	DivNoNan: arithmetic('Div', (x, y) => (y === 0 ? 0 : x / y), true),
	Pow: arithmetic('Pow', (x, y) => x ** y),
	Maximum,
	Minimum: arithmetic('Min', Math.min, true),
	FloorDiv,
	FloorMod,
	SquaredDifference,
	Equal: comparison('Equal', (x, y) => x === y),
	Greater: comparison('Greater', (x, y) => x > y),
	GreaterEqual: comparison('GreaterOrEqual', (x, y) => x >= y),
	Less: comparison('Less', (x, y) => x < y),
	LessEqual: comparison('LessOrEqual', (x, y) => x <= y),
	LogicalAnd: comparison('And', (x, y) => x !== 0 && y !== 0),
	LogicalOr: comparison('Or', (x, y) => x !== 0 || y !== 0),
	LogicalNot: activation('Not', (x) => Number(x === 0)),
	Select,
	SelectV2: Select,
	Cast,
	Relu: activation('Relu', (x) => Math.max(x, 0)),
	Relu6,
	ClipByValue,
	Elu: activation('Elu', undefined, () => ({ alpha: { f: 1 } })),
	Selu: activation('Selu'),
	LeakyRelu: activation('LeakyRelu', undefined, (ctx) => ({
		alpha: { f: ctx.attrs.float('alpha', 0.2) }
	})),
	Sigmoid: activation('Sigmoid', (x) => 1 / (1 + Math.exp(-x))),
	Tanh: activation('Tanh', Math.tanh),
	Softplus: activation('Softplus'),
	Exp: activation('Exp', Math.exp),
	Log: activation('Log', Math.log),
	Sqrt: activation('Sqrt', Math.sqrt),
	Rsqrt,
	Square,
	Reciprocal,
	Inv: Reciprocal,
	Neg: activation('Neg', (x) => -x),
	Abs: activation('Abs', Math.abs),
	Floor: activation('Floor', Math.floor),
	Ceil: activation('Ceil', Math.ceil),
	Round: activation('Round'),
	Sign: activation('Sign', Math.sign),
	Sin: activation('Sin', Math.sin),
	Cos: activation('Cos', Math.cos),
	Erf: activation('Erf'),
	Softmax: softmax('Softmax'),
	LogSoftmax: softmax('LogSoftmax'),
	AddN,
	Identity: passThrough,
	IdentityN: passThrough,
	StopGradient: passThrough,
	Snapshot: passThrough
};

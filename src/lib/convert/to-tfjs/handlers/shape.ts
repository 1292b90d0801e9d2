// Ops that move or relabel data: Constant, Shape, Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat.
import { ConversionError } from '../../errors.js';
import { concatConst, reshapeConst } from '../../fold.js';
import { identity, inversePerm, isStatic, type Dim } from '../../graph/value.js';
import { dropDims } from '../../handlers/layout.js';
import { sizeOf, toNumbers, transposeConst, type ConstTensor } from '../../tensor.js';
import { tfAttr } from '../tf-attrs.js';
import { commonPerm } from '../layout.js';
import { tfAxis, type TfValue } from '../value.js';
import {
	constInput,
	emitOp,
	input,
	normalizeAxis,
	type NodeContext,
	type OpConverter
} from './context.js';

const int64 = (values: number[]): ConstTensor => ({
	dtype: 'int64',
	shape: [values.length],
	data: BigInt64Array.from(values, (v) => BigInt(v))
});

const constant: OpConverter = {
	convert: (ctx) => {
		const a = ctx.attrs;
		const t =
			a.tensor('value') ??
			(a.has('value_float')
				? { dtype: 'float32' as const, shape: [], data: Float32Array.of(a.float('value_float')) }
				: undefined) ??
			(a.has('value_floats')
				? {
						dtype: 'float32' as const,
						shape: [a.floats('value_floats').length],
						data: Float32Array.from(a.floats('value_floats'))
					}
				: undefined) ??
			(a.has('value_int') ? int64([a.int('value_int')]) : undefined) ??
			(a.has('value_ints') ? int64(a.ints('value_ints')) : undefined);
		if (!t)
			throw new ConversionError(
				`node "${ctx.name}" (Constant): no value attribute Twinfer reads (${a.names().join(', ')})`
			);
		return [ctx.g.constant(a.has('value_int') ? reshapeConst(t, []) : t)];
	}
};

/** Dims [start, end) of a rank-`rank` shape, by the Shape op's opset-15 attributes. */
function shapeRange(ctx: NodeContext, rank: number): [number, number] {
	const clamp = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
	return [clamp(ctx.attrs.int('start', 0)), clamp(ctx.attrs.int('end', rank))];
}

const shape: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const [start, end] = shapeRange(ctx, x.shape.length);
		const dims = x.shape.slice(start, end);
		if (isStatic(dims)) return [ctx.g.constant(int64(dims))];
		const g = ctx.g;
		let ref = g.emit('Shape', [g.ref(x)], {}, `${ctx.name}/tf_shape`)[0]!;
		const order = Array.from({ length: end - start }, (_, k) => tfAxis(x, start + k));
		if (!order.every((o, k) => o === k) || order.length !== x.shape.length)
			ref = g.emit(
				'GatherV2',
				[ref, g.int32(order, `${ctx.name}/dims`), g.int32([0], `${ctx.name}/axis`, [])],
				{ batch_dims: tfAttr.int(0) },
				ctx.name
			)[0]!;
		return [{ ref, dtype: 'int64', shape: [end - start], perm: [0] }];
	}
};

/** Writes a TF Reshape of x (held as ONNX holds it) to `target`, whose dims may be unknown. */
export function reshapeTo(ctx: NodeContext, x: TfValue, target: Dim[], suffix?: string): TfValue {
	const g = ctx.g;
	const plain = g.plain(x, ctx.name);
	const known = target.map((d) => (typeof d === 'number' ? d : -1));
	if (known.filter((d) => d === -1).length > 1)
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): the target shape [${target.join(', ')}] has more than one unknown dim; fix the input's size with --input-shape`
		);
	const ref = g.emit(
		'Reshape',
		[plain.ref, g.int32(known, `${ctx.name}/shape`)],
		{ T: tfAttr.dtype(x.dtype) },
		suffix ? `${ctx.name}/${suffix}` : ctx.name
	)[0]!;
	return { ref, dtype: x.dtype, shape: target, perm: identity(target.length) };
}

/** Reshape's target with 0 (copy the input's dim) and -1 (the rest) resolved where sizes allow. */
function resolveTarget(x: TfValue, spec: number[], allowZero: boolean): Dim[] {
	const dims: Dim[] = spec.map((d, i) =>
		d === 0 && !allowZero ? (x.shape[i] ?? 0) : d === -1 ? '?' : d
	);
	const unknown = dims.findIndex((d) => d === '?');
	if (
		unknown >= 0 &&
		isStatic(x.shape) &&
		dims.every((d, i) => i === unknown || typeof d === 'number')
	) {
		const rest = (dims.filter((_, i) => i !== unknown) as number[]).reduce((a, b) => a * b, 1);
		dims[unknown] = sizeOf(x.shape) / rest;
	}
	return dims.map((d, i) => (d === '?' ? `reshape_dim${i}` : d));
}

/** A computed target shape with each 0 replaced by the input's dim at that index (ONNX's allowzero=0). */
function copyZeros(ctx: NodeContext, plain: TfValue, s: TfValue, length: number): string {
	const g = ctx.g;
	g.rewrite(
		'Reshape',
		'a computed target shape: its zeros replaced by the input dims there (SelectV2)'
	);
	const rank = plain.shape.length;
	let dims = g.emit('Shape', [plain.ref], {}, `${ctx.name}/in_shape`)[0]!;
	if (length < rank)
		dims = g.emit(
			'StridedSlice',
			[
				dims,
				g.int32([0], `${ctx.name}/begin`),
				g.int32([length], `${ctx.name}/end`),
				g.int32([1], `${ctx.name}/step`)
			],
			{},
			`${ctx.name}/in_dims`
		)[0]!;
	if (length > rank)
		dims = g.emit(
			'ConcatV2',
			[
				dims,
				g.int32(new Array<number>(length - rank).fill(0), `${ctx.name}/pad`),
				g.int32([0], `${ctx.name}/axis`, [])
			],
			{ N: tfAttr.int(2), T: tfAttr.dtype('int32') },
			`${ctx.name}/in_dims`
		)[0]!;
	const target = g.ref(s);
	const zero = g.emit(
		'Equal',
		[target, g.int32([0], `${ctx.name}/zero`, [])],
		{ T: tfAttr.dtype('int32') },
		`${ctx.name}/is_zero`
	)[0]!;
	return g.emit(
		'SelectV2',
		[zero, dims, target],
		{ T: tfAttr.dtype('int32') },
		`${ctx.name}/target`
	)[0]!;
}

const reshape: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const s = input(ctx, 1);
		if (!s.const) {
			const rank = s.shape[0];
			if (typeof rank !== 'number')
				throw new ConversionError(
					`node "${ctx.name}" (Reshape): the target shape's length is unknown`
				);
			const plain = ctx.g.plain(x, ctx.name);
			const target =
				ctx.attrs.int('allowzero', 0) === 1 ? ctx.g.ref(s) : copyZeros(ctx, plain, s, rank);
			const ref = ctx.g.emit(
				'Reshape',
				[plain.ref, target],
				{ T: tfAttr.dtype(x.dtype) },
				ctx.name
			)[0]!;
			const dims = Array.from({ length: rank }, (_, i) => `${ctx.name}_dim${i}`);
			return [{ ref, dtype: x.dtype, shape: dims, perm: identity(rank) }];
		}
		const target = resolveTarget(x, toNumbers(s.const), ctx.attrs.int('allowzero', 0) === 1);
		return [reshapeTo(ctx, x, target)];
	},
	fold: (ctx, [x, s]) => [
		reshapeConst(
			x!,
			resolveTarget(
				ctx.g.constant(x!),
				toNumbers(s!),
				ctx.attrs.int('allowzero', 0) === 1
			) as number[]
		)
	]
};

function flattenTarget(x: TfValue, axis: number): Dim[] {
	const size = (dims: Dim[]) => (isStatic(dims) ? sizeOf(dims) : -1);
	const head = size(x.shape.slice(0, axis));
	const tail = size(x.shape.slice(axis));
	return [head < 0 ? 'flatten_dim0' : head, tail < 0 ? 'flatten_dim1' : tail];
}

const flatten: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		return [
			reshapeTo(ctx, x, flattenTarget(x, normalizeAxis(ctx.attrs.int('axis', 1), x.shape.length)))
		];
	},
	fold: (ctx, [x]) => [
		reshapeConst(
			x!,
			flattenTarget(
				ctx.g.constant(x!),
				normalizeAxis(ctx.attrs.int('axis', 1), x!.shape.length)
			) as number[]
		)
	]
};

/** Squeeze's and Unsqueeze's axes: an attribute before opset 13, an input from 13 on. */
function axesOf(ctx: NodeContext, rank: number): number[] | undefined {
	const axes =
		ctx.opset < 13
			? ctx.attrs.has('axes')
				? ctx.attrs.ints('axes')
				: undefined
			: ctx.inputs[1]
				? toNumbers(constInput(ctx, 1, 'axes'))
				: undefined;
	return axes?.map((a) => normalizeAxis(a, rank)).sort((a, b) => a - b);
}

function squeezedAxes(ctx: NodeContext, x: { shape: Dim[] }): number[] {
	const axes = axesOf(ctx, x.shape.length);
	if (axes) return axes;
	if (!isStatic(x.shape))
		throw new ConversionError(
			`node "${ctx.name}" (Squeeze): without axes, it needs a static input shape`
		);
	return x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
}

const squeeze: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const axes = squeezedAxes(ctx, x);
		const shape = x.shape.filter((_, i) => !axes.includes(i));
		const tfAxes = axes.map((a) => tfAxis(x, a));
		const refs = [ctx.g.ref(x)];
		return [
			emitOp(
				ctx,
				'Squeeze',
				refs,
				{ squeeze_dims: tfAttr.ints(tfAxes), T: tfAttr.dtype(x.dtype) },
				{ dtype: x.dtype, shape, perm: dropDims(x.perm, axes) }
			)
		];
	},
	fold: (ctx, [x]) => {
		const axes = squeezedAxes(ctx, x!);
		return [
			reshapeConst(
				x!,
				x!.shape.filter((_, i) => !axes.includes(i))
			)
		];
	}
};

function unsqueezed(ctx: NodeContext, shape: readonly Dim[]): Dim[] {
	const rank = shape.length + (axesOf(ctx, 99)?.length ?? 0);
	const axes = axesOf(ctx, rank);
	if (!axes) throw new ConversionError(`node "${ctx.name}" (Unsqueeze): axes are required`);
	const out: Dim[] = [];
	let k = 0;
	for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : shape[k++]!);
	return out;
}

const unsqueeze: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const target = unsqueezed(ctx, x.shape);
		if (target.filter((d) => typeof d !== 'number').length <= 1) return [reshapeTo(ctx, x, target)];
		let ref = ctx.g.plain(x, ctx.name).ref;
		for (const axis of axesOf(ctx, target.length)!)
			ref = ctx.g.emit(
				'ExpandDims',
				[ref, ctx.g.int32([axis], `${ctx.name}/axis${axis}`, [])],
				{ T: tfAttr.dtype(x.dtype) },
				`${ctx.name}/expand${axis}`
			)[0]!;
		return [{ ref, dtype: x.dtype, shape: target, perm: identity(target.length) }];
	},
	fold: (ctx, [x]) => [reshapeConst(x!, unsqueezed(ctx, x!.shape) as number[])]
};

const transpose: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const p = ctx.attrs.ints(
			'perm',
			x.shape.map((_, i) => x.shape.length - 1 - i)
		);
		const inv = inversePerm(p);
		// No TF op: the same tensor, read with the composed layout.
		return [{ ...x, shape: p.map((i) => x.shape[i]!), perm: x.perm.map((q) => inv[q]!) }];
	},
	fold: (ctx, [x]) => [
		transposeConst(
			x!,
			ctx.attrs.ints(
				'perm',
				x!.shape.map((_, i) => x!.shape.length - 1 - i)
			)
		)
	]
};

/** Concat's axis: required from opset 4 on, 1 when left out before. */
const concatAxis = (ctx: NodeContext): number =>
	ctx.attrs.int('axis', ctx.opset < 4 ? 1 : undefined);

const concat: OpConverter = {
	convert: (ctx) => {
		const parts = ctx.inputs.filter(
			(v): v is TfValue =>
				v !== undefined && v.shape.length > 0 && !(v.const && v.const.shape.includes(0))
		);
		const rank = parts[0]!.shape.length;
		const axis = normalizeAxis(concatAxis(ctx), rank);
		const perm = commonPerm(parts, rank);
		const refs = parts.map((v, i) =>
			ctx.g.ref(ctx.g.inLayout(v, perm, `${ctx.name}/in${i}`), `${ctx.name}/in${i}`)
		);
		const sizes = parts.map((v) => v.shape[axis]!);
		const shape = [...parts[0]!.shape];
		shape[axis] = sizes.every((d) => typeof d === 'number')
			? (sizes as number[]).reduce((a, b) => a + b, 0)
			: `${ctx.name}_dim${axis}`;
		if (parts.length === 1) return [parts[0]!];
		const axisRef = ctx.g.int32([perm.indexOf(axis)], `${ctx.name}/axis`, []);
		return [
			emitOp(
				ctx,
				'ConcatV2',
				[...refs, axisRef],
				{ N: tfAttr.int(parts.length), T: tfAttr.dtype(parts[0]!.dtype) },
				{ dtype: parts[0]!.dtype, shape, perm }
			)
		];
	},
	fold: (ctx, parts) => {
		const present = parts.filter((p): p is ConstTensor => p !== undefined && sizeOf(p.shape) > 0);
		return [concatConst(present, normalizeAxis(concatAxis(ctx), present[0]!.shape.length))];
	}
};

export const shapeHandlers: Record<string, OpConverter> = {
	Constant: constant,
	Shape: shape,
	Reshape: reshape,
	Flatten: flatten,
	Squeeze: squeeze,
	Unsqueeze: unsqueeze,
	Transpose: transpose,
	Concat: concat
};

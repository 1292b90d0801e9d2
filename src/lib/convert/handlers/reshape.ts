// Reshape and its relatives (Squeeze, ExpandDims): done in the input's layout when that is possible.
import { ConversionError } from '../errors.js';
import { reshapeConst } from '../fold.js';
import { reshapeLayout } from '../graph/reshape-layout.js';
import { isStatic, onnxShape, type Dim, type Value } from '../graph/value.js';
import { sizeOf } from '../tensor.js';
import { nodeName, type NodeContext } from './context.js';
import { int64 } from './layout.js';

/** Resolves one -1 in a target shape against a known element count. */
export function resolveShape(
	ctx: NodeContext,
	from: readonly Dim[],
	target: readonly number[]
): Dim[] {
	const unknown = target.filter((d) => d === -1).length;
	if (unknown > 1)
		throw new ConversionError(
			`node "${ctx.name}": reshape target [${target}] has more than one -1`
		);
	if (unknown === 0) return [...target];
	if (!isStatic(from)) return target.map((d) => (d === -1 ? `${ctx.name}_dim` : d));
	const known = sizeOf(target.filter((d) => d !== -1));
	const total = sizeOf(from);
	if (known === 0 || total % known !== 0) {
		throw new ConversionError(
			`node "${ctx.name}": cannot reshape [${from}] (${total} elements) to [${target}]`
		);
	}
	return target.map((d) => (d === -1 ? total / known : d));
}

/** x reshaped to `shape` (TF order); no node at all when the ONNX tensor already has that shape. */
export function reshape(ctx: NodeContext, x: Value, shape: Dim[], suffix?: string): Value {
	if (x.const && isStatic(shape)) return ctx.g.constant(reshapeConst(x.const, shape));
	const source = ctx.g.reshapedFrom.get(x) ?? x;
	if (isStatic(source.shape) && isStatic(shape)) {
		if (sizeOf(source.shape) !== sizeOf(shape)) {
			throw new ConversionError(`node "${ctx.name}": cannot reshape [${x.shape}] to [${shape}]`);
		}
		const layout = reshapeLayout(source.shape, shape, source.perm);
		if (layout) return emitReshape(ctx, source, shape, layout, suffix);
	}
	const canonical = ctx.g.canonical(source);
	return emitReshape(
		ctx,
		canonical,
		shape,
		shape.map((_, i) => i),
		suffix
	);
}

function emitReshape(
	ctx: NodeContext,
	x: Value,
	shape: Dim[],
	perm: number[],
	suffix?: string
): Value {
	const target: Value = { name: x.name, dtype: x.dtype, shape, perm, nonNegative: x.nonNegative };
	const same = onnxShape(target);
	const current = onnxShape(x);
	if (same.length === current.length && same.every((d, i) => d === current[i])) {
		ctx.g.reshapedFrom.set(target, x);
		return target;
	}
	const dims = same.map((d) => (typeof d === 'number' ? d : -1));
	const [out] = ctx.g.emit(
		'Reshape',
		[x.name, ctx.g.initializer(int64(dims), `${nodeName(ctx, suffix)}/shape`)],
		{},
		[{ dtype: x.dtype, shape, perm, nonNegative: x.nonNegative }],
		nodeName(ctx, suffix)
	);
	ctx.g.reshapedFrom.set(out!, x);
	return out!;
}

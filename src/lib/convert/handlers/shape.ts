// Shape ops: Reshape, Squeeze, ExpandDims, Shape, Pack/Unpack, Concat, Split, Transpose, Pad, Tile, Fill.
import { ConversionError } from '../errors.js';
import { broadcastConst, concatConst, sliceConst } from '../fold.js';
import { unknownDimAdvice } from '../graph/sources.js';
import { CHANNELS_FIRST, isStatic, type Dim, type Value } from '../graph/value.js';
import { fromNumbers, sizeOf, toNumbers, transposeConst } from '../tensor.js';
import {
	constInput,
	input,
	nodeName,
	normalizeAxis,
	staticShape,
	type Handler,
	type NodeContext
} from './context.js';
import { cast } from './elementwise.js';
import { commonPerm, dropDims, int64, onnxAxis } from './layout.js';
import { reshape, resolveShape } from './reshape.js';

const Reshape: Handler = (ctx) => {
	const x = input(ctx, 0);
	const shapeInput = input(ctx, 1);
	if (shapeInput.const)
		return [reshape(ctx, x, resolveShape(ctx, x.shape, toNumbers(shapeInput.const)))];
	const rank = staticShape(ctx, shapeInput.shape, 'the shape input')[0]!;
	const dims = Array.from({ length: rank }, (_, i) => `${ctx.name}_d${i}`);
	const shape64 = cast(ctx, shapeInput, 'int64', 'shape');
	return ctx.g.emit(
		'Reshape',
		[ctx.g.canonical(x).name, shape64.name],
		{},
		[{ dtype: x.dtype, shape: dims }],
		ctx.name
	);
};

/** Removes size-1 dims: a reshape when shapes are static, else ONNX Squeeze in the input's layout. */
function squeeze(ctx: NodeContext, x: Value, axes: number[], suffix?: string): Value {
	const shape = x.shape.filter((_, i) => !axes.includes(i));
	if (isStatic(x.shape) || x.const) return reshape(ctx, x, shape, suffix);
	const onnxAxes = axes.map((a) => onnxAxis(x, a)).sort((a, b) => a - b);
	const [out] = ctx.g.emit(
		'Squeeze',
		[x.name, ctx.g.initializer(int64(onnxAxes), `${nodeName(ctx, suffix)}/axes`)],
		{},
		[{ dtype: x.dtype, shape, perm: dropDims(x.perm, axes), nonNegative: x.nonNegative }],
		nodeName(ctx, suffix)
	);
	return out!;
}

/** Inserts a size-1 dim at TF axis `axis`. */
export function expandDims(ctx: NodeContext, x: Value, axis: number, suffix?: string): Value {
	const shape: Dim[] = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
	if (isStatic(x.shape) || x.const) return reshape(ctx, x, shape, suffix);
	const canonical = ctx.g.canonical(x);
	const [out] = ctx.g.emit(
		'Unsqueeze',
		[canonical.name, ctx.g.initializer(int64([axis]), `${nodeName(ctx, suffix)}/axes`)],
		{},
		[{ dtype: x.dtype, shape, nonNegative: x.nonNegative }],
		nodeName(ctx, suffix)
	);
	return out!;
}

const Squeeze: Handler = (ctx) => {
	const x = input(ctx, 0);
	const rank = x.shape.length;
	let axes = ctx.attrs
		.ints('squeeze_dims', ctx.attrs.ints('axis', []))
		.map((a) => normalizeAxis(a, rank));
	if (axes.length === 0)
		axes = staticShape(ctx, x.shape, 'Squeeze without axes').flatMap((d, i) =>
			d === 1 ? [i] : []
		);
	return [squeeze(ctx, x, axes)];
};

const ExpandDims: Handler = (ctx) => {
	const x = input(ctx, 0);
	const [axis] = toNumbers(constInput(ctx, 1, 'the axis'));
	return [expandDims(ctx, x, normalizeAxis(axis!, x.shape.length + 1))];
};

const Shape: Handler = (ctx) => {
	const x = input(ctx, 0);
	const dtype = ctx.attrs.dtype('out_type', 'int32');
	if (isStatic(x.shape))
		return [
			{ ...ctx.g.constant(fromNumbers(dtype, [x.shape.length], x.shape)), nonNegative: true }
		];
	// ONNX Shape reads the dims in the tensor's layout; a Gather puts them back in TF order.
	const [dims] = ctx.g.emit(
		'Shape',
		[x.name],
		{},
		[{ dtype: 'int64', shape: [x.shape.length], nonNegative: true }],
		`${ctx.name}/onnx`
	);
	const order = ctx.g.initializer(
		int64(x.shape.map((_, i) => x.perm.indexOf(i))),
		`${ctx.name}/order`
	);
	const [tf] = ctx.g.emit(
		'Gather',
		[dims!.name, order],
		{ axis: 0 },
		[{ dtype: 'int64', shape: [x.shape.length], nonNegative: true }],
		`${ctx.name}/tf`
	);
	return [cast(ctx, tf!, dtype)];
};

const Size: Handler = (ctx) => {
	const x = input(ctx, 0);
	const dtype = ctx.attrs.dtype('out_type', 'int32');
	if (isStatic(x.shape))
		return [{ ...ctx.g.constant(fromNumbers(dtype, [], [sizeOf(x.shape)])), nonNegative: true }];
	const [size] = ctx.g.emit(
		'Size',
		[x.name],
		{},
		[{ dtype: 'int64', shape: [], nonNegative: true }],
		`${ctx.name}/int64`
	);
	return [cast(ctx, size!, dtype)];
};

/** SparseToDense with constant inputs (as in shape computations) folds; TF.js models rarely have others. */
const SparseToDense: Handler = (ctx) => {
	const indices = constInput(ctx, 0, 'the sparse indices');
	const shape = toNumbers(constInput(ctx, 1, 'the output shape'));
	const values = toNumbers(constInput(ctx, 2, 'the sparse values'));
	const fill = toNumbers(constInput(ctx, 3, 'the default value'))[0]!;
	const dense = new Array<number>(sizeOf(shape)).fill(fill);
	const rank = shape.length;
	const points = toNumbers(indices);
	const count = indices.shape.length === 0 ? 1 : indices.shape[0]!;
	const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
	for (let i = 0; i < count; i++) {
		const at = rank === 0 ? 0 : strides.reduce((sum, s, d) => sum + s * points[i * rank + d]!, 0);
		dense[at] = values.length === 1 ? values[0]! : values[i]!;
	}
	return [ctx.g.constant(fromNumbers(input(ctx, 2).dtype, shape, dense))];
};

/** Joins values along TF axis `axis` in their common layout (folded when all are constant). */
export function concat(ctx: NodeContext, parts: Value[], axis: number, suffix?: string): Value {
	if (parts.every((p) => p.const))
		return ctx.g.constant(
			concatConst(
				parts.map((p) => p.const!),
				axis
			)
		);
	const rank = parts[0]!.shape.length;
	const perm = commonPerm(parts, rank);
	const shape = [...parts[0]!.shape];
	const sizes = parts.map((p) => p.shape[axis]!);
	shape[axis] = sizes.every((s) => typeof s === 'number')
		? (sizes as number[]).reduce((a, b) => a + b, 0)
		: `${ctx.name}_dim`;
	const names = parts.map((p, i) => ctx.g.inLayout(p, perm, `${nodeName(ctx, suffix)}/${i}`).name);
	const [out] = ctx.g.emit(
		'Concat',
		names,
		{ axis: perm.indexOf(axis) },
		[{ dtype: parts[0]!.dtype, shape, perm, nonNegative: parts.every((p) => p.nonNegative) }],
		nodeName(ctx, suffix)
	);
	return out!;
}

const ConcatV2: Handler = (ctx) => {
	const parts = ctx.inputs.slice(0, -1);
	const [axis] = toNumbers(constInput(ctx, ctx.inputs.length - 1, 'the axis'));
	return [concat(ctx, [...parts], normalizeAxis(axis!, parts[0]!.shape.length))];
};

const Concat: Handler = (ctx) => {
	const parts = ctx.inputs.slice(1);
	const [axis] = toNumbers(constInput(ctx, 0, 'the axis'));
	return [concat(ctx, [...parts], normalizeAxis(axis!, parts[0]!.shape.length))];
};

const Pack: Handler = (ctx) => {
	const rank = input(ctx, 0).shape.length + 1;
	const axis = normalizeAxis(ctx.attrs.int('axis', 0), rank);
	const parts = ctx.inputs.map((v, i) => expandDims(ctx, v, axis, `expand${i}`));
	return [concat(ctx, parts, axis)];
};

/** Split as one Slice per piece (WebGL's Split stops at opset 12); pieces keep x's layout. */
function splitBySlices(ctx: NodeContext, x: Value, axis: number, sizes: number[]): Value[] {
	const g = ctx.g;
	const a = onnxAxis(x, axis);
	let start = 0;
	return sizes.map((size, k) => {
		const operands = [
			x.name,
			g.initializer(int64([start]), `${ctx.name}/starts${k}`),
			g.initializer(int64([start + size]), `${ctx.name}/ends${k}`),
			g.initializer(int64([a]), `${ctx.name}/axes${k}`)
		];
		start += size;
		const shape = x.shape.map((d, i) => (i === axis ? size : d));
		const spec = { dtype: x.dtype, shape, perm: x.perm, nonNegative: x.nonNegative };
		const [piece] = g.emit('Slice', operands, {}, [spec], `${ctx.name}/piece${k}`);
		return piece!;
	});
}

/** Splits x along TF axis `axis` into pieces of `sizes`; outputs keep x's layout. */
export function split(ctx: NodeContext, x: Value, axis: number, sizes: number[]): Value[] {
	if (sizes.length === 1) return [x];
	if (x.const) {
		const starts = x.const.shape.map(() => 0);
		return sizes.map((size, k) => {
			starts[axis] = sizes.slice(0, k).reduce((a, b) => a + b, 0);
			const counts = [...x.const!.shape];
			counts[axis] = size;
			return ctx.g.constant(
				sliceConst(
					x.const!,
					[...starts],
					x.const!.shape.map(() => 1),
					counts
				)
			);
		});
	}
	const outputs = sizes.map((size) => {
		const shape = [...x.shape];
		shape[axis] = size;
		return { dtype: x.dtype, shape, perm: x.perm, nonNegative: x.nonNegative };
	});
	// WebGL's Split stops at opset 12, and onnxruntime-web's WebGPU Split gives wrong int32 results
	// (found with npm run bisect): both get one Slice per piece.
	if (ctx.g.target === 'webgl' || x.dtype !== 'float32') {
		// GatherNd splits its index columns as part of its own rewrite.
		if (ctx.op !== 'GatherNd') {
			ctx.g.rewrite(
				ctx.op,
				'one Slice per piece (WebGPU int32 Split is wrong; WebGL Split stops at opset 12)'
			);
		}
		return splitBySlices(ctx, x, axis, sizes);
	}
	const splitName = ctx.g.initializer(int64(sizes), `${ctx.name}/split`);
	return ctx.g.emit('Split', [x.name, splitName], { axis: onnxAxis(x, axis) }, outputs, ctx.name);
}

function splitSizes(ctx: NodeContext, x: Value, axis: number, count: number): number[] {
	const dim = x.shape[axis];
	if (typeof dim !== 'number')
		throw new ConversionError(
			`node "${ctx.name}": split axis needs a static size; ${unknownDimAdvice(ctx.g, dim!)}`
		);
	if (dim % count !== 0)
		throw new ConversionError(`node "${ctx.name}": cannot split ${dim} into ${count} equal parts`);
	return new Array<number>(count).fill(dim / count);
}

const Unpack: Handler = (ctx) => {
	const x = input(ctx, 0);
	const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.shape.length);
	const pieces = split(ctx, x, axis, splitSizes(ctx, x, axis, ctx.attrs.int('num')));
	return pieces.map((p, i) => squeeze(ctx, p, [axis], `squeeze${i}`));
};

const Split: Handler = (ctx) => {
	const x = input(ctx, 1);
	const [axis] = toNumbers(constInput(ctx, 0, 'the axis')).map((a) =>
		normalizeAxis(a, x.shape.length)
	);
	return split(ctx, x, axis!, splitSizes(ctx, x, axis!, ctx.attrs.int('num_split')));
};

const SplitV: Handler = (ctx) => {
	const x = input(ctx, 0);
	const [axis] = toNumbers(constInput(ctx, 2, 'the axis')).map((a) =>
		normalizeAxis(a, x.shape.length)
	);
	const sizes = toNumbers(constInput(ctx, 1, 'the split sizes'));
	const unknown = sizes.indexOf(-1);
	if (unknown >= 0) {
		const dim = staticShape(ctx, x.shape, 'SplitV with -1')[axis!]!;
		sizes[unknown] = dim - sizes.reduce((a, b) => a + b, 1);
	}
	return split(ctx, x, axis!, sizes);
};

/** A TF Transpose only relabels dims: the ONNX tensor stays where it is, with a new layout. */
const Transpose: Handler = (ctx) => {
	const x = input(ctx, 0);
	const p = toNumbers(constInput(ctx, 1, 'the permutation'));
	const shape = p.map((d) => x.shape[d]!);
	ctx.g.rewrite(ctx.op, 'no node: the tensor keeps its place with a new layout');
	const moved: Value = { ...x, shape, perm: x.perm.map((d) => p.indexOf(d)) };
	if (x.const) return [ctx.g.constant(transposeConst(x.const, p))];
	return [moved];
};

const Fill: Handler = (ctx) => {
	const dims = toNumbers(constInput(ctx, 0, 'the dims'));
	const value = constInput(ctx, 1, 'the value');
	return [
		ctx.g.constant(
			fromNumbers(value.dtype, dims, new Array<number>(sizeOf(dims)).fill(Number(value.data[0])))
		)
	];
};

const Range: Handler = (ctx) => {
	const [start, limit, delta] = [0, 1, 2].map((i) =>
		Number(constInput(ctx, i, 'range bounds').data[0])
	);
	const values: number[] = [];
	for (let v = start!; delta! > 0 ? v < limit! : v > limit!; v += delta!) values.push(v);
	return [ctx.g.constant(fromNumbers(ctx.attrs.dtype('Tidx', 'int32'), [values.length], values))];
};

function filled(value: number): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		const shape = staticShape(ctx, x.shape, `${ctx.op}`);
		return [
			ctx.g.constant(fromNumbers(x.dtype, shape, new Array<number>(sizeOf(shape)).fill(value)))
		];
	};
}

/** BroadcastTo: folded for constants, else ONNX Expand in TF layout. */
const BroadcastTo: Handler = (ctx) => {
	const x = input(ctx, 0);
	const shape = toNumbers(constInput(ctx, 1, 'the target shape'));
	if (x.const) return [ctx.g.constant(broadcastConst(x.const, shape))];
	const target = ctx.g.initializer(int64(shape), `${ctx.name}/shape`);
	const spec = { dtype: x.dtype, shape, nonNegative: x.nonNegative };
	return ctx.g.emit('Expand', [ctx.g.canonical(x).name, target], {}, [spec], ctx.name);
};

const Tile: Handler = (ctx) => {
	const x = input(ctx, 0);
	const multiples = toNumbers(constInput(ctx, 1, 'the multiples'));
	const shape = x.shape.map((d, i) => (typeof d === 'number' ? d * multiples[i]! : d));
	const reps = ctx.g.initializer(int64(x.perm.map((p) => multiples[p]!)), `${ctx.name}/repeats`);
	return ctx.g.emit(
		'Tile',
		[ctx.g.use(x), reps],
		{},
		[{ dtype: x.dtype, shape, perm: x.perm, nonNegative: x.nonNegative }],
		ctx.name
	);
};

function pad(mode: 'constant' | 'mirror'): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		const p = toNumbers(constInput(ctx, 1, 'the paddings'));
		const shape = x.shape.map((d, i) =>
			typeof d === 'number' ? d + p[2 * i]! + p[2 * i + 1]! : d
		);
		const pads = int64([...x.perm.map((d) => p[2 * d]!), ...x.perm.map((d) => p[2 * d + 1]!)]);
		const operands = [ctx.g.use(x), ctx.g.initializer(pads, `${ctx.name}/pads`)];
		let onnxMode = 'constant';
		if (mode === 'mirror') {
			const tfMode = ctx.attrs.string('mode');
			if (tfMode !== 'REFLECT')
				throw new ConversionError(
					`node "${ctx.name}": MirrorPad mode ${tfMode} has no ONNX equivalent`
				);
			onnxMode = 'reflect';
		} else if (ctx.inputs.length > 2) {
			operands.push(ctx.g.use(input(ctx, 2), `${ctx.name}/value`));
		}
		return ctx.g.emit(
			'Pad',
			operands,
			{ mode: onnxMode },
			[{ dtype: x.dtype, shape, perm: x.perm }],
			ctx.name
		);
	};
}

/** DepthToSpace: TF's NHWC op is ONNX's (DCR mode) on NCHW. */
const DepthToSpace: Handler = (ctx) => {
	const x = input(ctx, 0);
	const block = ctx.attrs.int('block_size');
	if (ctx.attrs.string('data_format', 'NHWC') !== 'NHWC') {
		throw new ConversionError(`node "${ctx.name}": only NHWC DepthToSpace converts`);
	}
	const [n, h, w, c] = x.shape as [Dim, Dim, Dim, Dim];
	const grow = (d: Dim, f: number) => (typeof d === 'number' ? d * f : d);
	const shape = [n, grow(h, block), grow(w, block), grow(c, 1 / (block * block))];
	const held = ctx.g.inLayout(x, CHANNELS_FIRST, `${ctx.name}/input`);
	const spec = { dtype: x.dtype, shape, perm: CHANNELS_FIRST };
	return ctx.g.emit(
		'DepthToSpace',
		[held.name],
		{ blocksize: block, mode: 'DCR' },
		[spec],
		ctx.name
	);
};

/**
 * TopKV2 as ONNX TopK, with the values read back from the input at the indices (GatherElements):
 * under WebGPU, onnxruntime-web runs TopK on the CPU and the next GPU op reads its values output
 * corrupted (seen with npm run bisect on centernet), while its indices arrive intact. WebGL has
 * neither op, so its target keeps the plain form for the error to name.
 */
const TopKV2: Handler = (ctx) => {
	const x = input(ctx, 0);
	const [k] = toNumbers(constInput(ctx, 1, 'k'));
	const axis = onnxAxis(x, x.shape.length - 1);
	const shape = [...x.shape.slice(0, -1), k!];
	const [topValues, indices] = ctx.g.emit(
		'TopK',
		[ctx.g.use(x), ctx.g.initializer(int64([k!]), `${ctx.name}/k`)],
		{ axis, largest: 1, sorted: 1 },
		[
			{ dtype: x.dtype, shape, perm: x.perm },
			{ dtype: 'int64', shape, perm: x.perm, nonNegative: true }
		],
		`${ctx.name}/topk`
	);
	if (ctx.g.target === 'webgl') return [topValues!, cast(ctx, indices!, 'int32', 'indices')];
	const spec = { dtype: x.dtype, shape, perm: x.perm, nonNegative: x.nonNegative };
	ctx.g.rewrite(
		ctx.op,
		'TopK, values read back with GatherElements (WebGPU corrupts its CPU TopK values)'
	);
	const [values] = ctx.g.emit(
		'GatherElements',
		[ctx.g.use(x), indices!.name],
		{ axis },
		[spec],
		ctx.name
	);
	return [values!, cast(ctx, indices!, 'int32', 'indices')];
};

export const shapeHandlers: Record<string, Handler> = {
	Reshape,
	Squeeze,
	ExpandDims,
	Shape,
	Size,
	SparseToDense,
	ConcatV2,
	Concat,
	Pack,
	Unpack,
	Split,
	SplitV,
	Transpose,
	Fill,
	Range,
	ZerosLike: filled(0),
	OnesLike: filled(1),
	Tile,
	BroadcastTo,
	Pad: pad('constant'),
	PadV2: pad('constant'),
	MirrorPad: pad('mirror'),
	DepthToSpace,
	TopKV2
};

// Resize and Upsample: the modes and coordinate transformations TF.js's ResizeBilinear and ResizeNearestNeighbor do exactly.
import { ConversionError } from '../../errors.js';
import { toNumbers } from '../../tensor.js';
import type { Dim } from '../../graph/value.js';
import { tfAttr } from '../tf-attrs.js';
import { channelsLast, type TfValue } from '../value.js';
import { emitOp, input, type NodeContext, type OpConverter } from './context.js';
import type { OnnxAttrs } from './attrs.js';

const NHWC = channelsLast(4);

interface Method {
	op: 'ResizeBilinear' | 'ResizeNearestNeighbor';
	alignCorners: boolean;
	halfPixelCenters: boolean;
	/** The nearest mode matches TF only when every scale is a whole number. */
	wholeScales: boolean;
}

/** How the node's mode, coordinate transformation and nearest mode map onto TF.js, or why they do not. */
function method(attrs: OnnxAttrs, opset: number): Method | string {
	const mode = attrs.string('mode', 'nearest');
	const coords =
		opset < 11 ? 'asymmetric' : attrs.string('coordinate_transformation_mode', 'half_pixel');
	const nearest = opset < 11 ? 'floor' : attrs.string('nearest_mode', 'round_prefer_floor');
	if (attrs.int('antialias', 0) !== 0) return 'antialias=1';
	if (mode === 'linear' || mode === 'bilinear') {
		const map: Record<string, [boolean, boolean]> = {
			asymmetric: [false, false],
			align_corners: [true, false],
			half_pixel: [false, true],
			pytorch_half_pixel: [false, true]
		};
		const m = map[coords];
		return m
			? { op: 'ResizeBilinear', alignCorners: m[0], halfPixelCenters: m[1], wholeScales: false }
			: `mode=linear with coordinate_transformation_mode=${coords}`;
	}
	if (mode !== 'nearest') return `mode=${mode}`;
	const key = `${coords}/${nearest}`;
	const nearestMap: Record<string, Omit<Method, 'op'>> = {
		'asymmetric/floor': { alignCorners: false, halfPixelCenters: false, wholeScales: false },
		'align_corners/round_prefer_ceil': {
			alignCorners: true,
			halfPixelCenters: false,
			wholeScales: false
		},
		'half_pixel/round_prefer_ceil': {
			alignCorners: false,
			halfPixelCenters: true,
			wholeScales: false
		},
		'half_pixel/round_prefer_floor': {
			alignCorners: false,
			halfPixelCenters: true,
			wholeScales: true
		},
		'pytorch_half_pixel/round_prefer_floor': {
			alignCorners: false,
			halfPixelCenters: true,
			wholeScales: true
		}
	};
	const m = nearestMap[key];
	return m
		? { op: 'ResizeNearestNeighbor', ...m }
		: `mode=nearest with coordinate_transformation_mode=${coords} and nearest_mode=${nearest}`;
}

/** The scales (per ONNX dim) or sizes the node asks for, from its inputs or (Upsample-7) its attribute. */
function request(ctx: NodeContext): { scales?: number[]; sizes?: number[] } {
	if (ctx.op === 'Upsample' && ctx.opset < 9) return { scales: ctx.attrs.floats('scales') };
	const at = (i: number) => {
		const v = ctx.inputs[i];
		if (!v || v.shape[0] === 0) return undefined;
		if (!v.const)
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): its ${i === 3 ? 'sizes' : 'scales'} must be constants`
			);
		return toNumbers(v.const);
	};
	if (ctx.op === 'Upsample' || ctx.opset < 11) return { scales: at(1) };
	const sizes = at(3);
	return sizes ? { sizes } : { scales: at(2) };
}

const resize: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const how = method(ctx.attrs, ctx.opset) as Method;
		if (x.shape.length !== 4)
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): only rank-4 (NCHW) inputs resize, got rank ${x.shape.length}`
			);
		const { scales, sizes } = request(ctx);
		const fixed = (i: number) => (sizes ? sizes[i] === x.shape[i] : scales![i] === 1);
		if (!fixed(0) || !fixed(1))
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): only the spatial dims (H, W) may be resized`
			);
		const g = ctx.g;
		const held = g.inLayout(x, NHWC, ctx.name);
		const spatial = x.shape.slice(2);
		const out: Dim[] = sizes
			? sizes.slice(2)
			: spatial.map((d, i) =>
					typeof d === 'number' ? Math.floor(d * scales![i + 2]!) : `${ctx.name}_dim${i + 2}`
				);
		if (scales && how.op === 'ResizeNearestNeighbor') {
			const exact = spatial.every((d, i) =>
				typeof d === 'number' && !how.wholeScales
					? d * scales[i + 2]! === out[i]
					: Number.isInteger(scales[i + 2])
			);
			if (!exact)
				throw new ConversionError(
					`node "${ctx.name}" (${ctx.op}): nearest resizing by scales [${scales}] is exact in TF.js only for whole-number scales`
				);
		}
		let size: string;
		if (out.every((d) => typeof d === 'number'))
			size = g.int32(out as number[], `${ctx.name}/size`);
		else size = dynamicSize(ctx, held, scales!);
		const attrs = {
			align_corners: tfAttr.bool(how.alignCorners),
			half_pixel_centers: tfAttr.bool(how.halfPixelCenters),
			T: tfAttr.dtype('float32')
		};
		return [
			emitOp(ctx, how.op, [held.ref, size], attrs, {
				dtype: x.dtype,
				shape: [x.shape[0]!, x.shape[1]!, ...out],
				perm: NHWC
			})
		];
	},
	refuse: (attrs, opset) => {
		const m = method(attrs, opset);
		return typeof m === 'string' ? m : undefined;
	}
};

/** floor(H * sh), floor(W * sw) from the input's runtime shape. */
function dynamicSize(ctx: NodeContext, held: TfValue, scales: number[]): string {
	const g = ctx.g;
	ctx.g.rewrite(ctx.op, 'unknown sizes: the output size computed from Shape(x)');
	const shape = g.emit('Shape', [held.ref], {}, `${ctx.name}/in_shape`)[0]!;
	const hw = g.emit(
		'StridedSlice',
		[
			shape,
			g.int32([1], `${ctx.name}/begin`),
			g.int32([3], `${ctx.name}/end`),
			g.int32([1], `${ctx.name}/step`)
		],
		{},
		`${ctx.name}/hw`
	)[0]!;
	const float = g.emit(
		'Cast',
		[hw],
		{ SrcT: tfAttr.dtype('int32'), DstT: tfAttr.dtype('float32') },
		`${ctx.name}/hw_float`
	)[0]!;
	const factor = g.ref(
		g.constant({ dtype: 'float32', shape: [2], data: Float32Array.from(scales.slice(2)) }),
		`${ctx.name}/scales`
	);
	const scaled = g.emit(
		'Mul',
		[float, factor],
		{ T: tfAttr.dtype('float32') },
		`${ctx.name}/scaled`
	)[0]!;
	const floor = g.emit('Floor', [scaled], { T: tfAttr.dtype('float32') }, `${ctx.name}/floor`)[0]!;
	return g.emit(
		'Cast',
		[floor],
		{ SrcT: tfAttr.dtype('float32'), DstT: tfAttr.dtype('int32') },
		`${ctx.name}/size`
	)[0]!;
}

export const resizeHandlers: Record<string, OpConverter> = { Resize: resize, Upsample: resize };

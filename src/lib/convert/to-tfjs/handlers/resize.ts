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
	/** ONNX's coordinate_transformation_mode, and nearest_mode ('' for linear). */
	coords: string;
	nearest: string;
}

/** The TF flags (align_corners, half_pixel_centers) that sample as each ONNX coordinate transformation does. */
const FLAGS: Record<string, [boolean, boolean]> = {
	asymmetric: [false, false],
	align_corners: [true, false],
	half_pixel: [false, true],
	pytorch_half_pixel: [false, true]
};

/** The nearest modes TF's rounding can match, by coordinate transformation (checked size by size in `sampledAlike`). */
const NEAREST: Record<string, string[]> = {
	asymmetric: ['floor'],
	align_corners: ['round_prefer_ceil'],
	half_pixel: ['round_prefer_ceil', 'round_prefer_floor'],
	pytorch_half_pixel: ['round_prefer_ceil', 'round_prefer_floor']
};

/** How the node's mode, coordinate transformation and nearest mode map onto TF.js, or why they do not. */
function method(attrs: OnnxAttrs, opset: number): Method | string {
	const mode = attrs.string('mode', 'nearest');
	const coords =
		opset < 11 ? 'asymmetric' : attrs.string('coordinate_transformation_mode', 'half_pixel');
	const nearest = opset < 11 ? 'floor' : attrs.string('nearest_mode', 'round_prefer_floor');
	if (attrs.int('antialias', 0) !== 0) return 'antialias=1';
	if (attrs.has('axes')) return 'axes';
	const policy = attrs.string('keep_aspect_ratio_policy', 'stretch');
	if (policy !== 'stretch') return `keep_aspect_ratio_policy=${policy}`;
	const flags = FLAGS[coords];
	const [alignCorners, halfPixelCenters] = flags ?? [false, false];
	if (mode === 'linear' || mode === 'bilinear')
		return flags
			? { op: 'ResizeBilinear', alignCorners, halfPixelCenters, coords, nearest: '' }
			: `mode=linear with coordinate_transformation_mode=${coords}`;
	if (mode !== 'nearest') return `mode=${mode}`;
	return NEAREST[coords]?.includes(nearest)
		? { op: 'ResizeNearestNeighbor', alignCorners, halfPixelCenters, coords, nearest }
		: `mode=nearest with coordinate_transformation_mode=${coords} and nearest_mode=${nearest}`;
}

/** Where ONNX samples output index x of a dim of `size` resized by `scale` (its length_resized is size * scale, unfloored). */
function onnxSource(how: Method, size: number, scale: number, x: number): number {
	const resized = size * scale;
	if (how.coords === 'align_corners') return resized > 1 ? (x * (size - 1)) / (resized - 1) : 0;
	if (how.coords === 'asymmetric') return x / scale;
	if (how.coords === 'pytorch_half_pixel' && resized <= 1) return 0;
	return (x + 0.5) / scale - 0.5;
}

/** Where TF.js's CPU kernels sample output index x of a dim resized from `size` to `out`. */
function tfSource(how: Method, size: number, out: number, x: number): number {
	const ratio = how.alignCorners && out > 1 ? (size - 1) / (out - 1) : size / out;
	const at = how.halfPixelCenters ? ratio * (x + 0.5) : ratio * x;
	return how.op === 'ResizeBilinear' && how.halfPixelCenters ? at - 0.5 : at;
}

const ROUND: Record<string, (v: number) => number> = {
	floor: Math.floor,
	ceil: Math.ceil,
	round_prefer_floor: (v) => Math.ceil(v - 0.5),
	round_prefer_ceil: (v) => Math.floor(v + 0.5)
};

/** Whether TF.js reads the same input pixels (and, for linear, at the same places) as ONNX along one dim. */
function dimSampledAlike(how: Method, size: number, out: number, scale: number): boolean {
	const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
	return Array.from({ length: out }, (_, x) => x).every((x) => {
		const onnx = onnxSource(how, size, scale, x);
		const tf = tfSource(how, size, out, x);
		if (how.op === 'ResizeBilinear') return Math.abs(clamp(onnx) - clamp(tf)) <= 1e-5;
		const tfIndex = how.alignCorners ? Math.round(tf) : Math.floor(tf);
		return clamp(ROUND[how.nearest]!(onnx)) === clamp(tfIndex);
	});
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

/** Whether TF.js samples as ONNX does along every spatial dim; where the input's size is unknown, for any size. */
function sampledAlike(how: Method, spatial: Dim[], out: Dim[], scales?: number[]): boolean {
	return spatial.every((d, i) => {
		const o = out[i]!;
		if (typeof d === 'number' && typeof o === 'number')
			return dimSampledAlike(how, d, o, scales ? scales[i + 2]! : o / d);
		if (scales) return Number.isInteger(scales[i + 2]);
		// Sizes over an unknown input: TF's ratio is ONNX's; only ties and one-pixel pytorch_half_pixel outputs differ.
		return (
			how.nearest !== 'round_prefer_floor' && !(how.coords === 'pytorch_half_pixel' && o === 1)
		);
	});
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
		if (!sampledAlike(how, spatial, out, scales))
			throw new ConversionError(
				`node "${ctx.name}" (${ctx.op}): TF.js's ${how.op} reads other input pixels than ONNX's ${how.nearest ? `nearest (${how.nearest})` : 'linear'} resizing with ${how.coords} coordinates from [${spatial}] to [${out}]${scales ? ` by scales [${scales.slice(2)}]` : ''}`
			);
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

// Resize and Upsample: TF.js's ResizeBilinear and ResizeNearestNeighbor where they read the pixels ONNX reads, and
// otherwise (cubic, other roundings and coordinates) ONNX's own sampling as weighted GatherV2s along H and W.
import { ConversionError } from '../../errors.js';
import { toNumbers } from '../../tensor.js';
import { isStatic, type Dim } from '../../graph/value.js';
import { dimTaps, ROUND, sourceCoordinate, type Sampling, type Tap } from '../resample.js';
import { tfAttr } from '../tf-attrs.js';
import { channelsLast, type TfValue } from '../value.js';
import { emitOp, input, type NodeContext, type OpConverter } from './context.js';
import type { OnnxAttrs } from './attrs.js';

const NHWC = channelsLast(4);

/** A TF.js resize kernel and its flags. */
interface Kernel {
	op: 'ResizeBilinear' | 'ResizeNearestNeighbor';
	alignCorners: boolean;
	halfPixelCenters: boolean;
}

/** The TF flags (align_corners, half_pixel_centers) that sample as each ONNX coordinate transformation does. */
const FLAGS: Record<string, [boolean, boolean]> = {
	asymmetric: [false, false],
	align_corners: [true, false],
	half_pixel: [false, true],
	pytorch_half_pixel: [false, true]
};

/** The nearest modes TF's rounding can match, by coordinate transformation (checked size by size in `kernelAlike`). */
const NEAREST: Record<string, string[]> = {
	asymmetric: ['floor'],
	align_corners: ['round_prefer_ceil'],
	half_pixel: ['round_prefer_ceil', 'round_prefer_floor'],
	pytorch_half_pixel: ['round_prefer_ceil', 'round_prefer_floor']
};

const COORDS = [...Object.keys(FLAGS), 'tf_half_pixel_for_nn'];

/** How the node samples, or why it is not converted. */
function sampling(attrs: OnnxAttrs, opset: number): Sampling | string {
	const mode = attrs.string('mode', 'nearest');
	const coords =
		opset < 11 ? 'asymmetric' : attrs.string('coordinate_transformation_mode', 'half_pixel');
	const nearestMode = opset < 11 ? 'floor' : attrs.string('nearest_mode', 'round_prefer_floor');
	if (attrs.int('antialias', 0) !== 0) return 'antialias=1';
	if (attrs.has('axes')) return 'axes';
	const policy = attrs.string('keep_aspect_ratio_policy', 'stretch');
	if (policy !== 'stretch') return `keep_aspect_ratio_policy=${policy}`;
	if (!COORDS.includes(coords)) return `coordinate_transformation_mode=${coords}`;
	if (!ROUND[nearestMode]) return `nearest_mode=${nearestMode}`;
	const m = mode === 'bilinear' ? 'linear' : mode;
	if (m !== 'nearest' && m !== 'linear' && m !== 'cubic') return `mode=${mode}`;
	return {
		mode: m,
		coords,
		nearestMode,
		cubicA: attrs.float('cubic_coeff_a', -0.75),
		excludeOutside: attrs.int('exclude_outside', 0) === 1
	};
}

const describe = (s: Sampling): string =>
	`${s.mode}${s.mode === 'nearest' ? ` (${s.nearestMode})` : ''} resizing with ${s.coords} coordinates`;

/** The TF.js kernel that may sample as `s` does (whether it does depends on the sizes), if any. */
function kernel(s: Sampling): Kernel | undefined {
	const flags = FLAGS[s.coords];
	if (!flags || s.mode === 'cubic') return undefined;
	const [alignCorners, halfPixelCenters] = flags;
	if (s.mode === 'linear') return { op: 'ResizeBilinear', alignCorners, halfPixelCenters };
	return NEAREST[s.coords]!.includes(s.nearestMode)
		? { op: 'ResizeNearestNeighbor', alignCorners, halfPixelCenters }
		: undefined;
}

/** Where TF.js's CPU kernels sample output index x of a dim resized from `size` to `out`. */
function tfSource(k: Kernel, size: number, out: number, x: number): number {
	const ratio = k.alignCorners && out > 1 ? (size - 1) / (out - 1) : size / out;
	const at = k.halfPixelCenters ? ratio * (x + 0.5) : ratio * x;
	return k.op === 'ResizeBilinear' && k.halfPixelCenters ? at - 0.5 : at;
}

/** Whether the kernel reads the same input pixels (and, for linear, at the same places) as ONNX along one dim. */
function dimAlike(s: Sampling, k: Kernel, size: number, out: number, scale: number): boolean {
	const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
	return Array.from({ length: out }, (_, x) => x).every((x) => {
		const onnx = sourceCoordinate(s.coords, size, scale, x);
		const tf = tfSource(k, size, out, x);
		if (k.op === 'ResizeBilinear') return Math.abs(clamp(onnx) - clamp(tf)) <= 1e-5;
		const tfIndex = k.alignCorners ? Math.round(tf) : Math.floor(tf);
		return clamp(ROUND[s.nearestMode]!(onnx)) === clamp(tfIndex);
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

/** Whether the kernel samples as ONNX does along every spatial dim; where the input's size is unknown, for any size. */
function kernelAlike(
	s: Sampling,
	k: Kernel,
	spatial: Dim[],
	out: Dim[],
	scales?: number[]
): boolean {
	return spatial.every((d, i) => {
		const o = out[i]!;
		if (typeof d === 'number' && typeof o === 'number')
			return dimAlike(s, k, d, o, scales ? scales[i + 2]! : o / d);
		if (scales) return Number.isInteger(scales[i + 2]);
		// Sizes over an unknown input: TF's ratio is ONNX's; only ties and one-pixel pytorch_half_pixel outputs differ.
		const ties = s.mode === 'nearest' && s.nearestMode === 'round_prefer_floor';
		return !ties && !(s.coords === 'pytorch_half_pixel' && o === 1);
	});
}

/** ONNX's sampling along one dim of x (NHWC `axis`): a weighted sum of GatherV2s, one per tap that weighs anything. */
function resampleDim(ctx: NodeContext, x: string, axis: number, size: number, taps: Tap[]): string {
	const g = ctx.g;
	const live = taps.filter((t) => t.weight.some((w) => w !== 0));
	const out = live[0]!.index.length;
	const whole = (t: Tap) => t.weight.every((w) => w === 1);
	const same = out === size && live[0]!.index.every((i, k) => i === k);
	if (live.length === 1 && whole(live[0]!) && same) return x;
	const name = `${ctx.name}/${axis === 1 ? 'h' : 'w'}`;
	const axisRef = g.int32([axis], `${name}/axis`, []);
	const terms = live.map((t, k) => {
		const picked = g.emit(
			'GatherV2',
			[x, g.int32(t.index, `${name}/index${k}`), axisRef],
			{ batch_dims: tfAttr.int(0) },
			`${name}/gather${k}`
		)[0]!;
		if (whole(t)) return picked;
		const shape = axis === 1 ? [1, out, 1, 1] : [1, 1, out, 1];
		const weight = g.constant({ dtype: 'float32', shape, data: Float32Array.from(t.weight) });
		return g.emit(
			'Mul',
			[picked, g.ref(weight, `${name}/weight${k}`)],
			{ T: tfAttr.dtype('float32') },
			`${name}/weighted${k}`
		)[0]!;
	});
	if (terms.length === 1) return terms[0]!;
	return g.emit(
		'AddN',
		terms,
		{ N: tfAttr.int(terms.length), T: tfAttr.dtype('float32') },
		`${name}/sum`
	)[0]!;
}

const resize: OpConverter = {
	convert: (ctx) => {
		const x = input(ctx, 0);
		const s = sampling(ctx.attrs, ctx.opset) as Sampling;
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
		// floor(size * scale) in float32, as ONNX Runtime and the graph's own dynamicSize compute it.
		const out: Dim[] = sizes
			? sizes.slice(2)
			: spatial.map((d, i) =>
					typeof d === 'number'
						? Math.floor(Math.fround(d * scales![i + 2]!))
						: `${ctx.name}_dim${i + 2}`
				);
		const k = kernel(s);
		const shape = [x.shape[0]!, x.shape[1]!, ...out];
		if (!k || !kernelAlike(s, k, spatial, out, scales)) {
			if (!isStatic(spatial) || !isStatic(out))
				throw new ConversionError(
					`node "${ctx.name}" (${ctx.op}): ONNX's ${describe(s)} is not what TF.js's resize kernels do, and doing it by hand needs known sizes (got [${spatial}] to [${out}])`
				);
			g.rewrite(ctx.op, `${describe(s)}: weighted GatherV2s along H and W`);
			let ref = held.ref;
			spatial.forEach((size, i) => {
				const scale = scales ? scales[i + 2]! : out[i]! / size;
				ref = resampleDim(ctx, ref, i + 1, size, dimTaps(s, size, out[i]!, scale));
			});
			return [{ ref, dtype: x.dtype, shape, perm: NHWC }];
		}
		let size: string;
		if (out.every((d) => typeof d === 'number'))
			size = g.int32(out as number[], `${ctx.name}/size`);
		else size = dynamicSize(ctx, held, scales!);
		const attrs = {
			align_corners: tfAttr.bool(k.alignCorners),
			half_pixel_centers: tfAttr.bool(k.halfPixelCenters),
			T: tfAttr.dtype('float32')
		};
		return [emitOp(ctx, k.op, [held.ref, size], attrs, { dtype: x.dtype, shape, perm: NHWC })];
	},
	refuse: (attrs, opset) => {
		const s = sampling(attrs, opset);
		return typeof s === 'string' ? s : undefined;
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

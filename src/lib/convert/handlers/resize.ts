// ResizeBilinear / ResizeNearestNeighbor: ONNX Resize on NCHW with TF's coordinate conventions.
import { ConversionError } from '../errors.js';
import { CHANNELS_FIRST, type Dim, type Value } from '../graph/value.js';
import { fromNumbers, toNumbers } from '../tensor.js';
import { constInput, input, type Handler, type NodeContext } from './context.js';
import { int64 } from './layout.js';

/** ONNX coordinate_transformation_mode and nearest_mode matching TF's align_corners / half_pixel_centers. */
function coordinates(ctx: NodeContext, nearest: boolean): Record<string, string> {
	const alignCorners = ctx.attrs.bool('align_corners');
	const halfPixel = ctx.attrs.bool('half_pixel_centers');
	if (alignCorners && halfPixel)
		throw new ConversionError(`node "${ctx.name}": align_corners and half_pixel_centers together`);
	if (!nearest) {
		return {
			coordinate_transformation_mode: alignCorners
				? 'align_corners'
				: halfPixel
					? 'half_pixel'
					: 'asymmetric'
		};
	}
	if (alignCorners)
		return { coordinate_transformation_mode: 'align_corners', nearest_mode: 'round_prefer_ceil' };
	if (halfPixel)
		return { coordinate_transformation_mode: 'tf_half_pixel_for_nn', nearest_mode: 'floor' };
	return { coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' };
}

/**
 * onnxruntime-web's WebGL Resize has no nearest mode (its packed kernel refuses it). Upscaling by a
 * whole factor k is exactly k² copies of the channels (Tile) rearranged by DepthToSpace, which WebGL has.
 */
function nearestForWebgl(ctx: NodeContext, x: Value, held: Value, out: [number, number]): Value[] {
	const [, inH, inW] = x.shape;
	const k = out[0] / Number(inH);
	if (
		ctx.attrs.bool('align_corners') ||
		!Number.isInteger(k) ||
		k < 1 ||
		out[1] !== k * Number(inW) ||
		typeof inH !== 'number'
	)
		throw new ConversionError(
			`unsupported on webgl: Resize (node "${ctx.name}", nearest from ${inH}×${inW} to ${out.join('×')}): onnxruntime-web's WebGL resize has no nearest mode, and only a whole-number upscale has an exact rewrite`
		);
	ctx.g.rewrite('ResizeNearestNeighbor', 'WebGL: Tile the channels k² times, then DepthToSpace(k)');
	// Tile, not a Concat of k² times the same tensor: WebGL's Concat binds each input once by name.
	const repeats = ctx.g.initializer(int64([1, k * k, 1, 1]), `${ctx.name}/repeats`);
	const copies = ctx.g.emit(
		'Tile',
		[held.name, repeats],
		{},
		[{ dtype: x.dtype, shape: x.shape, perm: CHANNELS_FIRST, nonNegative: x.nonNegative }],
		`${ctx.name}/copies`
	)[0]!;
	const [n, , , c] = x.shape;
	return ctx.g.emit(
		'DepthToSpace',
		[copies.name],
		{ blocksize: k, mode: 'DCR' },
		[{ dtype: x.dtype, shape: [n!, ...out, c!], perm: CHANNELS_FIRST, nonNegative: x.nonNegative }],
		ctx.name
	);
}

function resize(nearest: boolean): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		const [outH, outW] = toNumbers(constInput(ctx, 1, 'the output size'));
		const [n, inH, inW, c] = x.shape as [Dim, Dim, Dim, Dim];
		const held = ctx.g.inLayout(x, CHANNELS_FIRST, `${ctx.name}/input`);
		if (nearest && ctx.g.target === 'webgl') return nearestForWebgl(ctx, x, held, [outH!, outW!]);
		const attrs = { mode: nearest ? 'nearest' : 'linear', ...coordinates(ctx, nearest) };
		// Sizes need every dim; with a symbolic batch or channel count, scales say the same for H and W.
		// WebGL's Resize reads only scales.
		let sizing: string[];
		if (typeof n === 'number' && typeof c === 'number' && ctx.g.target !== 'webgl') {
			sizing = ['', ctx.g.initializer(int64([n, c, outH!, outW!]), `${ctx.name}/sizes`)];
		} else if (typeof inH === 'number' && typeof inW === 'number') {
			const scales = fromNumbers('float32', [4], [1, 1, outH! / inH, outW! / inW]);
			sizing = [ctx.g.initializer(scales, `${ctx.name}/scales`)];
		} else {
			throw new ConversionError(
				`node "${ctx.name}": resizing needs a static batch and channels, or static height and width`
			);
		}
		return ctx.g.emit(
			'Resize',
			[held.name, '', ...sizing],
			attrs,
			[
				{
					dtype: x.dtype,
					shape: [n, outH!, outW!, c],
					perm: CHANNELS_FIRST,
					nonNegative: x.nonNegative
				}
			],
			ctx.name
		);
	};
}

export const resizeHandlers: Record<string, Handler> = {
	ResizeBilinear: resize(false),
	ResizeNearestNeighbor: resize(true)
};

// Pooling: MaxPool and AveragePool (pads, ceil_mode, count_include_pad) and the global pools, in NHWC.
import { ConversionError } from '../../errors.js';
import { isStatic } from '../../graph/value.js';
import { readWindow, tfWindowAttrs, windowOutput, with1d, type Window } from '../spatial.js';
import { tfAttr } from '../tf-attrs.js';
import { channelsLast, tfAxis } from '../value.js';
import { emitOp, input, staticShape, type OpConverter } from './context.js';

const NHWC = channelsLast(4);

/** Pads that make floor division give ceil_mode's sizes: extra at the end of each dim. */
function ceilExtra(w: Window, spatial: number[]): number[] {
	return spatial.map((size, i) => {
		const padded = size + w.pads![i]! + w.pads![i + 2]!;
		const k = w.kernel[i]!;
		const s = w.strides[i]!;
		const out = Math.ceil((padded - k) / s) + 1;
		// ONNX drops a last window that would start in the end padding.
		const kept = (out - 1) * s >= size + w.pads![i]! ? out - 1 : out;
		return Math.max(0, (kept - 1) * s + k - padded);
	});
}

/** How many input elements (or padded elements, with count_include_pad) each output window covers. */
function windowCounts(
	w: Window,
	spatial: number[],
	out: number[],
	includePad: boolean
): Float32Array {
	const counts = new Float32Array(out[0]! * out[1]!);
	const span = (i: number, o: number) => {
		const start = o * w.strides[i]! - w.pads![i]!;
		const lo = includePad ? -w.pads![i]! : 0;
		const hi = includePad ? spatial[i]! + w.pads![i + 2]! : spatial[i]!;
		return Math.max(0, Math.min(start + w.kernel[i]!, hi) - Math.max(start, lo));
	};
	for (let y = 0; y < out[0]!; y++)
		for (let x = 0; x < out[1]!; x++) counts[y * out[1]! + x] = span(0, y) * span(1, x);
	return counts;
}

function pool(kind: 'MaxPool' | 'AvgPool'): OpConverter {
	return {
		convert: with1d((ctx) => {
			const x = input(ctx, 0);
			if (x.shape.length !== 4)
				throw new ConversionError(
					`node "${ctx.name}" (${ctx.op}): only 1-D and 2-D pooling (rank-3 and rank-4 inputs) is supported, got rank ${x.shape.length}`
				);
			const w = readWindow(
				ctx.attrs,
				ctx.attrs.ints('kernel_shape'),
				x.shape.slice(2),
				`node "${ctx.name}" (${ctx.op})`
			);
			const ceil = ctx.attrs.int('ceil_mode', 0) === 1;
			const includePad = ctx.attrs.int('count_include_pad', 0) === 1;
			const shape = [
				x.shape[0]!,
				x.shape[1]!,
				...windowOutput(w, x.shape.slice(2), ctx.name, ceil)
			];
			const g = ctx.g;
			let held = g.inLayout(x, NHWC, ctx.name).ref;
			const padded = !w.same && (ceil || w.pads!.some((p) => p > 0));
			const attrs = {
				T: tfAttr.dtype('float32'),
				ksize: tfAttr.ints([1, ...w.kernel, 1]),
				...tfWindowAttrs(w)
			};
			if (!padded || (kind === 'MaxPool' && !ceil && samePads(w, x.shape.slice(2)))) {
				const tfw = padded ? { ...w, same: true } : w;
				return [
					emitOp(
						ctx,
						kind,
						[held],
						{ ...attrs, ...tfWindowAttrs(tfw) },
						{ dtype: 'float32', shape, perm: NHWC }
					)
				];
			}
			const spatial = staticShape(ctx, x.shape.slice(2), `${ctx.op} with pads or ceil_mode`);
			const extra = ceil ? ceilExtra(w, spatial) : [0, 0];
			const [t, l, b, r] = w.pads!;
			ctx.g.rewrite(
				ctx.op,
				kind === 'MaxPool'
					? 'pads: PadV2 with -inf, then VALID'
					: 'pads: Pad with 0, VALID, then scaled by the window counts'
			);
			const paddings = g.int32(
				[0, 0, t!, b! + extra[0]!, l!, r! + extra[1]!, 0, 0],
				`${ctx.name}/paddings`,
				[4, 2]
			);
			const fill = g.ref(
				g.constant({
					dtype: 'float32',
					shape: [],
					data: Float32Array.of(kind === 'MaxPool' ? -Infinity : 0)
				}),
				`${ctx.name}/fill`
			);
			held = g.emit(
				'PadV2',
				[held, paddings, fill],
				{ T: tfAttr.dtype('float32') },
				`${ctx.name}/pad`
			)[0]!;
			const valid = { ...attrs, ...tfWindowAttrs({ ...w, pads: [0, 0, 0, 0] }) };
			const pooled = emitOp(
				ctx,
				kind,
				[held],
				valid,
				{ dtype: 'float32', shape, perm: NHWC },
				kind === 'AvgPool' ? 'pool' : undefined
			);
			if (kind === 'MaxPool') return [pooled];
			const out = shape.slice(2) as number[];
			const counts = windowCounts(w, spatial, out, includePad);
			const factor = counts.map((c) => (w.kernel[0]! * w.kernel[1]!) / c);
			const scale = g.ref(
				g.constant({ dtype: 'float32', shape: [1, out[0]!, out[1]!, 1], data: factor }),
				`${ctx.name}/counts`
			);
			return [
				emitOp(
					ctx,
					'Mul',
					[pooled.ref, scale],
					{ T: tfAttr.dtype('float32') },
					{ dtype: 'float32', shape, perm: NHWC }
				)
			];
		}),
		refuse: (attrs) => {
			if (attrs.ints('dilations', []).some((d) => d !== 1))
				return `dilations=${attrs.ints('dilations')}`;
			if (attrs.int('storage_order', 0) !== 0) return 'storage_order=1';
			return undefined;
		}
	};
}

/** Explicit pads equal to what TF's SAME would add (so MaxPool can say SAME). */
function samePads(w: Window, spatial: readonly (number | string)[]): boolean {
	if (!isStatic(spatial)) return false;
	return spatial.every((size, i) => {
		const total = Math.max(
			(Math.ceil(size / w.strides[i]!) - 1) * w.strides[i]! + w.kernel[i]! - size,
			0
		);
		return w.pads![i] === Math.floor(total / 2) && w.pads![i + 2] === total - Math.floor(total / 2);
	});
}

/** Mean or Max over every spatial dim, kept as size 1, in whatever layout x is held. */
function globalPool(tfOp: 'Mean' | 'Max'): OpConverter {
	return {
		convert: (ctx) => {
			const x = input(ctx, 0);
			const spatial = x.shape.map((_, i) => i).slice(2);
			const axes = spatial.map((a) => tfAxis(x, a));
			const shape = x.shape.map((d, i) => (i >= 2 ? 1 : d));
			const refs = [ctx.g.ref(x), ctx.g.int32(axes, `${ctx.name}/axes`)];
			return [
				emitOp(
					ctx,
					tfOp,
					refs,
					{ keep_dims: tfAttr.bool(true), T: tfAttr.dtype('float32') },
					{ dtype: x.dtype, shape, perm: x.perm }
				)
			];
		}
	};
}

export const poolHandlers: Record<string, OpConverter> = {
	MaxPool: pool('MaxPool'),
	AveragePool: pool('AvgPool'),
	GlobalAveragePool: globalPool('Mean'),
	GlobalMaxPool: globalPool('Max')
};

// StridedSlice and Slice: TF's masks resolved to plain per-axis ranges, run as one ONNX Slice.
import { ConversionError } from '../errors.js';
import { sliceConst } from '../fold.js';
import { unknownDimAdvice } from '../graph/sources.js';
import type { Dim, Value } from '../graph/value.js';
import { toNumbers } from '../tensor.js';
import { constInput, input, type Handler, type NodeContext } from './context.js';
import { int64 } from './layout.js';
import { reshape } from './reshape.js';

/** One input dim after resolving the masks: the range it keeps, and whether it is dropped. */
interface DimRange {
	start: number;
	step: number;
	count: number;
	full: boolean;
	shrink: boolean;
}

const bit = (mask: number, i: number) => (mask & (1 << i)) !== 0;

function rangeOf(
	dim: number,
	begin: number,
	end: number,
	step: number,
	beginMasked: boolean,
	endMasked: boolean
): DimRange {
	if (step === 0) throw new ConversionError('strided slice step is 0');
	const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
	const norm = (v: number) => (v < 0 ? v + dim : v);
	const [lo, hi] = step > 0 ? [0, dim] : [-1, dim - 1];
	const start = beginMasked ? (step > 0 ? 0 : dim - 1) : clamp(norm(begin), lo, hi);
	const stop = endMasked ? (step > 0 ? dim : -1) : clamp(norm(end), lo, hi);
	const count = Math.max(0, Math.ceil((stop - start) / step));
	return { start, step, count, full: step === 1 && start === 0 && count === dim, shrink: false };
}

/** Output shape and per-input-dim ranges of a StridedSlice, following TF's dense-spec rules. */
function stridedRanges(
	ctx: NodeContext,
	shape: readonly Dim[]
): { ranges: DimRange[]; outShape: Dim[] } {
	const begin = toNumbers(constInput(ctx, 1, 'begin'));
	const end = toNumbers(constInput(ctx, 2, 'end'));
	const strides = toNumbers(constInput(ctx, 3, 'strides'));
	const masks = [
		'begin_mask',
		'end_mask',
		'ellipsis_mask',
		'new_axis_mask',
		'shrink_axis_mask'
	].map((m) => ctx.attrs.int(m, 0));
	const [beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask] = masks as [
		number,
		number,
		number,
		number,
		number
	];
	const rank = shape.length;
	const specs = begin.length;
	const ranges: DimRange[] = [];
	const outShape: Dim[] = [];
	const hasEllipsis = ellipsisMask !== 0;
	const consumed = Array.from(
		{ length: specs },
		(_, i) => !bit(newAxisMask, i) && !bit(ellipsisMask, i)
	).filter(Boolean).length;
	const keepAll = (d: number) => {
		const size = shape[d]!;
		ranges.push({
			start: 0,
			step: 1,
			count: typeof size === 'number' ? size : -1,
			full: true,
			shrink: false
		});
		outShape.push(size);
	};
	for (let i = 0; i < specs; i++) {
		if (bit(ellipsisMask, i)) {
			for (let n = rank - consumed; n > 0; n--) keepAll(ranges.length);
		} else if (bit(newAxisMask, i)) {
			outShape.push(1);
		} else {
			const d = ranges.length;
			const size = shape[d];
			if (typeof size !== 'number') {
				if (begin[i] === 0 && bit(endMask, i) && strides[i] === 1) {
					keepAll(d);
					continue;
				}
				throw new ConversionError(
					`node "${ctx.name}": slicing dim ${d} needs a static size; ${unknownDimAdvice(ctx.g, size!)}`
				);
			}
			if (bit(shrinkMask, i)) {
				const index = begin[i]! < 0 ? begin[i]! + size : begin[i]!;
				ranges.push({ start: index, step: 1, count: 1, full: size === 1, shrink: true });
			} else {
				const r = rangeOf(
					size,
					begin[i]!,
					end[i]!,
					strides[i]!,
					bit(beginMask, i),
					bit(endMask, i)
				);
				ranges.push(r);
				outShape.push(r.count);
			}
		}
	}
	if (!hasEllipsis) while (ranges.length < rank) keepAll(ranges.length);
	return { ranges, outShape };
}

/** Applies per-dim ranges to x (in its layout) and reshapes to the output shape. */
function applyRanges(ctx: NodeContext, x: Value, ranges: DimRange[], outShape: Dim[]): Value {
	const sliced = x.shape.map((d, i) => (ranges[i]!.full ? d : ranges[i]!.count));
	if (x.const) {
		const c = x.const;
		const out = sliceConst(
			c,
			ranges.map((r) => r.start),
			ranges.map((r) => r.step),
			sliced as number[]
		);
		return reshape(ctx, ctx.g.constant(out), outShape);
	}
	const active = ranges.map((r, d) => ({ ...r, d })).filter((r) => !r.full);
	let current: Value = x;
	if (active.length > 0) {
		// ONNX reads an end of -1 as "the last element": a slice running past the front needs a lower bound.
		const ends = active.map((r) => {
			const stop = r.start + r.count * r.step;
			return r.step < 0 && stop < 0 ? -(2 ** 31) : stop;
		});
		const g = ctx.g;
		const operands = [
			x.name,
			g.initializer(int64(active.map((r) => r.start)), `${ctx.name}/starts`),
			g.initializer(int64(ends), `${ctx.name}/ends`),
			g.initializer(int64(active.map((r) => x.perm.indexOf(r.d))), `${ctx.name}/axes`),
			g.initializer(int64(active.map((r) => r.step)), `${ctx.name}/steps`)
		];
		const last = outShape.length === sliced.length && outShape.every((d, i) => d === sliced[i]);
		const spec = { dtype: x.dtype, shape: sliced, perm: x.perm, nonNegative: x.nonNegative };
		current = g.emit('Slice', operands, {}, [spec], last ? ctx.name : `${ctx.name}/slice`)[0]!;
	}
	return reshape(ctx, current, outShape, 'reshape');
}

const StridedSlice: Handler = (ctx) => {
	const x = input(ctx, 0);
	const { ranges, outShape } = stridedRanges(ctx, x.shape);
	return [applyRanges(ctx, x, ranges, outShape)];
};

const Slice: Handler = (ctx) => {
	const x = input(ctx, 0);
	const begin = toNumbers(constInput(ctx, 1, 'begin'));
	const size = toNumbers(constInput(ctx, 2, 'size'));
	const ranges = x.shape.map((dim, i) => {
		if (typeof dim !== 'number') {
			if (begin[i] === 0 && size[i] === -1)
				return { start: 0, step: 1, count: -1, full: true, shrink: false };
			throw new ConversionError(
				`node "${ctx.name}": slicing dim ${i} needs a static size; ${unknownDimAdvice(ctx.g, dim)}`
			);
		}
		const count = size[i] === -1 ? dim - begin[i]! : size[i]!;
		return {
			start: begin[i]!,
			step: 1,
			count,
			full: begin[i] === 0 && count === dim,
			shrink: false
		};
	});
	const outShape = x.shape.map((d, i) => (ranges[i]!.full ? d : ranges[i]!.count));
	return [applyRanges(ctx, x, ranges, outShape)];
};

export const sliceHandlers: Record<string, Handler> = { StridedSlice, Slice };

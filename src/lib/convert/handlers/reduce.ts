// Reductions (Mean, Sum, Max, ...) and ArgMax/ArgMin: axes are mapped through the input's layout.
import { foldUnary, reduceConst, reshapeConst } from '../fold.js';
import { CHANNELS_FIRST, samePerm, type Value } from '../graph/value.js';
import { toNumbers } from '../tensor.js';
import { constInput, input, normalizeAxis, type Handler, type NodeContext } from './context.js';
import { cast } from './elementwise.js';
import { dropDims, int64, onnxAxis } from './layout.js';
import { argMaxByMask } from './webgl.js';

interface Reduction {
	onnxOp: string;
	init: number;
	fold: (acc: number, x: number) => number;
	finish?: (acc: number, count: number) => number;
}

const REDUCTIONS: Record<string, Reduction> = {
	Mean: { onnxOp: 'ReduceMean', init: 0, fold: (a, x) => a + x, finish: (a, n) => a / n },
	Sum: { onnxOp: 'ReduceSum', init: 0, fold: (a, x) => a + x },
	Max: { onnxOp: 'ReduceMax', init: -Infinity, fold: Math.max },
	Min: { onnxOp: 'ReduceMin', init: Infinity, fold: Math.min },
	Prod: { onnxOp: 'ReduceProd', init: 1, fold: (a, x) => a * x }
};

function axesOf(ctx: NodeContext, x: Value): number[] {
	const axes = toNumbers(constInput(ctx, 1, 'the reduction axes')).map((a) =>
		normalizeAxis(a, x.shape.length)
	);
	return [...new Set(axes)].sort((a, b) => a - b);
}

function reduction(r: Reduction): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		const axes = axesOf(ctx, x);
		const keep = ctx.attrs.bool('keep_dims');
		const shape = keep
			? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
			: x.shape.filter((_, i) => !axes.includes(i));
		if (x.const) {
			const count = axes.reduce((n, a) => n * (x.const!.shape[a] ?? 1), 1);
			let folded = reduceConst(x.const, axes, r.init, r.fold);
			if (r.finish) folded = foldUnary(folded, folded.dtype, (v) => r.finish!(v, count));
			return [ctx.g.constant(reshapeConst(folded, shape as number[]))];
		}
		const perm = keep ? x.perm : dropDims(x.perm, axes);
		const spec = { dtype: x.dtype, shape, perm, nonNegative: x.nonNegative };
		// A spatial mean over NCHW is GlobalAveragePool, which GPU backends run as one fast kernel.
		if (
			r.onnxOp === 'ReduceMean' &&
			keep &&
			samePerm(x.perm, CHANNELS_FIRST) &&
			axes.join() === '1,2'
		) {
			return ctx.g.emit('GlobalAveragePool', [x.name], {}, [spec], ctx.name);
		}
		const onnxAxes = axes.map((a) => onnxAxis(x, a)).sort((a, b) => a - b);
		const keepdims = keep ? 1 : 0;
		// Opset 13 takes ReduceSum's axes as an input and the others' as an attribute.
		if (r.onnxOp === 'ReduceSum') {
			const axesName = ctx.g.initializer(int64(onnxAxes), `${ctx.name}/axes`);
			return ctx.g.emit('ReduceSum', [x.name, axesName], { keepdims }, [spec], ctx.name);
		}
		return ctx.g.emit(r.onnxOp, [x.name], { axes: onnxAxes, keepdims }, [spec], ctx.name);
	};
}

function argReduction(onnxOp: 'ArgMax' | 'ArgMin'): Handler {
	return (ctx) => {
		const x = input(ctx, 0);
		const [axis] = toNumbers(constInput(ctx, 1, 'the axis')).map((a) =>
			normalizeAxis(a, x.shape.length)
		);
		if (onnxOp === 'ArgMax' && ctx.g.target === 'webgl') return [argMaxByMask(ctx, x, axis!)];
		const shape = x.shape.filter((_, i) => i !== axis);
		const [indices] = ctx.g.emit(
			onnxOp,
			[x.name],
			{ axis: onnxAxis(x, axis!), keepdims: 0, select_last_index: 0 },
			[{ dtype: 'int64', shape, perm: dropDims(x.perm, [axis!]), nonNegative: true }],
			`${ctx.name}/int64`
		);
		return [cast(ctx, indices!, ctx.attrs.dtype('output_type', 'int32'))];
	};
}

export const reduceHandlers: Record<string, Handler> = {
	Mean: reduction(REDUCTIONS.Mean!),
	Sum: reduction(REDUCTIONS.Sum!),
	Max: reduction(REDUCTIONS.Max!),
	Min: reduction(REDUCTIONS.Min!),
	Prod: reduction(REDUCTIONS.Prod!),
	ArgMax: argReduction('ArgMax'),
	ArgMin: argReduction('ArgMin')
};

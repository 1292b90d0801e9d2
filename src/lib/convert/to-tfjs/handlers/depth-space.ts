// DepthToSpace (DCR and CRD) and SpaceToDepth in NHWC, where TF's DepthToSpace works and a conv net holds its tensors.
import { ConversionError } from '../../errors.js';
import type { Dim } from '../../graph/value.js';
import { tfAttr } from '../tf-attrs.js';
import { channelsLast, type TfValue } from '../value.js';
import { emitOp, input, staticShape, type NodeContext, type OpConverter } from './context.js';

const NHWC = channelsLast(4);

function rank4(ctx: NodeContext): TfValue {
	const x = input(ctx, 0);
	if (x.shape.length !== 4)
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): the input must have rank 4, got ${x.shape.length}`
		);
	return x;
}

const times = (d: Dim, k: number, name: string): Dim => (typeof d === 'number' ? d * k : name);

const depthToSpace: OpConverter = {
	convert: (ctx) => {
		const x = rank4(ctx);
		const bs = ctx.attrs.int('blocksize');
		const g = ctx.g;
		let held = g.inLayout(x, NHWC, ctx.name).ref;
		const [n, c, h, w] = x.shape;
		if (ctx.attrs.string('mode', 'DCR') === 'CRD') {
			// TF reads channel (i * bs + j) * C' + c where CRD holds c * bs^2 + i * bs + j: reorder them first.
			const [channels] = staticShape(ctx, [c!], 'DepthToSpace with mode=CRD');
			const depth = channels! / (bs * bs);
			const order = Array.from(
				{ length: channels! },
				(_, q) => (q % depth) * bs * bs + Math.floor(q / depth)
			);
			ctx.g.rewrite('DepthToSpace', 'mode=CRD: channels reordered by a GatherV2, then DCR');
			held = g.emit(
				'GatherV2',
				[held, g.int32(order, `${ctx.name}/order`), g.int32([3], `${ctx.name}/axis`, [])],
				{ batch_dims: tfAttr.int(0) },
				`${ctx.name}/crd`
			)[0]!;
		}
		const shape = [
			n!,
			typeof c === 'number' ? c / (bs * bs) : `${ctx.name}_dim1`,
			times(h!, bs, `${ctx.name}_dim2`),
			times(w!, bs, `${ctx.name}_dim3`)
		];
		return [
			emitOp(
				ctx,
				'DepthToSpace',
				[held],
				{ block_size: tfAttr.int(bs), data_format: tfAttr.str('NHWC'), T: tfAttr.dtype(x.dtype) },
				{ dtype: x.dtype, shape, perm: NHWC }
			)
		];
	},
	refuse: (attrs) => {
		const mode = attrs.string('mode', 'DCR');
		return mode === 'DCR' || mode === 'CRD' ? undefined : `mode=${mode}`;
	}
};

/** TF.js has no SpaceToDepth: in NHWC, Reshape to blocks, swap the block rows with the columns, Reshape. */
const spaceToDepth: OpConverter = {
	convert: (ctx) => {
		const x = rank4(ctx);
		const bs = ctx.attrs.int('blocksize');
		const [c, h, w] = staticShape(ctx, x.shape.slice(1), 'SpaceToDepth') as [
			number,
			number,
			number
		];
		const g = ctx.g;
		const T = tfAttr.dtype(x.dtype);
		ctx.g.rewrite('SpaceToDepth', 'in NHWC: Reshape to 6-D blocks, Transpose, Reshape');
		const held = g.inLayout(x, NHWC, ctx.name).ref;
		const blocks = g.emit(
			'Reshape',
			[held, g.int32([-1, h / bs, bs, w / bs, bs, c], `${ctx.name}/blocks`)],
			{ T },
			`${ctx.name}/blocks`
		)[0]!;
		const moved = g.emit(
			'Transpose',
			[blocks, g.int32([0, 1, 3, 2, 4, 5], `${ctx.name}/perm`)],
			{ T },
			`${ctx.name}/transpose`
		)[0]!;
		const shape = [x.shape[0]!, c * bs * bs, h / bs, w / bs];
		return [
			emitOp(
				ctx,
				'Reshape',
				[moved, g.int32([-1, h / bs, w / bs, c * bs * bs], `${ctx.name}/shape`)],
				{ T },
				{ dtype: x.dtype, shape, perm: NHWC }
			)
		];
	}
};

export const depthSpaceHandlers: Record<string, OpConverter> = {
	DepthToSpace: depthToSpace,
	SpaceToDepth: spaceToDepth
};

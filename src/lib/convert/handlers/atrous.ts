// Atrous convolutions as TF writes them (SpaceToBatchND -> convolution -> BatchToSpaceND): one Conv with dilations.
import { ConversionError } from '../errors.js';
import type { Deferred, GraphBuilder } from '../graph/builder.js';
import { identity, type Value } from '../graph/value.js';
import { toNumbers } from '../tensor.js';
import { constInput, input, type Handler, type NodeContext } from './context.js';

const PATTERN =
	'an atrous convolution (SpaceToBatchND, a VALID stride-1 NHWC convolution, BatchToSpaceND)';

const CONVOLUTIONS = [
	'Conv2D',
	'_FusedConv2D',
	'DepthwiseConv2dNative',
	'DepthwiseConv2d',
	'FusedDepthwiseConv2dNative',
	'_FusedDepthwiseConv2dNative'
];

/** A SpaceToBatchND left for its convolution: its input, block and paddings ([top, bottom, left, right]). */
interface SpaceToBatch extends Deferred {
	x: Value;
	block: number[];
	paddings: number[];
}

/** A convolution over a SpaceToBatchND, left for its BatchToSpaceND: makes the Conv on the original input. */
interface AtrousConvolution extends Deferred {
	spaceToBatch: SpaceToBatch;
	make(pads: number[]): Value;
}

/** Makes a convolution of the node being converted on `x`, with these dilations and ONNX pads. */
export type EmitConvolution = (x: Value, dilations: number[], pads: number[]) => Value;

const isSpaceToBatch = (d: Deferred | undefined): d is SpaceToBatch => d?.kind === 'SpaceToBatchND';
const isAtrous = (d: Deferred | undefined): d is AtrousConvolution =>
	d?.kind === 'atrous convolution';

/** A value no tensor holds, with dims nobody reads (see Deferred). */
function deferredValue(ctx: NodeContext, dtype: Value['dtype']): Value {
	const shape = ['n', 'h', 'w', 'c'].map((d) => `${ctx.name}_${d}`);
	return { name: ctx.name, dtype, shape, perm: identity(4) };
}

/** What made v, when a SpaceToBatchND did. */
export function spaceToBatchOf(g: GraphBuilder, v: Value): SpaceToBatch | undefined {
	const d = g.deferred.get(v);
	return isSpaceToBatch(d) ? d : undefined;
}

const SpaceToBatchND: Handler = (ctx) => {
	const x = input(ctx, 0);
	const block = toNumbers(constInput(ctx, 1, 'the block shape'));
	const paddings = toNumbers(constInput(ctx, 2, 'the paddings'));
	if (x.shape.length !== 4 || block.length !== 2) {
		throw new ConversionError(
			`node "${ctx.name}" (SpaceToBatchND): only a 2-D block over an NHWC tensor converts, as part of ${PATTERN}`
		);
	}
	const out = deferredValue(ctx, x.dtype);
	const left: SpaceToBatch = {
		kind: 'SpaceToBatchND',
		node: ctx.name,
		readers: CONVOLUTIONS,
		pattern: PATTERN,
		x,
		block,
		paddings
	};
	ctx.g.deferred.set(out, left);
	return [out];
};

/** The convolution `ctx` over a SpaceToBatchND, left for the BatchToSpaceND that gives its crops. */
export function atrous(ctx: NodeContext, spaceToBatch: SpaceToBatch, emit: EmitConvolution): Value {
	const ones = (name: string) => ctx.attrs.ints(name, [1, 1, 1, 1]).every((v) => v === 1);
	const problems = [
		ctx.attrs.string('padding', 'VALID') !== 'VALID' && 'its padding is not VALID',
		!ones('strides') && 'it has strides',
		!ones('dilations') && 'it is dilated already',
		ctx.attrs.string('data_format', 'NHWC') !== 'NHWC' && 'it is not NHWC'
	].filter(Boolean);
	if (problems.length > 0) {
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}) reads SpaceToBatchND "${spaceToBatch.node}", but ${problems.join(' and ')}; only ${PATTERN} converts`
		);
	}
	const out = deferredValue(ctx, spaceToBatch.x.dtype);
	const left: AtrousConvolution = {
		kind: 'atrous convolution',
		node: ctx.name,
		readers: ['BatchToSpaceND'],
		pattern: PATTERN,
		spaceToBatch,
		make: (pads) => emit(spaceToBatch.x, spaceToBatch.block, pads)
	};
	ctx.g.deferred.set(out, left);
	return out;
}

/** Completes an atrous convolution: cropping its output is padding its input less. */
const BatchToSpaceND: Handler = (ctx) => {
	const conv = ctx.g.deferred.get(input(ctx, 0));
	if (!isAtrous(conv)) {
		throw new ConversionError(
			`node "${ctx.name}" (BatchToSpaceND) does not end a convolution over a SpaceToBatchND; only ${PATTERN} converts`
		);
	}
	const { block, paddings, node } = conv.spaceToBatch;
	const given = toNumbers(constInput(ctx, 1, 'the block shape'));
	const crops = toNumbers(constInput(ctx, 2, 'the crops'));
	if (given.length !== 2 || given.some((b, i) => b !== block[i])) {
		throw new ConversionError(
			`node "${ctx.name}" (BatchToSpaceND): block [${given}] differs from SpaceToBatchND "${node}"'s [${block}]`
		);
	}
	// TF [[top, bottom], [left, right]] -> ONNX [top, left, bottom, right].
	const pads = [0, 2, 1, 3].map((i) => paddings[i]! - crops[i]!);
	if (pads.some((p) => p < 0)) {
		throw new ConversionError(
			`node "${ctx.name}" (BatchToSpaceND): crops [${crops}] exceed the paddings [${paddings}] of SpaceToBatchND "${node}"`
		);
	}
	ctx.g.rewrite(
		'SpaceToBatchND',
		'one Conv with dilations, with its convolution and BatchToSpaceND'
	);
	return [conv.make(pads)];
};

export const atrousHandlers: Record<string, Handler> = { SpaceToBatchND, BatchToSpaceND };

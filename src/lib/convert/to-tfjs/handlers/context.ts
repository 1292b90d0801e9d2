// What a handler sees of the ONNX node it converts, and the converter every op implements.
import { ConversionError } from '../../errors.js';
import type { Dim } from '../../graph/value.js';
import type { ConstTensor } from '../../tensor.js';
import type { AttrValueJson } from '../../tfjs/model-json.js';
import type { TfGraphBuilder } from '../builder.js';
import type { TfValue } from '../value.js';
import type { OnnxAttrs } from './attrs.js';

export interface NodeContext {
	/** ONNX node name (its first output's name when the node has none). */
	readonly name: string;
	readonly op: string;
	readonly opset: number;
	readonly attrs: OnnxAttrs;
	/** Inputs in ONNX order; undefined for an optional input left out. */
	readonly inputs: readonly (TfValue | undefined)[];
	/** How many outputs the node has (Split without sizes makes that many equal parts). */
	readonly outputs: number;
	readonly g: TfGraphBuilder;
}

export interface OpConverter {
	/** Writes TF nodes for the ONNX node; returns its outputs in ONNX order. */
	convert(ctx: NodeContext): TfValue[];
	/** Computes the outputs at conversion time when every input is a constant (shape arithmetic). */
	fold?(ctx: NodeContext, inputs: readonly (ConstTensor | undefined)[]): ConstTensor[];
	/** Why this node cannot be converted, from its attributes alone (checked for every node first). */
	refuse?(attrs: OnnxAttrs, opset: number): string | undefined;
}

export function input(ctx: NodeContext, i: number): TfValue {
	const v = ctx.inputs[i];
	if (!v) throw new ConversionError(`node "${ctx.name}" (${ctx.op}) needs input ${i}`);
	return v;
}

/** An input that must be known at conversion time (weights, axes, shapes). */
export function constInput(ctx: NodeContext, i: number, what: string): ConstTensor {
	const v = input(ctx, i);
	if (!v.const)
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): ${what} (input ${i}) must be a constant`
		);
	return v.const;
}

export function staticShape(ctx: NodeContext, shape: readonly Dim[], what: string): number[] {
	if (!shape.every((d) => typeof d === 'number'))
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): ${what} needs a static shape, got [${shape.join(', ')}]; fix the input's size with --input-shape`
		);
	return shape as number[];
}

/** A negative axis counted from the end. */
export const normalizeAxis = (axis: number, rank: number): number =>
	axis < 0 ? axis + rank : axis;

/** Emits one TF op for the node; the output has `shape`, held in `perm`. */
export function emitOp(
	ctx: NodeContext,
	op: string,
	inputs: readonly string[],
	attrs: Record<string, AttrValueJson>,
	out: { dtype: TfValue['dtype']; shape: Dim[]; perm: number[] },
	suffix?: string
): TfValue {
	const ref = ctx.g.emit(op, inputs, attrs, suffix ? `${ctx.name}/${suffix}` : ctx.name)[0]!;
	return { ref, dtype: out.dtype, shape: out.shape, perm: out.perm };
}

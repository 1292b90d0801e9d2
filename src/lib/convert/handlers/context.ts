// What a handler sees of the TF node it converts, and the handler type every op family implements.
import { ConversionError } from '../errors.js';
import type { GraphBuilder } from '../graph/builder.js';
import { notConstantAdvice, unknownDimAdvice } from '../graph/sources.js';
import { isStatic, type Dim, type Value } from '../graph/value.js';
import type { ConstTensor } from '../tensor.js';
import type { Attrs } from '../tfjs/attrs.js';

export interface NodeContext {
	readonly name: string;
	readonly op: string;
	readonly attrs: Attrs;
	readonly inputs: readonly Value[];
	readonly g: GraphBuilder;
}

/** Converts one TF node; returns its outputs in TF order. */
export type Handler = (ctx: NodeContext) => Value[];

export function input(ctx: NodeContext, i: number): Value {
	const v = ctx.inputs[i];
	if (!v) throw new ConversionError(`node "${ctx.name}" (${ctx.op}) needs input ${i}`);
	return v;
}

/** An input that must be known at conversion time (weights, axes, shapes). */
export function constInput(ctx: NodeContext, i: number, what: string): ConstTensor {
	const v = input(ctx, i);
	if (!v.const) {
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): ${what} (input ${i}) must be a constant${notConstantAdvice(ctx.g, v.name)}`
		);
	}
	return v.const;
}

export function staticShape(ctx: NodeContext, shape: readonly Dim[], what: string): number[] {
	if (!isStatic(shape)) {
		const unknown = shape.find((d) => typeof d === 'string')!;
		throw new ConversionError(
			`node "${ctx.name}" (${ctx.op}): ${what} needs a static shape, got [${shape.join(', ')}]; ${unknownDimAdvice(ctx.g, String(unknown))}`
		);
	}
	return [...shape];
}

/** A negative axis counted from the end. */
export const normalizeAxis = (axis: number, rank: number): number =>
	axis < 0 ? axis + rank : axis;

/** ONNX node names follow the TF node, so a converted graph reads like its source. */
export const nodeName = (ctx: NodeContext, suffix?: string): string =>
	suffix ? `${ctx.name}/${suffix}` : ctx.name;

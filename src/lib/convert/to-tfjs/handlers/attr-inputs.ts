// Attributes that later opsets turned into inputs (axes, pads, split, k...): one reader for both forms.
import { toNumbers } from '../../tensor.js';
import { constInput, type NodeContext } from './context.js';

/**
 * Integers given as attribute `name` before opset `since` and as constant input `index` from then on;
 * undefined when the node leaves them out.
 */
export function intsArg(
	ctx: NodeContext,
	name: string,
	index: number,
	since: number
): number[] | undefined {
	if (ctx.opset < since) return ctx.attrs.has(name) ? ctx.attrs.ints(name) : undefined;
	return ctx.inputs[index] ? toNumbers(constInput(ctx, index, name)) : undefined;
}

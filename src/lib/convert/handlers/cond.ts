// tf.cond as TF writes it (Switch ... Merge): a predicate known at conversion time picks the branch.
import { ConversionError } from '../errors.js';
import { inputsBehind } from '../graph/sources.js';
import type { Value } from '../graph/value.js';
import { scalar } from '../tensor.js';
import { input, type Handler } from './context.js';

/** What a Switch gives on the branch not taken: the walk skips every node that reads it, but Merge. */
export const UNTAKEN: Value = Object.freeze({ name: '', dtype: 'bool', shape: [], perm: [] });

const Switch: Handler = (ctx) => {
	const [data, predicate] = [input(ctx, 0), input(ctx, 1)];
	if (!predicate.const) {
		const inputs = inputsBehind(ctx.g, predicate.name);
		const behind =
			inputs.length > 0 ? ` (it depends on ${inputs.map((i) => `input "${i}"`).join(', ')})` : '';
		throw new ConversionError(
			`node "${ctx.name}" (Switch): its tf.cond predicate is known only at run time${behind}; a tf.cond converts only when its predicate folds to a constant`
		);
	}
	ctx.g.rewrite(ctx.op, 'the branch its constant predicate picks; the other is left out');
	return Number(predicate.const.data[0]) !== 0 ? [UNTAKEN, data] : [data, UNTAKEN];
};

/** The one taken input, and its index. */
const Merge: Handler = (ctx) => {
	const taken = ctx.inputs.flatMap((v, i) => (v === UNTAKEN ? [] : [i]));
	if (taken.length !== 1) {
		throw new ConversionError(
			`node "${ctx.name}" (Merge): ${taken.length} of its inputs are taken; a tf.cond whose predicate folds takes one`
		);
	}
	return [input(ctx, taken[0]!), ctx.g.constant(scalar('int32', taken[0]!))];
};

export const condHandlers: Record<string, Handler> = { Switch, Merge };

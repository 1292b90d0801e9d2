// Builds the ONNX graph: names, initializers, nodes, and the layout changes between them.
import { transposeConst, type ConstTensor, type DType } from '../tensor.js';
import type { ShapedNode } from '../work.js';
import {
	identity,
	inversePerm,
	isIdentity,
	onnxShape,
	restrictPerm,
	samePerm,
	type Dim,
	type Value
} from './value.js';

/** An ONNX attribute: int, ints, string, float ({ f }), floats ({ floats }) or tensor ({ t }). */
export type AttrValue =
	number | number[] | string | { f: number } | { floats: number[] } | { t: ConstTensor };

export interface OnnxNode {
	op: string;
	name: string;
	inputs: string[];
	outputs: string[];
	attrs: Record<string, AttrValue>;
}

export interface ValueInfo {
	name: string;
	dtype: DType;
	shape: Dim[];
}

/** What an emitted node produces: TF shape and dtype, and the ONNX layout it comes out in. */
export interface OutputSpec {
	dtype: DType;
	shape: Dim[];
	perm?: number[];
	nonNegative?: boolean;
}

const int64Tensor = (values: number[]): ConstTensor => ({
	dtype: 'int64',
	shape: [values.length],
	data: BigInt64Array.from(values.map(BigInt))
});

/** True when going from layout `from` to `to` keeps every dim larger than 1 in the same order. */
function movesOnlyUnitDims(
	shape: readonly Dim[],
	from: readonly number[],
	to: readonly number[]
): boolean {
	if (!shape.every((d) => typeof d === 'number')) return false;
	const big = (perm: readonly number[]) => perm.filter((p) => shape[p] !== 1);
	const a = big(from);
	const b = big(to);
	return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** A TF op that did not map one-to-one onto an ONNX op: how it was written, and for how many nodes. */
export interface Rewrite {
	op: string;
	how: string;
	nodes: number;
}

/** How an element-wise value was made, so it can be made again in another layout. */
export interface Recipe {
	operands: readonly Value[];
	rebuild(perm: number[]): Value;
}

/**
 * A value no tensor holds yet: the middle of a pattern that only certain readers complete (an atrous
 * convolution's SpaceToBatchND, read by its convolution). Any other reader fails, naming `node`.
 */
export interface Deferred {
	/** What it is, so that its readers can tell it from other deferred values. */
	kind: string;
	/** The TF node that left it. */
	node: string;
	/** TF ops that complete it. */
	readers: readonly string[];
	/** The pattern, for the error when another op reads it. */
	pattern: string;
}

/** How deep a chain of element-wise ops is rebuilt in a new layout rather than transposed. */
const REBUILD_DEPTH = 12;

export class GraphBuilder {
	/** 'webgl' asks handlers for the exact rewrites that keep a model on the WebGL EP. */
	constructor(readonly target: 'any' | 'webgl' = 'any') {}

	readonly nodes: OnnxNode[] = [];
	readonly initializers = new Map<string, ConstTensor>();
	readonly inputs: ValueInfo[] = [];
	readonly outputs: ValueInfo[] = [];
	readonly warnings: string[] = [];
	readonly #rewrites = new Map<string, Rewrite>();
	/** For a value made by reshaping another, that other: chains of reshapes collapse into one. */
	readonly reshapedFrom = new WeakMap<Value, Value>();
	/** Values left for particular readers to complete (see Deferred). */
	readonly deferred = new WeakMap<Value, Deferred>();

	readonly #names = new Set<string>();
	readonly #written = new WeakMap<ConstTensor, string>();
	readonly #moved = new WeakMap<ConstTensor, Map<string, Value>>();
	readonly #relayouts = new Map<string, Value>();
	readonly #recipes = new WeakMap<Value, Recipe>();
	readonly #graphInputs = new Set<string>();
	/** ONNX shapes of the tensors the nodes make, by name. */
	readonly #shapes = new Map<string, Dim[]>();

	/** A fresh tensor or node name based on `base`. */
	uniqueName(base: string): string {
		let name = base;
		for (let i = 1; this.#names.has(name); i++) name = `${base}__${i}`;
		this.#names.add(name);
		return name;
	}

	reserve(name: string): void {
		this.#names.add(name);
	}

	constant(tensor: ConstTensor): Value {
		return {
			name: '',
			dtype: tensor.dtype,
			shape: tensor.shape,
			perm: identity(tensor.shape.length),
			const: tensor
		};
	}

	/** Declares a graph input of the given TF shape; the ONNX input has the same shape. */
	input(name: string, dtype: DType, shape: Dim[]): Value {
		this.reserve(name);
		this.inputs.push({ name, dtype, shape });
		this.#graphInputs.add(name);
		this.#shapes.set(name, shape);
		return { name, dtype, shape, perm: identity(shape.length) };
	}

	/** The ONNX name of v, writing a constant as an initializer the first time it is used. */
	use(v: Value, hint = 'const'): string {
		if (!v.const) return v.name;
		const known = this.#written.get(v.const);
		if (known) return known;
		const name = this.uniqueName(hint);
		this.initializers.set(name, v.const);
		this.#written.set(v.const, name);
		return name;
	}

	/** An initializer for a tensor that only ONNX needs (shapes, axes, pads as int64). */
	initializer(tensor: ConstTensor, hint: string): string {
		return this.use(this.constant(tensor), hint);
	}

	/** v held in the ONNX layout `perm` (see Value.perm): constants are transposed in place. */
	inLayout(v: Value, perm: readonly number[], hint = 'const'): Value {
		if (samePerm(v.perm, perm)) return v.const ? { ...v, name: this.use(v, hint) } : v;
		if (v.const) {
			// A constant is transposed once per layout and written as its own initializer.
			let byPerm = this.#moved.get(v.const);
			if (!byPerm) this.#moved.set(v.const, (byPerm = new Map()));
			const key = perm.join(',');
			let moved = byPerm.get(key);
			if (!moved) {
				const name = this.use(this.constant(transposeConst(v.const, perm)), hint);
				moved = { ...v, name, const: undefined, perm: [...perm] };
				byPerm.set(key, moved);
			}
			return moved;
		}
		const key = `${v.name}|${perm.join(',')}`;
		const cached = this.#relayouts.get(key);
		if (cached) return cached;
		const spec = { dtype: v.dtype, shape: v.shape, perm: [...perm], nonNegative: v.nonNegative };
		const name = `${v.name}/to_layout`;
		const recipe = this.#recipes.get(v);
		let out: Value;
		if (movesOnlyUnitDims(v.shape, v.perm, perm)) {
			// Moving only size-1 dims leaves the data in place: a Reshape, not a Transpose.
			const shape = int64Tensor(perm.map((p) => v.shape[p] as number));
			out = this.emit(
				'Reshape',
				[v.name, this.initializer(shape, `${name}/shape`)],
				{},
				[spec],
				name
			)[0]!;
		} else if (recipe && this.#rebuildable(v, perm, REBUILD_DEPTH)) {
			// An element-wise chain over constants and small operands is computed again in the new layout.
			out = recipe.rebuild([...perm]);
		} else {
			out = this.emit(
				'Transpose',
				[v.name],
				{ perm: perm.map((p) => v.perm.indexOf(p)) },
				[spec],
				name
			)[0]!;
		}
		this.#relayouts.set(key, out);
		return out;
	}

	/** Notes that a node of TF op `op` needed special handling, described by `how`. */
	rewrite(op: string, how: string): void {
		const key = `${op}|${how}`;
		const known = this.#rewrites.get(key);
		if (known) known.nodes++;
		else this.#rewrites.set(key, { op, how, nodes: 1 });
	}

	/** The special handlings noted so far, by op. */
	rewrites(): Rewrite[] {
		return [...this.#rewrites.values()].sort(
			(a, b) => a.op.localeCompare(b.op) || a.how.localeCompare(b.how)
		);
	}

	/** Records how an element-wise value was made (see inLayout). */
	recipe(v: Value, recipe: Recipe): void {
		this.#recipes.set(v, recipe);
	}

	/** Whether v can be had in `perm` by moving nothing but constants and size-1 dims. */
	#rebuildable(v: Value, perm: readonly number[], depth: number): boolean {
		if (v.const || samePerm(v.perm, perm) || movesOnlyUnitDims(v.shape, v.perm, perm)) return true;
		const recipe = this.#recipes.get(v);
		if (!recipe || depth === 0) return false;
		return recipe.operands.every((o) =>
			this.#rebuildable(o, restrictPerm(perm, o.shape.length), depth - 1)
		);
	}

	/** v in TF's own layout (the ONNX tensor has the TF shape). */
	canonical(v: Value, hint?: string): Value {
		return this.inLayout(v, identity(v.shape.length), hint);
	}

	/** Appends a node; its outputs get fresh names derived from `name`. */
	emit(
		op: string,
		inputs: string[],
		attrs: Record<string, AttrValue>,
		outputs: OutputSpec[],
		name: string
	): Value[] {
		const nodeName = this.uniqueName(name);
		const values = outputs.map((spec, i) => ({
			name: i === 0 ? nodeName : this.uniqueName(`${name}:${i}`),
			dtype: spec.dtype,
			shape: spec.shape,
			perm: spec.perm ?? identity(spec.shape.length),
			nonNegative: spec.nonNegative
		}));
		if (values[0]) this.#names.add(values[0].name);
		for (const v of values) this.#shapes.set(v.name, onnxShape(v));
		this.nodes.push({ op, name: nodeName, inputs, outputs: values.map((v) => v.name), attrs });
		return values;
	}

	/** The ONNX shape of a tensor of the graph: an input, an initializer or a node's output. */
	shapeOf(name: string): Dim[] | undefined {
		return this.#shapes.get(name) ?? this.initializers.get(name)?.shape;
	}

	/** The nodes with their tensors' shapes, for counting their work. */
	shapedNodes(): ShapedNode[] {
		return this.nodes.map((n) => ({
			op: n.op,
			int: (name, fallback) => {
				const a = n.attrs[name];
				return typeof a === 'number' ? a : fallback;
			},
			inputs: n.inputs.map((i) => (i ? this.shapeOf(i) : undefined)),
			outputs: n.outputs.map((o) => this.shapeOf(o))
		}));
	}

	/**
	 * Keeps the graph's output names free, so that no inner tensor takes one and outputs can be
	 * written without renaming tensors that values still refer to.
	 */
	reserveOutputs(names: readonly string[]): void {
		for (const name of names) this.#names.add(name);
	}

	/**
	 * Writes the graph outputs, each in TF layout under its TF.js name: a Transpose where the value is
	 * held in another layout, an Identity for a constant, a graph input or a repeated tensor, and
	 * otherwise a rename of the tensor itself (done once, at the end, for all outputs).
	 */
	writeOutputs(outputs: readonly [string, Value][]): void {
		const renames = new Map<string, string>();
		for (const [name, v] of outputs) {
			const produce = (op: string, from: string, attrs: Record<string, AttrValue>) =>
				this.nodes.push({
					op,
					name: this.uniqueName(`${name}/output`),
					inputs: [from],
					outputs: [name],
					attrs
				});
			if (v.const) {
				this.warnings.push(`output ${name} is a constant; written through an Identity node`);
				produce('Identity', this.use(v), {});
			} else if (!isIdentity(v.perm)) {
				produce('Transpose', v.name, { perm: inversePerm(v.perm) });
			} else if (this.#graphInputs.has(v.name) || renames.has(v.name)) {
				this.warnings.push(
					`output ${name} repeats another input or output; written through an Identity node`
				);
				produce('Identity', v.name, {});
			} else {
				renames.set(v.name, name);
				this.#shapes.set(name, onnxShape(v));
			}
			this.outputs.push({ name, dtype: v.dtype, shape: v.shape });
		}
		const renamed = (n: string) => renames.get(n) ?? n;
		for (const node of this.nodes) {
			node.inputs = node.inputs.map(renamed);
			node.outputs = node.outputs.map(renamed);
		}
	}
}

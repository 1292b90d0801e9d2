// Builds the ONNX graph: names, initializers, nodes, and the layout changes between them.
import { ConversionError } from '../errors.js';
import { transposeConst, type ConstTensor, type DType } from '../tensor.js';
import {
	identity,
	inversePerm,
	isIdentity,
	onnxShape,
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

export class GraphBuilder {
	/** 'webgl' asks handlers for the exact rewrites that keep a model on the WebGL EP. */
	constructor(readonly target: 'any' | 'webgl' = 'any') {}

	readonly nodes: OnnxNode[] = [];
	readonly initializers = new Map<string, ConstTensor>();
	readonly inputs: ValueInfo[] = [];
	readonly outputs: ValueInfo[] = [];
	readonly warnings: string[] = [];
	/** For a value made by reshaping another, that other: chains of reshapes collapse into one. */
	readonly reshapedFrom = new WeakMap<Value, Value>();

	readonly #names = new Set<string>();
	readonly #written = new WeakMap<ConstTensor, string>();
	readonly #moved = new WeakMap<ConstTensor, Map<string, Value>>();
	readonly #relayouts = new Map<string, Value>();
	readonly #graphInputs = new Set<string>();

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
		const q = perm.map((p) => v.perm.indexOf(p));
		const [out] = this.emit(
			'Transpose',
			[v.name],
			{ perm: q },
			[{ dtype: v.dtype, shape: v.shape, perm: [...perm], nonNegative: v.nonNegative }],
			`${v.name}/to_layout`
		);
		this.#relayouts.set(key, out!);
		return out!;
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
		this.nodes.push({ op, name: nodeName, inputs, outputs: values.map((v) => v.name), attrs });
		return values;
	}

	/** Names a graph output: the value in TF layout under the TF.js output name. */
	output(name: string, v: Value): void {
		const spec = { dtype: v.dtype, shape: v.shape };
		if (v.const) {
			this.warnings.push(`output ${name} is a constant; written through an Identity node`);
			this.#produce('Identity', this.use(v), {}, name);
		} else if (!isIdentity(v.perm)) {
			this.#produce('Transpose', v.name, { perm: inversePerm(v.perm) }, name);
		} else if (this.#graphInputs.has(v.name) || this.outputs.some((o) => o.name === v.name)) {
			this.warnings.push(
				`output ${name} repeats another input or output; written through an Identity node`
			);
			this.#produce('Identity', v.name, {}, name);
		} else {
			this.#rename(v.name, name);
		}
		this.outputs.push({ name, ...spec });
	}

	/** Appends a node that writes tensor `name`, first moving any tensor already called that. */
	#produce(op: string, from: string, attrs: Record<string, AttrValue>, name: string): void {
		const source = this.#freeName(name) ?? from;
		const nodeName = this.nodes.some((n) => n.name === name)
			? this.uniqueName(`${name}/output`)
			: name;
		this.nodes.push({
			op,
			name: nodeName,
			inputs: [from === name ? source : from],
			outputs: [name],
			attrs
		});
	}

	/** Renames the tensor called `name`, if any; returns its new name. */
	#freeName(name: string): string | undefined {
		if (!this.nodes.some((n) => n.outputs.includes(name))) {
			this.#names.add(name);
			return undefined;
		}
		const moved = this.uniqueName(`${name}/inner`);
		this.#rename(name, moved);
		return moved;
	}

	#rename(from: string, to: string): void {
		if (from === to) return;
		this.#freeName(to);
		for (const node of this.nodes) {
			node.inputs = node.inputs.map((n) => (n === from ? to : n));
			node.outputs = node.outputs.map((n) => (n === from ? to : n));
		}
	}

	/** Shape of v as the ONNX tensor holds it. */
	onnxShape(v: Value): Dim[] {
		return onnxShape(v);
	}

	fail(message: string): never {
		throw new ConversionError(message);
	}
}

// Builds the TF.js graph: unique node names, Const nodes with their weights, and layout changes between nodes.
import { ConversionError } from '../errors.js';
import { identity, isIdentity, type Dim } from '../graph/value.js';
import { transposeConst, type ConstTensor, type DType } from '../tensor.js';
import type { Rewrite } from '../graph/builder.js';
import type { AttrValueJson, NodeJson } from '../tfjs/model-json.js';
import { tfAttr } from './tf-attrs.js';
import type { TfValue } from './value.js';

/** A weight as it goes into the manifest: int64 already narrowed to int32. */
export interface Weight {
	name: string;
	tensor: ConstTensor;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** int64 values as int32, or an error naming the tensor whose value does not fit. */
export function narrowInt64(t: ConstTensor, what: string): ConstTensor {
	if (t.dtype !== 'int64') return t;
	const data = new Int32Array(t.data.length);
	(t.data as BigInt64Array).forEach((v, i) => {
		const n = Number(v);
		if (n < INT32_MIN || n > INT32_MAX)
			throw new ConversionError(
				`${what}: int64 value ${v} does not fit in int32, which is what TF.js computes in`
			);
		data[i] = n;
	});
	return { dtype: 'int32', shape: t.shape, data };
}

const sanitize = (name: string): string => name.replace(/[^A-Za-z0-9_./-]/g, '_') || 'node';

export class TfGraphBuilder {
	readonly nodes: NodeJson[] = [];
	readonly weights: Weight[] = [];
	readonly warnings: string[] = [];
	readonly transposes = { edge: 0, inside: 0 };
	/** Graph inputs: a Transpose of one counts as added at the edge. */
	readonly edges = new Set<string>();
	private readonly moved = new Map<string, TfValue>();
	private readonly names = new Set<string>();
	private readonly written = new WeakMap<ConstTensor, Map<string, string>>();
	private readonly rewriteCounts = new Map<string, Rewrite>();
	/** Node names kept for the graph's outputs, by ONNX output name. */
	private readonly reserved = new Map<string, string>();
	private readonly outputNodes = new Set<string>();
	/** Nodes renamed after outputs, old name -> new. */
	private readonly renamed = new Map<string, string>();

	/** A node name not used yet, made of the characters TF.js's name parser accepts. */
	uniqueName(base: string): string {
		const clean = sanitize(base);
		let name = clean;
		for (let k = 1; this.names.has(name); k++) name = `${clean}_${k}`;
		this.names.add(name);
		return name;
	}

	/** Adds a node; returns the refs of its first `outputs` outputs. */
	emit(
		op: string,
		inputs: readonly string[],
		attrs: Record<string, AttrValueJson>,
		base: string,
		outputs = 1,
		name = this.uniqueName(base)
	): string[] {
		this.nodes.push({ name, op, input: [...inputs], attr: attrs });
		return Array.from({ length: outputs }, (_, i) => (i === 0 ? name : `${name}:${i}`));
	}

	/** A graph input (Placeholder) of the given TF dtype and shape (-1 for unknown dims). */
	placeholder(base: string, dtype: DType, shape: readonly Dim[]): string {
		const dims = shape.map((d) => (typeof d === 'number' ? d : -1));
		return this.emit(
			'Placeholder',
			[],
			{ dtype: tfAttr.dtype(dtype), shape: tfAttr.shape(dims) },
			base
		)[0]!;
	}

	/** The TF tensor that holds v, writing a Const node the first time a constant is used in a layout. */
	ref(v: TfValue, hint = 'const'): string {
		if (v.ref) return v.ref;
		if (!v.const) throw new ConversionError(`value "${hint}" has neither a tensor nor a constant`);
		const key = v.perm.join(',');
		const byPerm = this.written.get(v.const) ?? new Map<string, string>();
		this.written.set(v.const, byPerm);
		const known = byPerm.get(key);
		if (known) return known;
		const tensor = narrowInt64(
			isIdentity(v.perm) ? v.const : transposeConst(v.const, v.perm),
			hint
		);
		const name = this.emit(
			'Const',
			[],
			{
				dtype: tfAttr.dtype(tensor.dtype),
				value: {
					tensor: {
						dtype: tfAttr.dtype(tensor.dtype).type,
						tensorShape: tfAttr.shape(tensor.shape).shape
					}
				}
			},
			hint
		)[0]!;
		this.weights.push({ name, tensor });
		byPerm.set(key, name);
		return name;
	}

	/** A constant value in ONNX layout, written when first used. */
	constant(tensor: ConstTensor): TfValue {
		return {
			ref: '',
			dtype: tensor.dtype,
			shape: [...tensor.shape],
			perm: identity(tensor.shape.length),
			const: tensor
		};
	}

	/** A small int32 constant (axes, sizes, paddings), written now. */
	int32(values: readonly number[], hint: string, shape = [values.length]): string {
		return this.ref(this.constant({ dtype: 'int32', shape, data: Int32Array.from(values) }), hint);
	}

	/** v held in layout `perm`: the same value, or a Transpose (constants are written transposed). */
	inLayout(v: TfValue, perm: readonly number[], hint: string): TfValue {
		if (v.perm.length === perm.length && v.perm.every((p, i) => p === perm[i])) return v;
		if (v.const) return { ...v, ref: '', perm: [...perm] };
		const key = `${v.ref}|${perm.join(',')}`;
		const known = this.moved.get(key);
		if (known) return known;
		const tp = perm.map((p) => v.perm.indexOf(p));
		const ref = this.emit(
			'Transpose',
			[v.ref, this.int32(tp, `${hint}/perm`)],
			{ T: tfAttr.dtype(v.dtype) },
			`${hint}/transpose`
		)[0]!;
		this.transposes[this.edges.has(v.ref) ? 'edge' : 'inside']++;
		const moved = { ref, dtype: v.dtype, shape: v.shape, perm: [...perm] };
		this.moved.set(key, moved);
		return moved;
	}

	/**
	 * Keeps node names for the graph's outputs before any node is named, so that the TF.js model's
	 * outputs carry the ONNX names (and a converter going back to ONNX finds them again).
	 */
	reserveOutputs(names: readonly string[]): void {
		for (const n of names) if (!this.reserved.has(n)) this.reserved.set(n, this.uniqueName(n));
	}

	/**
	 * Graph output `name` (reserved) in ONNX's layout, as a node of that name: the node that made it,
	 * renamed (a constant gets its own Const); else the edge Transpose; else an Identity (a graph
	 * input, a second output of a node, or a value given twice).
	 */
	output(value: TfValue, name: string): TfValue {
		const node = this.reserved.get(name)!;
		const v = { ...value, ref: this.current(value.ref) };
		const T = { T: tfAttr.dtype(v.dtype) };
		const perm = identity(v.shape.length);
		const made = this.nodes.find((n) => n.name === v.ref && n.op !== 'Placeholder');
		if (v.const) {
			this.rename(this.ref(this.constant(v.const), name), node);
		} else if (v.perm.every((p, i) => p === i) && made && !this.outputNodes.has(v.ref)) {
			this.rename(made.name, node);
		} else if (v.perm.every((p, i) => p === i)) {
			this.emit('Identity', [v.ref], T, name, 1, node);
		} else {
			const tp = perm.map((p) => v.perm.indexOf(p));
			this.emit('Transpose', [v.ref, this.int32(tp, `${name}/perm`)], T, name, 1, node);
			this.transposes.edge++;
		}
		this.outputNodes.add(node);
		return { ref: node, dtype: v.dtype, shape: v.shape, perm };
	}

	/** A ref as it reads after the renames. */
	private current(ref: string): string {
		const [node = '', index] = ref.split(':');
		const now = this.renamed.get(node);
		return now === undefined ? ref : index === undefined ? now : `${now}:${index}`;
	}

	/** Gives node `from` the name `to`, in every input that reads it and in the weights. */
	private rename(from: string, to: string): void {
		this.renamed.set(from, to);
		const ref = (r: string) =>
			r === from ? to : r.startsWith(`${from}:`) ? to + r.slice(from.length) : r;
		for (const n of this.nodes) {
			if (n.name === from) n.name = to;
			if (n.input) n.input = n.input.map(ref);
		}
		for (const w of this.weights) if (w.name === from) w.name = to;
	}

	/** v in ONNX's own layout. */
	plain(v: TfValue, hint: string): TfValue {
		return this.inLayout(v, identity(v.shape.length), hint);
	}

	/** Notes an ONNX op that did not map one-to-one onto a TF op. */
	rewrite(op: string, how: string): void {
		const key = `${op}\u0000${how}`;
		const known = this.rewriteCounts.get(key);
		if (known) known.nodes++;
		else this.rewriteCounts.set(key, { op, how, nodes: 1 });
	}

	rewrites(): Rewrite[] {
		return [...this.rewriteCounts.values()];
	}
}

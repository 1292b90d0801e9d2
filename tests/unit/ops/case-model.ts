// Builds a TF.js graph model in memory from an op case file entry (one op, or a few chained nodes).
import type {
	AttrValueJson,
	GraphModelJson,
	NodeJson
} from '../../../src/lib/convert/tfjs/model-json.js';
import { rng } from '../../helpers/random-input.js';

type CaseDType = 'float32' | 'int32' | 'bool';

export interface CaseInput {
	shape: number[];
	dtype?: CaseDType;
	/** Explicit values; otherwise seeded random values in `range` (default [-1, 1], ints [-10, 10]). */
	values?: number[];
	range?: [number, number];
	/** A Const node (weights) rather than a graph input. */
	const?: boolean;
}

/** Friendly attribute values: number[] -> list of ints, "DT_*" -> type, string -> s, boolean -> b, number -> i. */
export type CaseAttr = number | number[] | string | string[] | boolean | { f: number };

export interface CaseNode {
	op: string;
	/** References: "in0".. (case inputs) or "n0".. / "n0:1" (earlier nodes). */
	inputs: string[];
	attrs?: Record<string, CaseAttr>;
}

export interface OpCase {
	name: string;
	/** A single op reading every input in order... */
	op?: string;
	attrs?: Record<string, CaseAttr>;
	/** ...or a small graph. */
	nodes?: CaseNode[];
	inputs: CaseInput[];
	/** Outputs of the last node to check (default 1). */
	outputs?: number;
	/** Convert with this target (e.g. "webgl" for the exact rewrites). */
	target?: 'any' | 'webgl';
	/** Transposes the converter may add between ops (checked when given). */
	transposesInside?: number;
	/** Tolerance relative to the output's peak (default 1e-5). */
	tolerance?: number;
	/** Multiply-adds of one run, worked out by hand (checked in both converters' reports when given). */
	multiplyAdds?: number;
}

const TF_DTYPE: Record<CaseDType, string> = {
	float32: 'DT_FLOAT',
	int32: 'DT_INT32',
	bool: 'DT_BOOL'
};

function attr(value: CaseAttr): AttrValueJson {
	if (typeof value === 'boolean') return { b: value };
	if (typeof value === 'number') return { i: String(value) };
	if (typeof value === 'string')
		return value.startsWith('DT_') ? { type: value } : { s: btoa(value) };
	if (Array.isArray(value)) {
		return typeof value[0] === 'string'
			? { list: { s: (value as string[]).map((v) => btoa(v)) } }
			: { list: { i: (value as number[]).map(String) } };
	}
	return { f: value.f };
}

export function inputValues(
	input: CaseInput,
	seed: number
): Float32Array | Int32Array | Uint8Array {
	const size = input.shape.reduce((a, b) => a * b, 1);
	const dtype = input.dtype ?? 'float32';
	const next = rng(seed);
	const [lo, hi] = input.range ?? (dtype === 'float32' ? [-1, 1] : [-10, 10]);
	const value = (i: number) =>
		input.values?.[i] ??
		(dtype === 'float32' ? lo + next() * (hi - lo) : Math.floor(lo + next() * (hi - lo + 1)));
	if (dtype === 'bool')
		return Uint8Array.from({ length: size }, (_, i) =>
			input.values ? Number(input.values[i]) : next() < 0.5 ? 1 : 0
		);
	if (dtype === 'int32') return Int32Array.from({ length: size }, (_, i) => value(i));
	return Float32Array.from({ length: size }, (_, i) => value(i));
}

export interface BuiltCase {
	model: GraphModelJson;
	weights: Uint8Array;
	/** Graph inputs with their values, by name. */
	feeds: {
		name: string;
		dtype: CaseDType;
		shape: number[];
		data: Float32Array | Int32Array | Uint8Array;
	}[];
	outputNames: string[];
}

export function buildCase(c: OpCase, seed: number): BuiltCase {
	const nodes: NodeJson[] = [];
	const weightSpecs: GraphModelJson['weightsManifest'][number]['weights'] = [];
	const chunks: Uint8Array[] = [];
	const feeds: BuiltCase['feeds'] = [];
	c.inputs.forEach((input, i) => {
		const name = `in${i}`;
		const dtype = input.dtype ?? 'float32';
		const data = inputValues(input, seed + i);
		if (input.const) {
			nodes.push({ name, op: 'Const', attr: { dtype: { type: TF_DTYPE[dtype] } } });
			weightSpecs.push({ name, shape: input.shape, dtype });
			chunks.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		} else {
			const dim = input.shape.map((size) => ({ size: String(size) }));
			nodes.push({
				name,
				op: 'Placeholder',
				attr: { dtype: { type: TF_DTYPE[dtype] }, shape: { shape: { dim } } }
			});
			feeds.push({ name, dtype, shape: input.shape, data });
		}
	});
	const graph = c.nodes ?? [
		{ op: c.op!, inputs: c.inputs.map((_, i) => `in${i}`), attrs: c.attrs }
	];
	graph.forEach((n, k) => {
		const first = c.inputs[0];
		const attrs: Record<string, AttrValueJson> = {
			T: { type: TF_DTYPE[first?.dtype ?? 'float32'] }
		};
		for (const [key, value] of Object.entries(n.attrs ?? {})) attrs[key] = attr(value);
		nodes.push({ name: `n${k}`, op: n.op, input: n.inputs, attr: attrs });
	});
	const last = `n${graph.length - 1}`;
	const outputNames = Array.from({ length: c.outputs ?? 1 }, (_, i) =>
		i === 0 ? last : `${last}:${i}`
	);
	const weights = new Uint8Array(chunks.reduce((n, ch) => n + ch.byteLength, 0));
	let at = 0;
	for (const ch of chunks) {
		weights.set(ch, at);
		at += ch.byteLength;
	}
	const model: GraphModelJson = {
		format: 'graph-model',
		modelTopology: { node: nodes, versions: { producer: 1 } },
		weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
		signature: {
			outputs: Object.fromEntries(
				outputNames.map((n) => [n, { name: n.includes(':') ? n : `${n}:0` }])
			)
		}
	};
	return { model, weights, feeds, outputNames };
}

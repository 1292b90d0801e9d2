// Typed readers for TF node attributes as TF.js stores them (ints as strings, strings as base64).
import { ConversionError } from '../errors.js';
import type { DType } from '../tensor.js';
import type { AttrValueJson, NodeJson, TensorShapeJson } from './model-json.js';

const TF_DTYPES: Record<string, DType> = {
	DT_FLOAT: 'float32',
	DT_HALF: 'float32',
	DT_DOUBLE: 'float32',
	DT_INT32: 'int32',
	DT_INT16: 'int32',
	DT_INT8: 'int32',
	DT_UINT8: 'int32',
	DT_UINT16: 'int32',
	DT_INT64: 'int32',
	DT_BOOL: 'bool',
	DT_STRING: 'string'
};

/** Maps a TF dtype name (DT_FLOAT, ...) to the dtype the converter computes in. */
export function tfDType(name: string, where: string): DType {
	const dtype = TF_DTYPES[name];
	if (!dtype) throw new ConversionError(`${where}: unsupported dtype ${name}`);
	return dtype;
}

function base64ToString(s: string): string {
	const binary = atob(s);
	return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** A shape from a TensorShapeProto; -1 (unknown) dims stay -1, unknown rank is undefined. */
export function shapeOf(shape: TensorShapeJson | undefined): number[] | undefined {
	if (!shape || shape.unknownRank) return undefined;
	return (shape.dim ?? []).map((d) => Number(d.size ?? -1));
}

/** Reads the attributes of one node, with defaults, naming the node on error. */
export class Attrs {
	constructor(private readonly node: NodeJson) {}

	private get(name: string): AttrValueJson | undefined {
		return this.node.attr?.[name];
	}

	has(name: string): boolean {
		return this.get(name) !== undefined;
	}

	int(name: string, fallback?: number): number {
		const v = this.get(name)?.i;
		if (v !== undefined) return Number(v);
		if (fallback !== undefined) return fallback;
		return this.missing(name);
	}

	float(name: string, fallback?: number): number {
		const v = this.get(name)?.f;
		if (v !== undefined) return Number(v);
		if (fallback !== undefined) return fallback;
		return this.missing(name);
	}

	bool(name: string, fallback = false): boolean {
		return this.get(name)?.b ?? fallback;
	}

	string(name: string, fallback?: string): string {
		const v = this.get(name)?.s;
		if (v !== undefined) return base64ToString(v);
		if (fallback !== undefined) return fallback;
		return this.missing(name);
	}

	ints(name: string, fallback?: number[]): number[] {
		const v = this.get(name)?.list;
		if (v) return (v.i ?? []).map(Number);
		if (fallback !== undefined) return fallback;
		return this.missing(name);
	}

	strings(name: string): string[] {
		return (this.get(name)?.list?.s ?? []).map(base64ToString);
	}

	dtype(name: string, fallback?: DType): DType {
		const v = this.get(name)?.type;
		if (v !== undefined) return tfDType(v, `node "${this.node.name}" attr ${name}`);
		if (fallback !== undefined) return fallback;
		return this.missing(name);
	}

	shape(name: string): number[] | undefined {
		return shapeOf(this.get(name)?.shape);
	}

	private missing(name: string): never {
		throw new ConversionError(
			`node "${this.node.name}" (${this.node.op}) has no attribute "${name}"`
		);
	}
}

// TF node attributes as TF.js's model.json stores them (ints as strings, strings as base64, dtypes by name).
import type { DType } from '../tensor.js';
import type { AttrValueJson } from '../tfjs/model-json.js';

const TF_DTYPE: Record<DType, string> = {
	float32: 'DT_FLOAT',
	int32: 'DT_INT32',
	int64: 'DT_INT32',
	bool: 'DT_BOOL',
	string: 'DT_STRING'
};

const base64 = (s: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

export const tfAttr = {
	int: (n: number): AttrValueJson => ({ i: String(n) }),
	ints: (list: readonly number[]): AttrValueJson => ({ list: { i: list.map(String) } }),
	float: (f: number): AttrValueJson => ({ f }),
	bool: (b: boolean): AttrValueJson => ({ b }),
	str: (s: string): AttrValueJson => ({ s: base64(s) }),
	strs: (list: readonly string[]): AttrValueJson => ({ list: { s: list.map(base64) } }),
	dtype: (d: DType): AttrValueJson => ({ type: TF_DTYPE[d] }),
	shape: (dims: readonly number[]): AttrValueJson => ({
		shape: { dim: dims.map((d) => ({ size: String(d) })) }
	})
};

/** The TF dtype name of a converter dtype (int64 is held as int32 in TF.js). */
export const tfDTypeName = (d: DType): string => TF_DTYPE[d];

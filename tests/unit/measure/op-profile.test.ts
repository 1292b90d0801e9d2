// A cell's per-op times summed by op type per run, and the op families that put the two frameworks side by side.
import { describe, expect, it } from 'vitest';
import { byFamily, familyOf, familyTable, summarize } from '../../../src/lib/measure/op-profile.js';
import { profileColumns, rowProfile, type BenchRow } from '../../../src/lib/bench/report.js';
import { describeOpTime, describeTopOps } from '../../../src/lib/format.js';

const PROFILED = {
	events: [
		{ op: 'FusedConv', ms: 3 },
		{ op: 'MaxPool', ms: 0.5 },
		{ op: 'FusedConv', ms: 5 },
		{ op: 'FusedConv', ms: 2 },
		{ op: 'MaxPool', ms: 0.5 },
		{ op: 'FusedConv', ms: 6 }
	],
	runMs: [9, 13],
	source: 'a profiler'
};

describe('summarize', () => {
	it('sums each op type per run, most time first', () => {
		expect(summarize(PROFILED)).toEqual({
			ops: [
				{ op: 'FusedConv', ms: 8, count: 2 },
				{ op: 'MaxPool', ms: 0.5, count: 1 }
			],
			runs: 2,
			source: 'a profiler',
			opsMs: 8.5,
			runMs: 11
		});
	});
});

/** Op names as each runtime gives them, and the family both frameworks' names fall in. */
const FAMILIES: [string, string][] = [
	['FusedConv', 'convolution'],
	['Conv', 'convolution'],
	['FusedConv2D', 'convolution'],
	['FusedDepthwiseConv2D', 'convolution'],
	['DepthwiseConv2dNative', 'convolution'],
	['ConvTranspose', 'convolution'],
	['Conv2DBackpropInput', 'convolution'],
	['MatMul', 'matrix multiply'],
	['_FusedMatMul', 'matrix multiply'],
	['BatchMatMul', 'matrix multiply'],
	['Gemm', 'matrix multiply'],
	['MaxPool', 'pooling and reduction'],
	['GlobalAveragePool', 'pooling and reduction'],
	['ReduceMean', 'pooling and reduction'],
	['Mean', 'pooling and reduction'],
	['ArgMax', 'pooling and reduction'],
	['Max', 'pooling and reduction'],
	['ReduceMax', 'pooling and reduction'],
	['Sum', 'pooling and reduction'],
	['Maximum', 'element-wise'],
	['Minimum', 'element-wise'],
	['Resize', 'resize'],
	['ResizeBilinear', 'resize'],
	['Transpose', 'layout and copies'],
	['Reshape', 'layout and copies'],
	['Concat', 'layout and copies'],
	['PadV2', 'layout and copies'],
	['StridedSlice', 'layout and copies'],
	['Add', 'element-wise'],
	['Relu6', 'element-wise'],
	['Sigmoid', 'element-wise'],
	['Softmax', 'element-wise'],
	['HardSigmoid', 'element-wise'],
	['TopK', 'other'],
	['NonMaxSuppressionV5', 'other']
];

describe('familyOf', () => {
	it.each(FAMILIES)('%s is %s', (op, family) => expect(familyOf(op)).toBe(family));
});

describe('byFamily', () => {
	it("sums a profile's op types by family, in the families' order", () => {
		const profile = summarize({
			events: [
				{ op: 'Add', ms: 1 },
				{ op: 'Conv', ms: 4 },
				{ op: 'FusedConv', ms: 2 },
				{ op: 'TopK', ms: 0.25 }
			],
			runMs: [8],
			source: 'x'
		});
		expect(byFamily(profile)).toEqual([
			{ family: 'convolution', ms: 6, ops: ['Conv', 'FusedConv'] },
			{ family: 'element-wise', ms: 1, ops: ['Add'] },
			{ family: 'other', ms: 0.25, ops: ['TopK'] }
		]);
	});
});

describe('familyTable', () => {
	it("puts cells' families side by side, a gap where a cell ran none", () => {
		const ort = summarize({
			events: [
				{ op: 'Conv', ms: 4 },
				{ op: 'Transpose', ms: 1 }
			],
			runMs: [5],
			source: 'x'
		});
		const tfjs = summarize({ events: [{ op: 'FusedConv2D', ms: 3 }], runMs: [3], source: 'y' });
		expect(familyTable([ort, tfjs])).toEqual([
			{ family: 'convolution', ms: [4, 3] },
			{ family: 'layout and copies', ms: [1, undefined] }
		]);
		// In the families' order, whichever cell has which.
		const other = summarize({ events: [{ op: 'TopK', ms: 1 }], runMs: [1], source: 'z' });
		expect(familyTable([other, ort]).map((r) => r.family)).toEqual([
			'convolution',
			'layout and copies',
			'other'
		]);
	});
});

describe('a profile in words and in a bench row', () => {
	const profile = summarize(PROFILED);

	it('says an op type per run with its share', () => {
		expect(describeOpTime(profile.ops[0]!, profile.opsMs)).toBe('FusedConv 8.00 ms ×2 (94%)');
		expect(describeTopOps(profile, 1)).toBe('FusedConv 8.00 ms ×2 (94%)');
		expect(describeTopOps({ unavailable: 'no timer' }, 3)).toBe('no per-op times: no timer');
	});

	it('goes into rows[].profile and rows[].profiler and comes back whole', () => {
		const columns = profileColumns(profile);
		expect(columns.profile).toEqual(profile.ops);
		expect(columns.profiler).not.toHaveProperty('ops');
		const row = { framework: 'ort', backend: 'wasm', status: 'ok', ...columns } as BenchRow;
		expect(rowProfile(row)).toEqual(profile);
		const none = { ...row, ...profileColumns({ unavailable: 'why' }), profile: undefined };
		expect(rowProfile(none)).toEqual({ unavailable: 'why' });
		expect(rowProfile({ ...row, profile: undefined, profiler: undefined })).toBeUndefined();
	});
});

// How sizes, work and comparisons read everywhere in the app: model files and the memory a runtime
// holds in the same unit, a model's work and a cell's rate, a cell against its baseline and its ops'
// times in the same words.
import type { OpProfileResult, OpTime } from './measure/op-profile.js';
import { spreadOf } from './measure/paired.js';
import { FRAMEWORK_NAMES } from './runtimes/cells.js';
import type { Framework } from './runtimes/types.js';
import type { Comparison } from './worker/compare.js';
import type { MemoryUse } from './worker/memory-tap.js';

/** All the bytes a cell holds, wherever they are. */
export const heldBytes = ({ wasm, gpu }: MemoryUse) => wasm + gpu;

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** "12.3 MB (WASM 8.1, GPU 4.2) · 123 tensors": what a cell holds, where, and in how many tensors (TF.js). */
export const describeMemory = (memory: MemoryUse) =>
	`${mb(heldBytes(memory))} (WASM ${(memory.wasm / 1e6).toFixed(1)}, GPU ${(memory.gpu / 1e6).toFixed(1)})${memory.tensors === undefined ? '' : ` · ${memory.tensors} tensors`}`;

/** "270 M" or "1.30 G": a model's multiply-adds per run. */
export const multiplyAddCount = (n: number) =>
	n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : `${(n / 1e6).toFixed(0)} M`;

/** Floating-point operations per second, in billions, of `multiplyAdds` (two operations each) done in `ms`. */
export const gflops = (multiplyAdds: number, ms: number) => (2 * multiplyAdds) / (ms * 1e6);

/** "0.4%" or "37%": a cell's rate as a share of the device's peak. */
export const shareOfPeak = (gflops: number, peak: number) => {
	const share = gflops / peak;
	return `${(100 * share).toFixed(share < 0.1 ? 1 : 0)}%`;
};

/** A framework's name where space is short: "ORT", "TF.js". */
export const shortName = (framework: Framework) => FRAMEWORK_NAMES[framework].short;

/** "0.57-0.75": the spread of a paired comparison's block-pair ratios (see spreadOf). */
export const ratioRange = (ratios: number[]) =>
	spreadOf(ratios)
		.map((r) => r.toFixed(2))
		.join('-');

/**
 * "0.71 (15.4/21.4 ms vs disabled, pairs 0.57-0.75)": a cell's run times against its baseline's, and
 * how their answers agree where the baseline has answers of its own.
 */
export function describeComparison({ baseline, result, agreement }: Comparison): string {
	if ('error' in result) return `${result.unavailable ? 'none' : 'failed'}: ${result.error}`;
	const ms = (v: number) => v.toFixed(1);
	const agrees = agreement
		? `; ${agreement.same ? 'same result' : 'DIFFERS'}, max diff ${agreement.worstRelToPeak.toExponential(1)} of peak`
		: '';
	return `${result.ratio.toFixed(2)} (${ms(result.p50[0])}/${ms(result.p50[1])} ms vs ${baselineName(baseline)}, pairs ${ratioRange(result.ratios)})${agrees}`;
}

/** What a cell was compared with, in a word or two: "bare", "disabled", "TF.js". */
function baselineName(baseline: Comparison['baseline']): string {
	switch (baseline.kind) {
		case 'bare':
			return 'bare';
		case 'optimization':
			return baseline.level;
		case 'framework':
			return shortName(baseline.framework);
		case 'runtime-image':
			return 'its image path';
	}
}

/** `part` as a percentage of `whole` (0 when there is no whole). */
export const percentOf = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

/** "FusedConv 8.12 ms ×13 (66%)": an op type's time per run, and its share of the ops' time. */
export function describeOpTime({ op, ms, count }: OpTime, opsMs: number): string {
	const share = opsMs > 0 ? ` (${percentOf(ms, opsMs).toFixed(0)}%)` : '';
	const times = count === 1 ? '' : ` ×${Number.isInteger(count) ? count : count.toFixed(1)}`;
	return `${op} ${ms.toFixed(2)} ms${times}${share}`;
}

/** A profile's top `n` op types, or why there is none. */
export function describeTopOps(result: OpProfileResult, n: number): string {
	if ('unavailable' in result) return `no per-op times: ${result.unavailable}`;
	if ('error' in result) return `profile failed: ${result.error}`;
	return result.ops
		.slice(0, n)
		.map((o) => describeOpTime(o, result.opsMs))
		.join(', ');
}

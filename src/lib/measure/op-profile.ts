// Where a run's time goes, op by op, from each runtime's own profiler: the ops' times summed by op
// type per run, most first, and grouped into families that mean the same in both frameworks.

/** Runs a profile takes (after one that sets the profiler up): enough to average, few on a slow GPU. */
export const PROFILE_RUNS = 3;

/** One op's execution in a profiled run, as the runtime names its type (ORT's "FusedConv", TF.js's "FusedConv2D"). */
export interface OpEvent {
	op: string;
	ms: number;
}

/** The runtime's profiled runs: every op execution in them, each run's wall time, and what timed the ops. */
export interface ProfiledRuns {
	events: OpEvent[];
	/** Each profiled run's wall time, from the inputs fed to the outputs read (the profiler's cost included). */
	runMs: number[];
	/** What the times are, e.g. "GPU timestamps per kernel". */
	source: string;
}

/** One op type's time in an average run. */
export interface OpTime {
	op: string;
	/** Milliseconds per run, summed over its executions. */
	ms: number;
	/** Executions per run. */
	count: number;
}

export interface OpProfile {
	/** Op types by time per run, most first. */
	ops: OpTime[];
	runs: number;
	source: string;
	/** The ops' times summed, per run. */
	opsMs: number;
	/** A profiled run's wall time (mean, as the ops' are), from the input fed to the outputs read: timers included. */
	runMs: number;
}

/** A cell's profile, or why its runtime gives no per-op times. */
export type OpProfileResult = OpProfile | { unavailable: string } | { error: string };

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** The op types' times per run, most first. */
export function summarize(profiled: ProfiledRuns): OpProfile {
	const byOp = new Map<string, { ms: number; count: number }>();
	for (const { op, ms } of profiled.events) {
		const sum = byOp.get(op) ?? { ms: 0, count: 0 };
		sum.ms += ms;
		sum.count++;
		byOp.set(op, sum);
	}
	const runs = Math.max(1, profiled.runMs.length);
	const ops = [...byOp]
		.map(([op, { ms, count }]) => ({ op, ms: round(ms / runs), count: count / runs }))
		.sort((a, b) => b.ms - a.ms || a.op.localeCompare(b.op));
	return {
		ops,
		runs: profiled.runMs.length,
		source: profiled.source,
		opsMs: round(ops.reduce((sum, o) => sum + o.ms, 0)),
		runMs: round(profiled.runMs.reduce((sum, ms) => sum + ms, 0) / runs)
	};
}

/**
 * Families of ops that do the same work under either framework's names, so that a TF.js cell and an
 * ONNX Runtime cell can be put side by side; the first family whose pattern matches an op name wins.
 */
export const OP_FAMILIES: readonly { family: string; pattern: RegExp }[] = [
	{ family: 'convolution', pattern: /conv/i },
	{ family: 'matrix multiply', pattern: /matmul|gemm/i },
	// TF.js's reductions are Max, Min, Mean, Sum, Prod; ONNX's Reduce*. (TF.js's element-wise ones are Maximum, Minimum.)
	{
		family: 'pooling and reduction',
		pattern: /pool|^(reduce\w*|sum|max|min|mean|prod|argmax|argmin|all|any)$/i
	},
	{ family: 'resize', pattern: /resize|upsample/i },
	{
		family: 'layout and copies',
		pattern:
			/transpose|reshape|concat|slice|split|pad|gather|squeeze|expand|tile|identity|cast|shape|flatten|pack|unpack|depthtospace|spacetodepth|mirror|to_layout/i
	},
	{
		family: 'element-wise',
		pattern:
			/^(add|sub|mul|div|pow|sqrt|rsqrt|exp|log|neg|abs|relu|relu6|leakyrelu|prelu|elu|selu|sigmoid|tanh|clip|clipbyvalue|softmax|hardsigmoid|hardswish|erf|floor|ceil|round|maximum|minimum|square|squareddifference|batchnormalization|fusedbatchnorm|biasadd|addn|less|greater|equal|where|select|not|and|or|sign|reciprocal|sin|cos)/i
	}
];
export const OTHER_FAMILY = 'other';
const FAMILY_ORDER = [...OP_FAMILIES.map((f) => f.family), OTHER_FAMILY];

/** The family of an op name from either runtime. */
export function familyOf(op: string): string {
	return OP_FAMILIES.find((f) => f.pattern.test(op))?.family ?? OTHER_FAMILY;
}

/** Every family's time per run in `profile`, in the order of OP_FAMILIES, the other ops last; families with no op left out. */
export function byFamily(profile: OpProfile): { family: string; ms: number; ops: string[] }[] {
	const sums = new Map<string, { ms: number; ops: string[] }>();
	for (const { op, ms } of profile.ops) {
		const family = familyOf(op);
		const sum = sums.get(family) ?? { ms: 0, ops: [] };
		sum.ms += ms;
		sum.ops.push(op);
		sums.set(family, sum);
	}
	return FAMILY_ORDER.filter((family) => sums.has(family)).map((family) => ({
		family,
		ms: round(sums.get(family)!.ms),
		ops: sums.get(family)!.ops
	}));
}

/**
 * Several cells' families side by side: each family any of `profiles` has, in the order of
 * OP_FAMILIES, with its time per run in each profile (undefined where that cell ran none of it).
 */
export function familyTable(
	profiles: readonly OpProfile[]
): { family: string; ms: (number | undefined)[] }[] {
	const per = profiles.map(byFamily);
	const present = new Set(per.flatMap((f) => f.map((x) => x.family)));
	return FAMILY_ORDER.filter((family) => present.has(family)).map((family) => ({
		family,
		ms: per.map((f) => f.find((x) => x.family === family)?.ms)
	}));
}

// Per-op times from onnxruntime-web: on WASM its session profiler (on only in a session made for it,
// whose trace ORT prints to the console), on WebGPU the GPU's timestamps of each kernel.
import type { Env, InferenceSession } from 'onnxruntime-web';
import { timed, typicalMs, warmUp } from '../measure/warm-up.js';
import type { OpEvent, ProfiledRuns } from '../measure/op-profile.js';
import { capture } from './ort-placement.js';
import { UnavailableError } from './types.js';

interface TraceEvent {
	cat?: string;
	name?: string;
	ts?: number;
	dur?: number;
	args?: { op_name?: string };
}

/** A line of ORT's trace (one JSON event per line, the array's brackets and commas around them). */
function traceEvent(line: string): TraceEvent | undefined {
	const text = line.trim().replace(/[,\]]+$/, '');
	if (!text.startsWith('{')) return undefined;
	try {
		return JSON.parse(text) as TraceEvent;
	} catch {
		return undefined;
	}
}

/**
 * Every node's time in ORT's trace `lines`, from the runs after the first `skip` (each run is a
 * "model_run" event; a node's is "<node>_kernel_time" with its op type).
 */
export function parseOrtTrace(lines: string[], skip: number): { events: OpEvent[]; runs: number } {
	const trace = lines.map(traceEvent).filter((e): e is TraceEvent => e !== undefined);
	const starts = trace
		.filter((e) => e.cat === 'Session' && e.name === 'model_run')
		.map((e) => e.ts ?? 0)
		.sort((a, b) => a - b)
		.slice(skip);
	// Nodes run only inside runs: those from the first run kept on are the kept runs' (one comparison
	// each, not one per run: a profiling session's warm-up records up to a thousand).
	const from = starts[0] ?? Infinity;
	const events = trace
		.filter((e) => e.cat === 'Node' && e.name?.endsWith('_kernel_time') && e.args?.op_name)
		.filter((e) => (e.ts ?? -1) >= from)
		.map((e) => ({ op: e.args!.op_name!, ms: (e.dur ?? 0) / 1000 }));
	return { events, runs: starts.length };
}

/**
 * ORT's profiler on WASM: it is set when a session is made and records every run from then on, so the
 * cell's `own` session stays without it and a second one, `open`ed with it, is profiled and released.
 */
export async function profileWasm(
	own: InferenceSession,
	open: (options: InferenceSession.SessionOptions) => Promise<InferenceSession>,
	run: (session: InferenceSession) => Promise<unknown>,
	runs: number
): Promise<ProfiledRuns> {
	const ownMs = await typicalMs(() => run(own));
	const session = await open({ enableProfiling: true });
	try {
		// Timed at once, its runs would be the new session's warm-up (see warmUp), not the model's.
		const warmups = await warmUp(() => run(session), ownMs);
		const runMs: number[] = [];
		for (let i = 0; i < runs; i++) runMs.push(await timed(() => run(session)));
		const { lines } = await capture(async () => session.endProfiling());
		const trace = parseOrtTrace(lines, warmups);
		if (trace.runs !== runs || !trace.events.length)
			throw new Error(
				`ONNX Runtime's profiler recorded ${trace.runs} of the ${runs} profiled runs, with ${trace.events.length} node times`
			);
		return {
			events: trace.events,
			runMs,
			source: "ONNX Runtime's profiler: CPU time of each node"
		};
	} finally {
		await session.release();
	}
}

type GpuKernel = Env.WebGpuProfilingData;

/**
 * Waits until `events` holds at least `atLeast` and stops growing (for at most 3 s): the GPU's
 * timestamps come back after the run that made them.
 */
async function drained(events: readonly unknown[], atLeast: number): Promise<void> {
	const deadline = performance.now() + 3000;
	let seen = -1;
	while ((events.length < atLeast || seen !== events.length) && performance.now() < deadline) {
		seen = events.length;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** One event per kernel run: a kernel's dispatches (one per GPU program) come one after another. */
function kernelRuns(dispatches: readonly GpuKernel[]): OpEvent[] {
	const events: (OpEvent & { id: number })[] = [];
	for (const d of dispatches) {
		const ms = (d.endTime - d.startTime) / 1e6;
		const last = events.at(-1);
		if (last?.id === d.kernelId) last.ms += ms;
		else events.push({ id: d.kernelId, op: d.kernelType, ms });
	}
	return events.map(({ op, ms }) => ({ op, ms }));
}

/**
 * ORT's WebGPU profiling: timestamps written around each kernel's dispatches, turned on for the
 * profiled runs only (ORT reads the setting at the start of every run).
 */
export async function profileWebgpu(
	env: Env,
	run: () => Promise<unknown>,
	runs: number
): Promise<ProfiledRuns> {
	const dispatches: GpuKernel[] = [];
	const runMs: number[] = [];
	env.webgpu.profiling = { mode: 'default', ondata: (d) => dispatches.push(d) };
	try {
		await run();
		await drained(dispatches, 1);
		// A run's dispatches, so that the profiled runs' are all waited for (and none of this one's counted).
		const perRun = dispatches.length;
		dispatches.length = 0;
		for (let i = 0; i < runs; i++) runMs.push(await timed(run));
		await drained(dispatches, perRun * runs);
	} finally {
		env.webgpu.profiling = { mode: 'off' };
	}
	if (!dispatches.length)
		throw new UnavailableError(
			'this WebGPU device gives no timestamp queries, so ONNX Runtime times no kernel'
		);
	return {
		events: kernelRuns(dispatches),
		runMs,
		source: 'GPU timestamps around each kernel (ONNX Runtime WebGPU profiling)'
	};
}

/** Why ORT's WebGL cell gives no per-op times. */
export const WEBGL_PROFILE_UNAVAILABLE =
	"onnxruntime-web's WebGL profiler breaks the run it times (a TypeError in runProgram, seen in 1.30)";

/** Why the native WebGPU cell gives no per-op times. */
export const NATIVE_WEBGPU_PROFILE_UNAVAILABLE =
	"onnxruntime-web's native WebGPU EP gives the page no kernel times (env.webgpu.profiling serves its JavaScript backend, JSEP)";

/** Why the WebNN cell gives no per-op times. */
export const WEBNN_PROFILE_UNAVAILABLE =
	"onnxruntime-web's WebNN EP hands the graph to the browser, which times no op of it for the page";

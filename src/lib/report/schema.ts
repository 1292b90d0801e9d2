// A run that travels: the report a bench or playground run exports, its schema (version 1, in
// valibot: the types below are read from it), and reading one back with an error that names the file,
// the field and what is wrong with it.
import * as v from 'valibot';
import {
	BACKENDS,
	FRAMEWORKS,
	GRAPH_OPTIMIZATIONS,
	INPUT_PATHS,
	PRECISIONS
} from '../runtimes/types.js';

export const REPORT_FORMAT = 'twinfer-report';
export const REPORT_VERSION = 1;

const ms = v.pipe(v.number(), v.finite(), v.minValue(0));
const bytes = v.pipe(v.number(), v.minValue(0));
const ratio = v.pipe(v.number(), v.finite(), v.minValue(0));

/**
 * A paired comparison of the cell's runs (ABBA blocks in its worker) against a baseline: the median of
 * the block pairs' ratios (cell / baseline), every pair's ratio, and both medians.
 */
const ComparisonSchema = v.object({
	/** What the cell was held against: the bare library call, ORT at another graph optimization level, TF.js on the same backend, or TF.js making the input itself. */
	baseline: v.variant('kind', [
		v.object({ kind: v.literal('bare') }),
		v.object({
			kind: v.literal('optimization'),
			level: v.picklist(GRAPH_OPTIMIZATIONS)
		}),
		v.object({ kind: v.literal('framework'), framework: v.picklist(FRAMEWORKS) }),
		v.object({ kind: v.literal('runtime-image') })
	]),
	ratio,
	ratios: v.pipe(v.array(ratio), v.minLength(1)),
	p50: v.tuple([ms, ms])
});

/** One cell's figures: what ran, how fast, how much it held, and whether it agreed with the reference. */
const CellSchema = v.object({
	/** The cell's id in the registry: "ort-webgpu-native". */
	cell: v.pipe(v.string(), v.nonEmpty()),
	framework: v.picklist(FRAMEWORKS),
	backend: v.picklist(BACKENDS),
	status: v.picklist(['ok', 'unavailable', 'error']),
	/** Why it did not run. */
	message: v.optional(v.string()),
	/** The settings it ran with, as the runtime reported them. */
	settings: v.object({
		version: v.optional(v.string()),
		threads: v.optional(v.number()),
		/** TF.js WASM: whether its SIMD build ran. */
		simd: v.optional(v.boolean()),
		/** TF.js WebGL: whether tensors were kept in float16 textures. */
		f16Textures: v.optional(v.boolean()),
		/** ONNX Runtime: the model as given (f32) or its float16 twin (f16). */
		precision: v.optional(v.picklist(PRECISIONS)),
		/** TF.js: how a frame became the input (Twinfer's kernel, or the runtime's own image path). */
		inputPath: v.optional(v.picklist(INPUT_PATHS)),
		/** ONNX Runtime's graph optimization level. */
		graphOptimization: v.optional(v.picklist(GRAPH_OPTIMIZATIONS)),
		/** What really ran: "webgpu, 2 nodes on the CPU (Cast ×2)". */
		ran: v.optional(v.string())
	}),
	loadMs: v.optional(ms),
	firstRunMs: v.optional(ms),
	/** Whether its run times settled while it warmed up (the bench's warm-up). */
	settled: v.optional(v.boolean()),
	/** Steady-state runs and their inference median and 95th percentile, ms. */
	runs: v.pipe(v.number(), v.integer(), v.minValue(0)),
	p50: v.optional(ms),
	p95: v.optional(ms),
	/** Pre- plus post-processing median, ms. */
	prePostP50: v.optional(ms),
	gflops: v.optional(v.pipe(v.number(), v.finite())),
	/** The bytes the cell's worker held: WebAssembly memory, and GPU buffers and textures. */
	memory: v.optional(v.object({ wasm: bytes, gpu: bytes })),
	/** Against the reference cell: task-level agreement, and the largest difference over the output's peak. */
	agreement: v.optional(
		v.object({
			same: v.boolean(),
			worstRelToPeak: v.pipe(v.number(), v.minValue(0)),
			/** Whether every output was within the tolerance the two backends are held to, and that tolerance. */
			within: v.optional(v.boolean()),
			tolerance: v.optional(
				v.object({
					kind: v.picklist(['relative', 'absolute']),
					limit: v.pipe(v.number(), v.minValue(0)),
					why: v.string()
				})
			)
		})
	),
	comparisons: v.optional(v.array(ComparisonSchema))
});

export const ReportSchema = v.object({
	format: v.literal(REPORT_FORMAT),
	version: v.literal(REPORT_VERSION),
	from: v.picklist(['bench', 'playground']),
	/** When the run ended, ISO 8601. */
	at: v.pipe(v.string(), v.isoTimestamp()),
	/** Where it ran: a name the person gave, the browser, the cores and the GPU. */
	machine: v.object({
		label: v.optional(v.string()),
		userAgent: v.string(),
		cores: v.number(),
		crossOriginIsolated: v.boolean(),
		gpu: v.string()
	}),
	model: v.object({
		id: v.pipe(v.string(), v.nonEmpty()),
		/** Floating-point operations of one run, where counted. */
		flops: v.optional(v.number()),
		/** Ops the conversion treated specially, and why the WebGL twin is missing, if it is. */
		conversion: v.optional(
			v.object({ specialOps: v.array(v.string()), webglUnsupported: v.optional(v.string()) })
		)
	}),
	/** The cell every other was compared with. */
	reference: v.string(),
	cells: v.pipe(v.array(CellSchema), v.minLength(1, 'a report holds at least one cell'))
});

export type Report = v.InferOutput<typeof ReportSchema>;
export type ReportCell = Report['cells'][number];

/** A report that cannot be read, with what is wrong and where. */
export class ReportError extends Error {
	override name = 'ReportError';
}

/** The report in `text` (a file called `name`); a ReportError naming the file, field and problem otherwise. */
export function readReport(text: string, name: string): Report {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new ReportError(`${name} is not JSON: ${(e as Error).message}`);
	}
	const head = json as { format?: unknown; version?: unknown } | null;
	if (typeof head !== 'object' || head === null || head.format !== REPORT_FORMAT)
		throw new ReportError(`${name} is not a Twinfer report (no "format": "${REPORT_FORMAT}")`);
	if (typeof head.version === 'number' && head.version > REPORT_VERSION)
		throw new ReportError(
			`${name} is a version ${head.version} report; this Twinfer reads version ${REPORT_VERSION}`
		);
	const result = v.safeParse(ReportSchema, json);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const where = v.getDotPath(issue) ?? 'the report';
	throw new ReportError(
		issue.input === undefined
			? `${name}: ${where} is missing`
			: `${name}: ${where}: ${issue.message}`
	);
}

// The bench page's URL settings, checked: a wrong one is an error that names it, never a run that
// hangs or measures something else than was asked. Settings: model (an id, or url:<url>); frameworks
// and backends (the registry's cells of those frameworks on those backends run), or cells (their ids); warmup (seconds at
// least); runs (0, with seconds=0: only the first run, to check outputs); seconds; image; reference
// (a cell id); optimization (ORT's graph optimization level); optimization-baseline (the level ORT on
// WASM is also compared with, or none); overhead=1, first-runs=1, profile=1, pair-frameworks=1,
// runtime-image=1; pairs (block pairs in each comparison, none added) and block-ms (a block's length);
// each cell's settings (tfjs-wasm.threads=1, tfjs-webgl.f16-textures=on).
import type { MeasurePlan } from '../measure/measure.js';
import type { ModelCard } from '../models/card.js';
import { CELLS, cellById, REFERENCE_CELL, type CellSpec } from '../runtimes/cells.js';
import { readSettings, type SettingLimits } from '../runtimes/settings.js';
import {
	GRAPH_OPTIMIZATIONS,
	type Backend,
	type CellSettings,
	type Framework,
	type GraphOptimization
} from '../runtimes/types.js';

/** A built-in model, or a user's model at a URL (`model=url:<url>`; npm run bench serves a path there). */
export type BenchModel = { card: ModelCard } | { url: string };

export interface BenchParams {
	model: BenchModel;
	/** The cells to run: the reference first, then the registry's cells of the frameworks and backends asked for. */
	cells: CellSpec[];
	plan: MeasurePlan;
	image: string;
	/** The cell every other is compared with. */
	reference: CellSpec;
	optimization: GraphOptimization;
	/** The level ORT on WASM is also compared with, or none. */
	baseline: GraphOptimization | 'none';
	overhead: boolean;
	/**
	 * Each GPU cell's first run again in fresh workers: plainly (a second visit, the browser's shader
	 * caches warm), and on TF.js compiling every kernel ahead.
	 */
	firstRuns: boolean;
	/** Each cell's ops timed by its runtime's profiler, in runs apart from the timed ones. */
	profile: boolean;
	/** Each ORT cell against TF.js on its backend, their runs interleaved in the ORT cell's worker. */
	pairFrameworks: boolean;
	/**
	 * Each TF.js cell's frame pipeline (the kernel, then the model) against TF.js making the input
	 * itself on the cell's backend, interleaved, with how their answers agree.
	 */
	runtimeImage: boolean;
	/**
	 * Each comparison's block pairs, fixed, and their length, in place of the comparison's own (a quick
	 * check of what a comparison reports, not of its figure).
	 */
	pairs: { blocks?: number; blockMs?: number };
	/** The settings chosen per cell, by id (a cell not named runs with its runtime's defaults). */
	settings: Record<string, CellSettings>;
}

const unique = <T>(items: T[]) => [...new Set(items)];
const FRAMEWORKS: Framework[] = unique(CELLS.map((c) => c.framework));
const BACKENDS: Backend[] = unique(CELLS.map((c) => c.backend));
/** The backends run by default: those of the cells the playground shows. */
const SHOWN_BACKENDS = unique(CELLS.filter((c) => c.playground !== 'absent').map((c) => c.backend));

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
	if (!(allowed as readonly string[]).includes(value))
		throw new Error(`${name} "${value}" is not one of ${allowed.join(', ')}`);
	return value as T;
}

function listOf<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
	const items = value.split(',').filter(Boolean);
	if (!items.length) throw new Error(`${name} is empty: give one or more of ${allowed.join(', ')}`);
	return items.map((item) => oneOf(name, item, allowed));
}

/** A setting that is absent, or a number of at least `min`. */
function optionalNumber(name: string, value: string | null, min: number): number | undefined {
	return value === null ? undefined : number(name, value, min);
}

function number(name: string, value: string, min: number): number {
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n < min)
		throw new Error(`${name} "${value}" is not a number of at least ${min}`);
	return n;
}

/** The settings in `params`, with defaults; throws an Error naming the first wrong one. */
export function parseBenchParams(
	params: URLSearchParams,
	cards: ModelCard[],
	images: string[],
	limits: SettingLimits
): BenchParams {
	const get = (name: string, fallback: string) => params.get(name) ?? fallback;
	const model = get('model', cards.find((c) => c.default)?.id ?? '');
	const card = cards.find((c) => c.id === model);
	if (!card && !model.startsWith('url:'))
		throw new Error(
			`model "${model}" is not built in: use one of ${cards.map((c) => c.id).join(', ')}, or a path to a model.json or .onnx file`
		);
	const reference = cellById(
		oneOf(
			'reference',
			get('reference', REFERENCE_CELL),
			CELLS.map((c) => c.id)
		)
	);
	const frameworks = listOf('frameworks', get('frameworks', FRAMEWORKS.join(',')), FRAMEWORKS);
	const backends = listOf('backends', get('backends', SHOWN_BACKENDS.join(',')), BACKENDS);
	const ids = params.get('cells');
	const asked =
		ids === null
			? CELLS.filter((c) => frameworks.includes(c.framework) && backends.includes(c.backend))
			: listOf(
					'cells',
					ids,
					CELLS.map((c) => c.id)
				).map(cellById);
	const settings = readSettings(params, CELLS, limits);
	if (settings.errors.length) throw new Error(settings.errors.join('; '));
	if (!asked.length)
		throw new Error(
			`no cell runs ${frameworks.join(' or ')} on ${backends.join(' or ')}: the cells are ${CELLS.map((c) => c.id).join(', ')}`
		);
	return {
		model: card ? { card } : { url: model.slice('url:'.length) },
		cells: [reference, ...asked.filter((c) => c !== reference)],
		plan: {
			warmups: 1,
			warmupSeconds: number('warmup', get('warmup', '5'), 0),
			runs: number('runs', get('runs', '10'), 0),
			seconds: number('seconds', get('seconds', '2'), 0)
		},
		image: oneOf('image', get('image', 'astronaut.jpg'), images),
		reference,
		optimization: oneOf('optimization', get('optimization', 'all'), GRAPH_OPTIMIZATIONS),
		baseline: oneOf('optimization-baseline', get('optimization-baseline', 'disabled'), [
			...GRAPH_OPTIMIZATIONS,
			'none' as const
		]),
		overhead: get('overhead', '0') === '1',
		firstRuns: get('first-runs', '0') === '1',
		profile: get('profile', '0') === '1',
		pairFrameworks: get('pair-frameworks', '0') === '1',
		runtimeImage: get('runtime-image', '0') === '1',
		pairs: {
			blocks: optionalNumber('pairs', params.get('pairs'), 1),
			blockMs: optionalNumber('block-ms', params.get('block-ms'), 1)
		},
		settings: settings.chosen
	};
}

// Long runs in the playground, driven as a user would: every cell runs many times, then the model is
// switched away and back again and again; what a cell, the page and its workers hold must stop
// growing once warmed up, and no worker may outlive its model. The core of `npm run soak` and of its
// short version in the browser tests.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession, Page, Worker as PageWorker } from '@playwright/test';
import { mb } from '../../src/lib/format.js';
import { gpuProcessBytes } from './gpu-process.js';
import type { MemoryUse } from '../../src/lib/worker/memory-tap.js';

/** Runs per cell when not given, by backend: a WebGPU run on a software GPU takes several times as long. */
export const DEFAULT_RUNS: Record<string, number> = { wasm: 500, webgl: 500, webgpu: 100 };
export const DEFAULT_SWITCHES = 20;
/** The first tenth of a cell's runs (at least 10) warm it up: arenas, buffer pools, shader caches. */
export const warmupRuns = (runs: number) => Math.max(10, Math.ceil(runs / 10));

// What may grow after warm-up, as a fraction.
/** None: WebAssembly memory never shrinks, so any growth is a leak or an arena still growing. */
export const WASM_GROWTH = 0;
/**
 * 2%: the runtimes keep GPU buffers and textures in pools that may take one more size now and then.
 * A run's intermediates kept each run grow by far more than that; a small output kept each run may
 * not (on TF.js cells the tensor count catches it).
 */
export const GPU_GROWTH = 0.02;
/** None: a run disposes of every tensor it made, so TF.js holds the model's tensors and no more. */
export const TENSOR_GROWTH = 0;
/**
 * The page's JS heap after a forced garbage collection, over the runs and from the first switch back
 * to the last: 1 MB or 10%, whichever is more. Measured, it moves by up to 0.4 MB either way (the
 * tiles' run histories fill up to 600 points, V8 keeps code warm), so a page that kept every run's
 * results or every model it ran shows in a long run. The first switch is not judged: the other
 * model's task code and figures load once then (1.1 to 1.4 MB, measured).
 */
export const HEAP_SLACK_BYTES = 1e6;
export const HEAP_GROWTH = 0.1;
/**
 * Chromium's GPU process, over the runs and from the first switch back to the last: 10%. It holds
 * what the GPU cells hold (on a software GPU, in its own memory) and the page's drawing; beside six
 * cells on SwiftShader it once grew 50 MB/s (the tiles drew on GPU canvases) until Chromium killed it.
 */
export const GPU_PROCESS_GROWTH = 0.1;

/** The worker that measures ONNX Runtime's graph optimization once per model, beside the cells. */
export const PROBE = 'optimization-probe';
/**
 * Workers the page keeps for its life, whatever the model: one reads the frames' pixels for the
 * cells, one described the browser and GPU.
 */
export const PAGE_WORKERS = ['frame-reader', 'environment'];
/**
 * Workers without a name are threads a runtime starts inside a cell's worker (TF.js WASM's threaded
 * build keeps a pool of 8, the bench's cells use it); they die with it, so a model must not have
 * more of them the second time it runs.
 */
export const THREADS = '';
const POLL_MS = 1000;
/** No cell answering for this long means the soak is stuck (a cell's own timeouts end a hung run sooner). */
const STALL_MS = 600_000;
/**
 * How long a terminated worker may take to leave the browser's list: beside six cells on a software
 * GPU, a TF.js WASM worker with its pool of 8 threads was still listed, silent, 10 s after it was
 * ended (the playground's one-thread cells now load the build without a pool).
 */
const WORKER_SETTLE_MS = 60_000;
/** How long a worker may take to say its name (a worker busy compiling answers late). */
const NAME_MS = 30_000;
/**
 * How long the page may take to show a picked model as chosen (it fetches the model's manifest
 * first): with six cells on a software GPU, the page has been seen to take over 30 s.
 */
const PICK_MS = 300_000;

export interface SoakOptions {
	/** The origin the built app is served on. */
	app: string;
	model: string;
	/** The built-in model switched to and away from. */
	other: string;
	cells: string[];
	/** Runs per cell, the first tenth warming it up; DEFAULT_RUNS by backend when not given. */
	runs?: number;
	/** Times the model is switched to `other` and back. */
	switches: number;
	/** Hears of progress, one line at a time. */
	log?: (line: string) => void;
}

export interface CellSoak {
	cell: string;
	/** Runs the cell had answered when warm, and at the end. */
	runs: { before: number; after: number };
	before: MemoryUse;
	after: MemoryUse;
	/** What grew beyond its tolerance, in words; empty when steady. */
	grew: string[];
}

/** Bytes at the soak's moments: warm, after the runs, back on the model after the first and last switch. */
export interface Moments {
	warm?: number;
	runs?: number;
	firstSwitch?: number;
	lastSwitch?: number;
}

export interface SoakResult {
	cells: CellSoak[];
	/** The page's JS heap after a forced garbage collection, as far as the soak got. */
	heap: Moments;
	/** The GPU process's resident memory (Linux only: empty elsewhere). */
	gpuProcess: Moments;
	/** Live workers by name at the end ('' for runtime threads). */
	workers: Record<string, number>;
	/** Models loaded at the end: each cell's worker, and the probe's, loads one model in its life. */
	sessions: number;
	problems: string[];
}

/** What a tile says about its cell, with the runs its worker answered (counted in the page). */
interface CellState {
	cell: string;
	status: string;
	line: string;
	runs: number;
	memory?: MemoryUse;
}

interface SoakWindow {
	__soakAnswers: Record<string, number>;
}

type NamedWorker = { worker: PageWorker; name: string };

/**
 * Counts in the page every run each worker answers, by the worker's name (a tile's history keeps
 * only its last 600). A worker started again under the same name counts from 0.
 */
function countAnswers(): void {
	const answers: Record<string, number> = {};
	(window as unknown as SoakWindow).__soakAnswers = answers;
	const Base = window.Worker;
	window.Worker = class extends Base {
		constructor(url: string | URL, options?: WorkerOptions) {
			super(url, options);
			const name = options?.name ?? '';
			answers[name] = 0;
			this.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
				if (event.data?.type === 'inferred') answers[name]!++;
			});
		}
	};
}

function readCells(page: Page, cells: string[]): Promise<CellState[]> {
	return page.evaluate(
		(cells) =>
			cells.map((cell) => {
				const tile = document.querySelector(`[data-cell="${cell}"]`);
				const memory = tile?.getAttribute('data-memory');
				return {
					cell,
					status: tile?.getAttribute('data-status') ?? 'missing',
					line: tile?.querySelector('.status')?.textContent?.trim() ?? '',
					runs: (window as unknown as SoakWindow).__soakAnswers[cell] ?? 0,
					memory: memory ? (JSON.parse(memory) as MemoryUse) : undefined
				};
			}),
		cells
	);
}

/** The page's JS heap after a full garbage collection (twice: finalizers free more). */
async function heapBytes(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** What grew from `before` to `after` beyond its tolerance, in words. */
export function growth(before: MemoryUse, after: MemoryUse): string[] {
	const grew: string[] = [];
	if (after.wasm > before.wasm * (1 + WASM_GROWTH))
		grew.push(`WASM memory ${mb(before.wasm)} -> ${mb(after.wasm)}`);
	if (after.gpu > before.gpu * (1 + GPU_GROWTH))
		grew.push(`GPU memory ${mb(before.gpu)} -> ${mb(after.gpu)}`);
	const tensors = (m: MemoryUse) => m.tensors ?? 0;
	if (tensors(after) > tensors(before) * (1 + TENSOR_GROWTH))
		grew.push(`TF.js tensors ${tensors(before)} -> ${tensors(after)}`);
	return grew;
}

/** Whether the page heap grew from `before` to `after` beyond its tolerance. */
export const heapGrew = (before: number, after: number) =>
	after - before > Math.max(HEAP_SLACK_BYTES, HEAP_GROWTH * before);

/** What the page and the browser hold at the soak's moments, each judged by its own tolerance. */
const FOOTPRINTS = [
	{ key: 'heap', name: 'page heap', grew: heapGrew },
	{
		key: 'gpuProcess',
		name: "the GPU process's memory",
		grew: (before: number, after: number) => after > before * (1 + GPU_PROCESS_GROWTH)
	}
] as const;

type Footprints = Pick<SoakResult, (typeof FOOTPRINTS)[number]['key']>;

/** The page heap and the GPU process's memory now, kept in `footprints` as each of `moments`. */
async function takeFootprints(
	{ cdp }: Soaking,
	footprints: Footprints,
	moments: (keyof Moments)[]
): Promise<{ heap: number; gpuProcess?: number }> {
	const now = { heap: await heapBytes(cdp), gpuProcess: gpuProcessBytes() };
	for (const { key } of FOOTPRINTS) for (const m of moments) footprints[key][m] = now[key];
	return now;
}

/** A problem for each footprint that grew from moment `from` to `to` beyond its tolerance. */
function judgeFootprints(
	{ problems }: Soaking,
	footprints: Footprints,
	[from, to]: [keyof Moments, keyof Moments],
	when: string
): void {
	for (const { key, name, grew } of FOOTPRINTS) {
		const [before, after] = [footprints[key][from], footprints[key][to]];
		if (before !== undefined && after !== undefined && grew(before, after))
			problems.add(`${name} ${mb(before)} -> ${mb(after)} ${when}`);
	}
}

/** The page's workers as the browser lists them, each named by `self.name` when it started. */
class PageWorkers {
	readonly #names = new Map<PageWorker, Promise<string>>();

	constructor(private readonly page: Page) {
		page.on('worker', (worker) =>
			this.#names.set(
				worker,
				worker.evaluate(() => self.name).catch(() => '?')
			)
		);
	}

	/** The live workers; one that has not said its name within NAME_MS is "?". */
	async list(): Promise<NamedWorker[]> {
		const late = sleep(NAME_MS, '?', { ref: false });
		return Promise.all(
			this.page.workers().map(async (worker) => ({
				worker,
				name: await Promise.race([this.#names.get(worker) ?? '?', late])
			}))
		);
	}

	/** The live workers once `fine` says so, or after WORKER_SETTLE_MS. */
	async settled(fine: (workers: NamedWorker[]) => boolean): Promise<NamedWorker[]> {
		const until = Date.now() + WORKER_SETTLE_MS;
		for (;;) {
			const workers = await this.list();
			if (fine(workers) || Date.now() > until) return workers;
			await this.page.waitForTimeout(POLL_MS);
		}
	}

	/** Whether `worker` still runs JavaScript: a terminated one may stay listed, and never answers. */
	async answers(worker: PageWorker): Promise<boolean> {
		const asked = worker.evaluate(() => true).catch(() => false);
		return Promise.race([asked, sleep(NAME_MS, false, { ref: false })]);
	}
}

/** The workers of `old` (those of the model before) still listed. */
function leftovers(workers: NamedWorker[], old: NamedWorker[]): NamedWorker[] {
	const alive = new Set(workers.map((w) => w.worker));
	return old.filter((w) => alive.has(w.worker));
}

/**
 * Among the workers started for this model: none or two for a running cell, one no running cell
 * owns, two probes, more runtime threads than the model had the first time; two of a page's worker.
 */
function workerProblems(
	workers: NamedWorker[],
	old: NamedWorker[],
	running: string[],
	threadsBefore: number | undefined
): string[] {
	const problems: string[] = [];
	const fresh = workers.filter((w) => !old.some((o) => o.worker === w.worker));
	const count = (name: string) => fresh.filter((w) => w.name === name).length;
	for (const cell of running)
		if (count(cell) !== 1) problems.push(`${count(cell)} workers named ${cell} (one expected)`);
	for (const name of new Set(fresh.map((w) => w.name)))
		if (![...running, PROBE, ...PAGE_WORKERS, THREADS].includes(name))
			problems.push(`${count(name)} workers named ${name}, which no running cell owns`);
	if (count(PROBE) > 1) problems.push(`${count(PROBE)} optimization probes`);
	for (const name of PAGE_WORKERS) {
		const kept = workers.filter((w) => w.name === name).length;
		if (kept > 1) problems.push(`${kept} workers named ${name} (one for the page)`);
	}
	if (threadsBefore !== undefined && count(THREADS) > threadsBefore)
		problems.push(
			`${count(THREADS)} runtime threads (workers without a name), ${threadsBefore} when it first ran`
		);
	return problems;
}

const FAILED = ['error', 'unavailable'];

/** What the phases of one soak share. */
interface Soaking {
	page: Page;
	cdp: CDPSession;
	workers: PageWorkers;
	options: SoakOptions;
	problems: Set<string>;
	log: (line: string) => void;
}

/** Polls the tiles until `done`; a cell that fails is a problem, and is waited for no more. */
async function watch(
	{ page, options, problems }: Soaking,
	model: string,
	done: (live: CellState[]) => boolean | Promise<boolean>
): Promise<CellState[]> {
	let answered = -1;
	let movedAt = Date.now();
	for (;;) {
		const states = await readCells(page, options.cells);
		for (const s of states.filter((s) => FAILED.includes(s.status)))
			problems.add(`${s.cell} on ${model}: ${s.line}`);
		const live = states.filter((s) => !FAILED.includes(s.status));
		if (await done(live)) return live;
		const total = states.reduce((sum, s) => sum + s.runs, 0);
		if (total !== answered) [answered, movedAt] = [total, Date.now()];
		if (Date.now() - movedAt > STALL_MS) {
			problems.add(`stuck on ${model}: no cell answered for ${STALL_MS / 60_000} min`);
			return live;
		}
		await page.waitForTimeout(POLL_MS);
	}
}

/** The steady state: each cell's memory once it is warm and after its runs; the footprints warm and after. */
async function steadyState(soaking: Soaking, footprints: Footprints): Promise<CellSoak[]> {
	const { options, problems, log } = soaking;
	const runsOf = (cell: string) =>
		options.runs ?? DEFAULT_RUNS[cell.slice(cell.indexOf('-') + 1)] ?? DEFAULT_RUNS.wasm!;
	const before = new Map<string, CellState>();
	const after = new Map<string, CellState>();
	await watch(soaking, options.model, async (live) => {
		for (const s of live.filter((s) => s.status === 'running' && s.memory)) {
			if (!before.has(s.cell) && s.runs >= warmupRuns(runsOf(s.cell))) {
				before.set(s.cell, s);
				log(`${s.cell}: warm after ${s.runs} runs`);
			}
			if (before.has(s.cell) && !after.has(s.cell) && s.runs >= runsOf(s.cell)) {
				after.set(s.cell, s);
				log(`${s.cell}: ${s.runs} runs`);
			}
		}
		if (footprints.heap.warm === undefined && live.every((s) => before.has(s.cell)))
			await takeFootprints(soaking, footprints, ['warm']);
		return live.every((s) => after.has(s.cell));
	});
	await takeFootprints(soaking, footprints, ['runs']);
	const cells = options.cells.flatMap((cell): CellSoak[] => {
		const [first, last] = [before.get(cell), after.get(cell)];
		if (!first?.memory || !last?.memory) return [];
		const grew = growth(first.memory, last.memory);
		for (const g of grew) problems.add(`${cell}: ${g} after warm-up`);
		const counted = { before: first.runs, after: last.runs };
		return [{ cell, runs: counted, before: first.memory, after: last.memory, grew }];
	});
	judgeFootprints(soaking, footprints, ['warm', 'runs'], 'over the runs');
	return cells;
}

/**
 * The switches, through the model picker: every cell starts afresh on each model, and the workers
 * of the model before must be gone. The footprints are taken back on the model after each.
 */
async function switchModels(soaking: Soaking, footprints: Footprints): Promise<void> {
	const { page, options, problems, log } = soaking;
	let workers = await soaking.workers.list();
	const threads = new Map([[options.model, workers.filter((w) => w.name === THREADS).length]]);
	for (let i = 1; i <= options.switches; i++)
		for (const model of [options.other, options.model]) {
			const started = Date.now();
			const old = workers.filter((w) => ![THREADS, ...PAGE_WORKERS].includes(w.name));
			const picked = `[data-model="${model}"]`;
			await page.click(picked, { timeout: PICK_MS });
			await page.waitForSelector(`${picked}[aria-checked="true"]`, { timeout: PICK_MS });
			const running = (
				await watch(soaking, model, (live) => live.every((s) => s.status === 'running'))
			)
				.filter((s) => s.status === 'running')
				.map((s) => s.cell);
			const seconds = ((Date.now() - started) / 1000).toFixed(0);
			const check = (w: NamedWorker[]) => workerProblems(w, old, running, threads.get(model));
			workers = await soaking.workers.settled(
				(w) => check(w).length === 0 && leftovers(w, old).length === 0
			);
			const when = `after switch ${i} to ${model}`;
			for (const p of check(workers)) problems.add(`${when}: ${p}`);
			for (const w of leftovers(workers, old))
				problems.add(
					(await soaking.workers.answers(w.worker))
						? `${when}: a ${w.name} worker of an earlier model still runs`
						: `${when}: a ${w.name} worker of an earlier model is still listed by the browser (terminated, it no longer answers)`
				);
			if (!threads.has(model)) threads.set(model, workers.filter((w) => w.name === THREADS).length);
			const first = footprints.heap.firstSwitch === undefined;
			const moments: (keyof Moments)[] =
				model !== options.model ? [] : first ? ['firstSwitch', 'lastSwitch'] : ['lastSwitch'];
			const now = await takeFootprints(soaking, footprints, moments);
			const gpu = now.gpuProcess === undefined ? '' : `, GPU process ${mb(now.gpuProcess)}`;
			log(
				`switch ${i}/${options.switches} to ${model}: every cell running after ${seconds} s, page heap ${mb(now.heap)}${gpu}`
			);
		}
	judgeFootprints(
		soaking,
		footprints,
		['firstSwitch', 'lastSwitch'],
		'from the first switch to the last'
	);
}

/**
 * Drives the playground at `options.app` in `page` through a long run; see SoakResult. A soak that
 * cannot go on (the page stops answering, a pick is never taken) says why among the problems and
 * returns what it measured so far.
 */
export async function soak(page: Page, options: SoakOptions): Promise<SoakResult> {
	const workers = new PageWorkers(page);
	await page.addInitScript(countAnswers);
	const query = new URLSearchParams({ model: options.model, cells: options.cells.join(',') });
	await page.goto(`${options.app}/?${query}`);
	const soaking: Soaking = {
		page,
		cdp: await page.context().newCDPSession(page),
		workers,
		options,
		problems: new Set(),
		log: options.log ?? (() => {})
	};
	const footprints: Footprints = { heap: {}, gpuProcess: {} };
	let cells: CellSoak[] = [];
	try {
		cells = await steadyState(soaking, footprints);
		await switchModels(soaking, footprints);
	} catch (e) {
		soaking.problems.add(`the soak stopped early: ${(e as Error).message.split('\n')[0]}`);
	}
	const alive = await workers.list().catch(() => []);
	const counts: Record<string, number> = {};
	for (const w of alive) counts[w.name] = (counts[w.name] ?? 0) + 1;
	return {
		cells,
		...footprints,
		workers: counts,
		sessions: alive.filter((w) => ![THREADS, ...PAGE_WORKERS].includes(w.name)).length,
		problems: [...soaking.problems]
	};
}

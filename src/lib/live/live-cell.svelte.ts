// One (framework, backend) cell of the playground: its worker, its state, its latest result and the
// history of its run times. A cell still busy with a frame drops the next one instead of queueing it.
import type { RunTiming } from '../measure/measure.js';
import { PROFILE_RUNS, type OpProfileResult } from '../measure/op-profile.js';
import type { ModelDescriptor } from '../models/descriptor.js';
import type { CellSpec } from '../runtimes/cells.js';
import { defaultSettings } from '../runtimes/settings.js';
import type {
	Backend,
	CellSettings,
	Framework,
	OutputTensors,
	RuntimeInfo
} from '../runtimes/types.js';
import type { TaskResult } from '../tasks/types.js';
import { CellError, InferenceWorkerClient } from '../worker/client.js';
import type { MemoryUse } from '../worker/memory-tap.js';
import type { ReadFrame } from './frame-reader.js';

export type CellStatus =
	'off' | 'queued' | 'loading' | 'first-run' | 'running' | 'unavailable' | 'error';

/** A cell's answer for one frame. Frames with the same id above 0 had the same pixels; 0 is a frame only this cell saw. */
export interface FrameResult {
	frame: number;
	/** The frame itself (closed once no result refers to it). */
	bitmap: ImageBitmap;
	width: number;
	height: number;
	task: TaskResult;
	outputs: OutputTensors;
	timing: RunTiming;
	/** From taking the frame to having its result, in ms: a cell with a backlog would see this grow. */
	lagMs: number;
	/** Of which waiting for the frame's pixels (a busy software GPU holds up reading a video frame). */
	readMs: number;
}

/** One run: when it ended (ms since the page opened), how long it took in all, and its inference. */
export interface RunPoint {
	at: number;
	ms: number;
	inference: number;
}

const LOAD_TIMEOUT_MS = 180_000;
/** A first run compiles shaders: on a software GPU, beside other busy cells, that takes minutes. */
const FIRST_RUN_TIMEOUT_MS = 300_000;
/**
 * Once a cell has run, a run that takes this many times its slowest recent one has hung (the worker
 * is stopped and the cell says so), within these bounds.
 */
const HUNG_FACTOR = 20;
const MIN_RUN_TIMEOUT_MS = 10_000;
/**
 * A GPU cell's run also waits behind every other GPU cell's work in the browser's one GPU process:
 * on a software GPU, a WebGL run behind a WebGPU cell's first compile took over 10 s.
 */
const MIN_GPU_RUN_TIMEOUT_MS = 60_000;
const MAX_RUN_TIMEOUT_MS = 120_000;
/** A profile's runs, timers on, each as slow as a run on a software GPU can be. */
const PROFILE_TIMEOUT_MS = 300_000;
/**
 * Cells run side by side and share the machine: a WASM cell keeps to one thread, so that its idle
 * threads do not spin against the other cells (the bench, which runs one cell at a time, uses more).
 */
export const WASM_THREADS = 1;
/** Comparable results kept, so that a slow cell and a fast one still share a frame. */
const KEEP = 3;
/** Run times kept for the chart and the rolling figures. */
const HISTORY = 600;

export class LiveCell {
	status = $state<CellStatus>('off');
	message = $state('');
	info = $state<RuntimeInfo>();
	loadMs = $state<number>();
	firstRunMs = $state<number>();
	latest = $state.raw<FrameResult>();
	/** The latest results for frames other cells also got (frame id above 0), newest last, for agreement. */
	comparable = $state.raw<FrameResult[]>([]);
	history = $state.raw<RunPoint[]>([]);
	/** Runs after the first, all of them (the history keeps the last HISTORY). */
	runs = $state(0);
	/**
	 * Video frames that came while the cell was busy, and so were never sent to it; shown as of the
	 * cell's last result (a count changing with every video frame redrew the page 30 times a second).
	 */
	dropped = $state(0);
	#dropped = 0;
	/** The cell warming up meanwhile, for which this one takes no frame (the playground sets it). */
	pausedFor = $state.raw<LiveCell>();
	/** What the worker held after its last load or run. */
	memory = $state<MemoryUse>();
	/** Where the cell's time goes, once profiled; `profiling` while its profile is being taken. */
	profile = $state.raw<OpProfileResult>();
	profiling = $state(false);
	/** What the cell runs with (a person may choose them; see settings.ts). */
	settings = $state.raw<CellSettings>({});
	busy = false;
	/** The run under way, which a profile waits for. */
	#inflight: Promise<unknown> = Promise.resolve();
	#client: InferenceWorkerClient | undefined;
	/** The model the cell last started with, for a restart. */
	#model: ModelDescriptor | undefined;

	constructor(
		readonly spec: CellSpec,
		private readonly spawn: () => Worker,
		/** A port on which the frame reader will send this cell's worker its frames' pixels. */
		private readonly connectFrames: (cell: string) => Promise<MessagePort>
	) {
		this.settings = defaultSettings(spec, WASM_THREADS);
	}

	get id(): string {
		return this.spec.id;
	}

	get framework(): Framework {
		return this.spec.framework;
	}

	get backend(): Backend {
		return this.spec.backend;
	}

	/** Waits to load `model` until the playground starts it (cells warm up one at a time). */
	queue(model: ModelDescriptor): void {
		this.stop();
		this.#model = model;
		this.status = 'queued';
	}

	/** Whether the cell is loading or compiling: the machine is busy for it. */
	get warming(): boolean {
		return this.status === 'loading' || this.status === 'first-run';
	}

	/** Loads the model in a fresh worker; frames are taken once it is loaded. */
	async start(model: ModelDescriptor): Promise<void> {
		this.stop();
		this.#model = model;
		const client: InferenceWorkerClient = new InferenceWorkerClient(this.spawn, (e) => {
			if (this.#client === client) this.#fail(e);
		});
		this.#client = client;
		this.status = 'loading';
		try {
			const frames = await this.connectFrames(this.id);
			if (this.#client !== client) return;
			const loaded = await client.request(
				{
					type: 'load',
					framework: this.framework,
					model: model.source,
					run: model.run,
					options: { ...this.spec.load, backend: this.backend, ...this.settings },
					frames
				},
				LOAD_TIMEOUT_MS,
				[frames]
			);
			if (this.#client !== client) return;
			this.info = loaded.info;
			this.loadMs = loaded.loadMs;
			this.memory = loaded.memory;
			this.status = 'first-run';
		} catch (e) {
			if (this.#client === client) this.#fail(e);
		}
	}

	/** Starts the cell again on its model, in a fresh worker (after a fault, or at its turn). */
	restart(): void {
		if (this.#model) void this.start(this.#model);
	}

	/** How long a run may take before the worker counts as hung. */
	get #runTimeoutMs(): number {
		if (this.status === 'first-run') return FIRST_RUN_TIMEOUT_MS;
		// The second run is judged by the first, which compiled: the history starts after it.
		const recent = this.history.slice(-50).map((p) => p.ms);
		const slowest = recent.length ? Math.max(...recent) : (this.firstRunMs ?? 0);
		const floor = this.backend === 'wasm' ? MIN_RUN_TIMEOUT_MS : MIN_GPU_RUN_TIMEOUT_MS;
		return Math.min(MAX_RUN_TIMEOUT_MS, Math.max(floor, HUNG_FACTOR * slowest));
	}

	/** A video frame came while the cell was busy. */
	drop(): void {
		this.#dropped++;
	}

	/** Whether the cell would take a frame now. */
	get ready(): boolean {
		return (
			(this.status === 'first-run' || this.status === 'running') && !this.busy && !this.profiling
		);
	}

	/**
	 * Profiles the running cell on its last frame (its runtime's per-op times, in runs of their own
	 * that the latency figures leave out); the cell takes no frame meanwhile. Never throws.
	 */
	async profileOps(): Promise<void> {
		const client = this.#client;
		if (!client || this.status !== 'running' || this.profiling) return;
		this.profiling = true;
		let profile: OpProfileResult;
		try {
			await this.#inflight;
			profile = (await client.request({ type: 'profile', runs: PROFILE_RUNS }, PROFILE_TIMEOUT_MS))
				.profile;
		} catch (e) {
			// A worker lost meanwhile lost the model too: the cell has failed, not only its profile.
			if (e instanceof CellError && e.lost) {
				if (this.#client === client) this.#fail(e);
				return;
			}
			profile = { error: (e as Error).message };
		}
		if (this.#client !== client) return;
		this.profile = profile;
		this.profiling = false;
	}

	/**
	 * Runs the cell on a frame (taken at `takenAt`; its pixels sent to the worker) if the cell is
	 * free, keeping its bitmap for the result; else closes the bitmap.
	 */
	submit({ bitmap, pixels }: ReadFrame, frame: number, takenAt: number): void {
		const client = this.#client;
		if (!client || !this.ready) {
			bitmap.close();
			return;
		}
		this.busy = true;
		const readMs = performance.now() - takenAt;
		const { width, height } = bitmap;
		this.#inflight = client
			.request(
				{ type: 'infer', pixels },
				this.#runTimeoutMs,
				'image' in pixels ? [pixels.image.data.buffer as ArrayBuffer] : []
			)
			.then((reply) => {
				if (this.#client !== client) {
					bitmap.close();
					return;
				}
				const { task, outputs, timing, memory } = reply;
				this.memory = memory;
				const { preprocess, inference, postprocess } = timing;
				const ms = preprocess + inference + postprocess;
				if (this.status === 'first-run') this.firstRunMs = ms;
				else {
					this.history = [
						...this.history.slice(-(HISTORY - 1)),
						{ at: performance.now(), ms, inference }
					];
					this.runs++;
				}
				this.status = 'running';
				this.dropped = this.#dropped;
				const lagMs = performance.now() - takenAt;
				const result = { frame, bitmap, width, height, task, outputs, timing, lagMs, readMs };
				this.#keep(result, frame > 0 ? [...this.comparable, result].slice(-KEEP) : this.comparable);
			})
			.catch((e: unknown) => {
				bitmap.close();
				if (this.#client === client) this.#fail(e);
			})
			.finally(() => (this.busy = false));
	}

	stop(): void {
		this.#client?.terminate();
		this.#client = undefined;
		this.busy = false;
		this.profiling = false;
		this.profile = undefined;
		this.status = 'off';
		this.message = '';
		this.#keep(undefined, []);
		this.info = this.loadMs = this.firstRunMs = this.memory = undefined;
		this.history = [];
		this.runs = 0;
		this.dropped = this.#dropped = 0;
	}

	/** Sets the latest and comparable results, closing the frames no result refers to any more. */
	#keep(latest: FrameResult | undefined, comparable: FrameResult[]): void {
		for (const old of [this.latest, ...this.comparable])
			if (old && old !== latest && !comparable.includes(old)) old.bitmap.close();
		this.latest = latest;
		this.comparable = comparable;
	}

	#fail(e: unknown): void {
		this.profiling = false;
		this.status = e instanceof CellError && e.unavailable ? 'unavailable' : 'error';
		this.message = e instanceof Error ? e.message : String(e);
		this.#client?.terminate();
		this.#client = undefined;
	}
}

// The live playground: the registry's cells, one frame source, a loop that gives each free cell a new frame
// (a busy cell is skipped: frames are dropped, never queued), and the agreement of every pair.
import { measuredGpuPeak } from '../environment-client.js';
import type { GpuPeakResult } from '../measure/gpu-peak.js';
import type { ModelDescriptor } from '../models/descriptor.js';
import { CELLS } from '../runtimes/cells.js';
import type { Backend, CellSettings } from '../runtimes/types.js';
import InferenceWorker from '../worker/inference.worker?worker';
import { canGrab, closeSource, grab, isStill, type FrameSource } from './frame-source.js';
import { FrameReader, type ReadFrame } from './frame-reader.js';
import { LiveCell } from './live-cell.svelte.js';
import { OptimizationProbe } from './optimization-probe.svelte.js';
import { pairAgreements, type PairAgreement } from './pairs.js';
import { numericsOf } from '../measure/tolerance.js';

/** The cells the playground shows, in the registry's order: those that start on, then those to switch on. */
export const PLAYGROUND_CELLS = [
	...CELLS.filter((c) => c.playground === 'on'),
	...CELLS.filter((c) => c.playground === 'off')
];

/**
 * Cells warm up (load and first run) one at a time, the quickest backends first, while the others
 * wait: six compiling at once on two cores starved the page's main thread, and each first run timed
 * the others' too.
 */
const WARM_ORDER: Backend[] = ['wasm', 'webnn', 'webgl', 'webgpu'];

/** How often a video sends every cell the same frame, so that they can be compared. */
const SYNC_MS = 2000;
/** How often agreement is worked out again. */
const AGREEMENT_MS = 1000;

export class Playground {
	/** Each worker is named after its cell, as the browser's tools (and the tests) list them. */
	readonly cells = PLAYGROUND_CELLS.map(
		(spec) =>
			new LiveCell(
				spec,
				() => new InferenceWorker({ name: spec.id }),
				(cell) => this.#reader.connect(cell)
			)
	);
	readonly #warmOrder = WARM_ORDER.flatMap((b) => this.cells.filter((c) => c.backend === b));
	/** What ONNX Runtime's graph optimization buys for the model, measured once beside the cells. */
	readonly probe = new OptimizationProbe(() => new InferenceWorker({ name: 'optimization-probe' }));
	readonly #reader = new FrameReader();
	enabled = $state<string[]>(this.cells.filter((c) => c.spec.playground === 'on').map((c) => c.id));
	source = $state.raw<FrameSource>();
	pairs = $state.raw<PairAgreement[]>([]);
	/** Why the source gave no frame, if it did not. */
	sourceError = $state('');
	/** The model every cell runs. */
	model = $state.raw<ModelDescriptor>();
	/** The WebGPU device's matmul rate, once measured, or why there is none. */
	gpuPeak = $state.raw<GpuPeakResult>();
	#peakAsked = false;
	#nextFrame = 1;
	/** The id every frame of a still source has. */
	#stillFrame = 0;
	#sync: { id: number; bitmap: ImageBitmap; at: number } | undefined;
	#syncing = false;
	#grabbing = new WeakSet<LiveCell>();
	#agreementAt = 0;
	#compared: unknown[] = [];
	#raf = 0;
	/** A video frame arrived since the last step (counted with requestVideoFrameCallback). */
	#newVideoFrame = false;

	/** The work of `model` a run, counted after it started (a user's model at the shapes chosen), if it still runs. */
	setWork(model: ModelDescriptor, multiplyAdds: number): void {
		if (this.model === model) this.model = { ...model, multiplyAdds };
	}

	/** Whether the running cells are being profiled, one after another. */
	profiling = $state(false);

	/**
	 * Profiles every running cell, one at a time: a profile's timers slow the run they time, and on
	 * two cores the cells beside it as well.
	 */
	async profileCells(): Promise<void> {
		if (this.profiling) return;
		this.profiling = true;
		try {
			for (const cell of this.cells) if (cell.status === 'running') await cell.profileOps();
		} finally {
			this.profiling = false;
		}
	}

	/** Loads `model` in every enabled cell (each cell's worker gets how to feed and read it, once). */
	setModel(model: ModelDescriptor): void {
		this.model = model;
		this.pairs = [];
		for (const cell of this.cells) cell.stop();
		this.probe.stop();
		for (const cell of this.cells) if (this.enabled.includes(cell.id)) cell.queue(model);
		this.#warmNext();
	}

	setSource(source: FrameSource): void {
		if (this.source) closeSource(this.source);
		this.#sync?.bitmap.close();
		this.#sync = undefined;
		this.source = source;
		this.sourceError = '';
		if (source.kind === 'video') {
			const video = source.video;
			const count = () => {
				this.#newVideoFrame = true;
				if (this.source === source) video.requestVideoFrameCallback(count);
			};
			video.requestVideoFrameCallback(count);
		}
		this.#stillFrame = isStill(source) ? this.#nextFrame++ : 0;
		this.pairs = [];
	}

	setEnabled(id: string, on: boolean): void {
		const cell = this.cells.find((c) => c.id === id);
		if (!cell) return;
		this.enabled = this.enabled.filter((e) => e !== id).concat(on ? [id] : []);
		this.#reset(cell, on);
	}

	/** Runs cell `id` with `settings` from now on: a cell that runs starts again with them. */
	setSettings(id: string, settings: CellSettings): void {
		const cell = this.cells.find((c) => c.id === id);
		if (!cell) return;
		cell.settings = settings;
		if (this.enabled.includes(id)) this.#reset(cell, true);
	}

	/**
	 * `cell` queued to start again on the model (when `again` and a model is chosen), else stopped; the
	 * next cell warms up, and `cell`'s pairs go until it answers again.
	 */
	#reset(cell: LiveCell, again: boolean): void {
		if (again && this.model) cell.queue(this.model);
		else cell.stop();
		this.#warmNext();
		this.pairs = this.pairs.filter((p) => p.a !== cell.id && p.b !== cell.id);
	}

	/** Starts the frame loop (one step per animation frame). */
	run(): void {
		const step = () => {
			this.#step();
			this.#raf = requestAnimationFrame(step);
		};
		this.#raf = requestAnimationFrame(step);
	}

	destroy(): void {
		cancelAnimationFrame(this.#raf);
		for (const cell of this.cells) cell.stop();
		this.probe.stop();
		this.#reader.close();
		if (this.source) closeSource(this.source);
		this.#sync?.bitmap.close();
	}

	/**
	 * A frame of `source` (the sync frame's copy when `sync` is given), its pixels sent to `cell`'s
	 * worker, or brought here when no cell is named.
	 */
	#take(source: FrameSource, cell?: string, sync?: ImageBitmap): Promise<ReadFrame> {
		if (source.kind === 'image') return this.#reader.read({ still: source.bitmap }, cell);
		return (sync ? createImageBitmap(sync) : grab(source)).then((bitmap) =>
			this.#reader.read({ bitmap }, cell)
		);
	}

	/** Starts the next queued cell once no cell is warming up. */
	#warmNext(): void {
		if (this.cells.some((c) => c.warming)) return;
		this.#warmOrder.find((c) => c.status === 'queued')?.restart();
	}

	#step(): void {
		this.#warmNext();
		const source = this.source;
		if (!source || !canGrab(source)) return;
		if (!isStill(source) && !this.#syncing && performance.now() - (this.#sync?.at ?? 0) > SYNC_MS) {
			this.#syncing = true;
			void grab(source)
				.then((bitmap) => {
					this.#sync?.bitmap.close();
					this.#sync = { id: this.#nextFrame++, bitmap, at: performance.now() };
				})
				.finally(() => (this.#syncing = false));
		}
		// A new video frame that a busy cell cannot take is dropped for that cell, never queued.
		const newFrame = this.#newVideoFrame;
		this.#newVideoFrame = false;
		// Graph optimization is measured at the start, while the cells load and compile: a second
		// ONNX Runtime instance costs both cores for a while, and measured later that cost showed as
		// main-thread long tasks in the cells' steady state. Only while some cell is on: with every
		// cell off the page does no work of its own (a model converting then has the machine).
		const { probe, model } = this;
		const wanted = model && this.enabled.length > 0 && !('unavailable' in model.source.onnx);
		// The probe takes its frames when it needs them, from the source shown then (a sample picked
		// meanwhile has closed the old one's bitmap).
		const current = () =>
			this.source
				? this.#take(this.source).then(({ bitmap, pixels }) => {
						bitmap.close();
						if (!('image' in pixels)) throw new Error('the pixels went to a cell');
						return pixels.image;
					})
				: Promise.reject(new Error('no input'));
		if (wanted && !probe.running && !probe.result) void probe.run(model, current);
		// While a cell warms up, the running ones wait: beside running cells, on two cores and a
		// software GPU, first runs took 16-100 s instead of 1-15 s, and timed the other cells as much
		// as the compile.
		const warming = this.cells.find((c) => c.warming);
		// The device's matmul rate, measured once a WebGPU cell is warm and none is warming: its second
		// of GPU work would otherwise lengthen a first run.
		if (
			!this.#peakAsked &&
			!warming &&
			this.cells.some((c) => c.backend === 'webgpu' && c.status === 'running')
		) {
			this.#peakAsked = true;
			void measuredGpuPeak().then((peak) => (this.gpuPeak = peak));
		}
		for (const cell of this.cells) {
			cell.pausedFor = cell.status === 'running' ? warming : undefined;
			if (newFrame && cell.status === 'running' && !cell.ready) cell.drop();
			if (!cell.ready || cell.pausedFor || this.#grabbing.has(cell)) continue;
			const sync = this.#sync;
			const needsSync = sync && (cell.comparable.at(-1)?.frame ?? 0) < sync.id;
			const frame = isStill(source) ? this.#stillFrame : needsSync ? sync.id : 0;
			this.#grabbing.add(cell);
			const takenAt = performance.now();
			this.#take(source, cell.id, needsSync ? sync.bitmap : undefined)
				.then((read) =>
					this.source === source ? cell.submit(read, frame, takenAt) : read.bitmap.close()
				)
				.catch((e: unknown) => (this.sourceError = `no frame: ${(e as Error).message}`))
				.finally(() => this.#grabbing.delete(cell));
		}
		if (model && performance.now() - this.#agreementAt > AGREEMENT_MS) this.#compare(model);
	}

	/** Works out the pairs again when some cell has a new comparable result. */
	#compare(model: ModelDescriptor): void {
		this.#agreementAt = performance.now();
		const cells = this.cells
			.filter((c) => this.enabled.includes(c.id))
			.map((c) => ({
				id: c.id,
				results: c.comparable,
				numerics: numericsOf(c.backend, c.settings)
			}));
		const results = cells.map((c) => c.results.at(-1));
		if (
			results.every((r, i) => r === this.#compared[i]) &&
			results.length === this.#compared.length
		)
			return;
		this.#compared = results;
		this.pairs = pairAgreements(model.run.task.id, cells);
	}
}

// Every cell Twinfer runs, declared once: a framework on a backend, with the id, name and colour that
// the playground, the bench, their reports and the notes all use. A new cell is one line in CELLS.
import type { SettingKey } from './settings.js';
import type { Backend, Framework, LoadOptions } from './types.js';

export interface CellSpec {
	/** The cell's one spelling: worker names, the playground's `?cells=`, reports' rows. */
	readonly id: string;
	readonly framework: Framework;
	readonly backend: Backend;
	/** How a person reads it: "ONNX Runtime · WebGPU". */
	readonly name: string;
	/** Where space is short (tables, verdicts): "ORT webgpu". */
	readonly short: string;
	/** The colour that marks the cell everywhere, readable on light and dark backgrounds. */
	readonly color: string;
	/**
	 * In the playground: a tile that runs from the start (`on`), a tile to switch on (`off`), or no
	 * tile (`absent`). The bench runs every cell its settings select.
	 */
	readonly playground: 'on' | 'off' | 'absent';
	/** What the cell loads its runtime with beside its backend: the build, where a runtime has several. */
	readonly load: Pick<LoadOptions, 'ortBuild'>;
	/** The settings a person may choose for it, in the order they are listed. */
	readonly offers: readonly SettingKey[];
}

export const FRAMEWORK_NAMES: Record<Framework, { name: string; short: string }> = {
	ort: { name: 'ONNX Runtime', short: 'ORT' },
	tfjs: { name: 'TF.js', short: 'TF.js' }
};

export const BACKEND_NAMES: Record<Backend, string> = {
	webgpu: 'WebGPU',
	webgl: 'WebGL',
	wasm: 'WASM',
	webnn: 'WebNN',
	cpu: 'CPU'
};

/** One of a runtime's ways to a backend, where it has more than one. */
interface Variant {
	/** In brackets after the cell's name: "JSEP", "native". */
	label: string;
	/** Added to the cell's id and short name, for every variant but the first (whose id stays). */
	id?: string;
	load: CellSpec['load'];
}

function cell(
	framework: Framework,
	backend: Backend,
	color: string,
	{
		playground = 'on',
		variant,
		offers = backend === 'wasm' ? ['threads'] : []
	}: { playground?: CellSpec['playground']; variant?: Variant; offers?: CellSpec['offers'] } = {}
): CellSpec {
	const names = FRAMEWORK_NAMES[framework];
	return {
		id: `${framework}-${backend}${variant?.id ? `-${variant.id}` : ''}`,
		framework,
		backend,
		name: `${names.name} · ${BACKEND_NAMES[backend]}${variant ? ` (${variant.label})` : ''}`,
		short: `${names.short} ${backend}${variant?.id ? ` ${variant.id}` : ''}`,
		color,
		playground,
		load: variant?.load ?? {},
		offers
	};
}

/** Every cell, in the order pages list them. */
export const CELLS: readonly CellSpec[] = [
	// ORT ships SIMD builds only (since 1.19): its WASM cell has threads to choose, no SIMD switch.
	cell('ort', 'wasm', '#e8590c', { offers: ['threads', 'precision'] }),
	// ORT's JavaScript WebGPU backend (JSEP), and its native C++ execution provider (its `webgpu` build).
	cell('ort', 'webgpu', '#d6336c', {
		variant: { label: 'JSEP', load: { ortBuild: 'all' } },
		offers: ['precision']
	}),
	// Off until asked for: a third cell compiling for the GPU, and 27 MB more of WebAssembly to fetch.
	cell('ort', 'webgpu', '#f783ac', {
		variant: { label: 'native', id: 'native', load: { ortBuild: 'webgpu' } },
		playground: 'off',
		offers: ['precision']
	}),
	cell('ort', 'webgl', '#ae3ec9'),
	// The browser's own neural network API, through ORT's WebNN EP (TF.js has none); unavailable, with
	// the browser's reason, where the browser does not offer it.
	cell('ort', 'webnn', '#f08c00'),
	// TF.js has an image path of its own on every backend (ORT's takes no frame in a worker).
	cell('tfjs', 'wasm', '#1c7ed6', { offers: ['threads', 'simd', 'inputPath'] }),
	cell('tfjs', 'webgpu', '#0ca678', { offers: ['inputPath'] }),
	cell('tfjs', 'webgl', '#74b816', { offers: ['f16Textures', 'inputPath'] }),
	// TF.js's plain JavaScript kernels: a reference for the others' speed-ups, too slow to run live.
	cell('tfjs', 'cpu', '#868e96', { playground: 'absent' })
];

/** The cell every other is held against: ONNX Runtime on WASM, the backend every browser has. */
export const REFERENCE_CELL = 'ort-wasm';

/** The cell called `id`; an Error naming it and the cells there are otherwise. */
export function cellById(id: string): CellSpec {
	const spec = CELLS.find((c) => c.id === id);
	if (!spec)
		throw new Error(
			`no cell is called "${id}": the cells are ${CELLS.map((c) => c.id).join(', ')}`
		);
	return spec;
}

/** The short name of the cell called `id`, or the id itself where no cell is (a report from elsewhere). */
export const shortNameOf = (id: string): string => CELLS.find((c) => c.id === id)?.short ?? id;

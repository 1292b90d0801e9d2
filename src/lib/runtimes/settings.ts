// The settings a person chooses per cell, each declared once: how URLs and the bench's command line
// spell it (`tfjs-wasm.threads=2`), the values it takes, and how a person reads it. Which cell offers
// which is said in the cell registry.
import type { CellSpec } from './cells.js';
import { INPUT_PATHS, PRECISIONS, type CellSettings, type RuntimeInfo } from './types.js';

export type SettingKey = keyof CellSettings;

/** What bounds a setting's values on this machine. */
export interface SettingLimits {
	/** The most WASM threads: the cores where the page is cross-origin isolated, else 1. */
	maxThreads: number;
}

interface SettingSpec<K extends SettingKey> {
	key: K;
	/** After the cell's id in URLs and on the command line: `tfjs-webgl.f16-textures=on`. */
	param: string;
	/** The control's label. */
	label: string;
	/** A switch, or a value chosen from a list (`choices`). */
	kind: NonNullable<CellSettings[K]> extends boolean ? 'switch' : 'choice';
	/** The values to choose from, for a choice. */
	choices?(limits: SettingLimits): NonNullable<CellSettings[K]>[];
	/** What it changes, for a person choosing it. */
	about: string;
	/** Its value where none is chosen (threads: the page's own, see `defaultSettings`). */
	fallback?: NonNullable<CellSettings[K]>;
	/** The value `text` spells; an Error saying what the values are. */
	parse(text: string, limits: SettingLimits): NonNullable<CellSettings[K]>;
	format(value: NonNullable<CellSettings[K]>): string;
	/** The value as a person reads it in a list: "2 threads", "no SIMD". */
	describe(value: NonNullable<CellSettings[K]>): string;
}

function onOff(text: string): boolean {
	if (text === 'on') return true;
	if (text === 'off') return false;
	throw new Error(`"${text}" is not on or off`);
}

type SwitchKey = 'simd' | 'f16Textures';
type NamedKey = 'precision' | 'inputPath';

/**
 * A setting that takes one of `values` (the first its default), spelt as it is, read as `names`.
 */
function namedSetting<K extends NamedKey>(
	key: K,
	values: readonly NonNullable<CellSettings[K]>[],
	spec: Pick<SettingSpec<K>, 'param' | 'label' | 'about'> & {
		names: Record<NonNullable<CellSettings[K]>, string>;
	}
): SettingSpec<K> {
	const { names, ...rest } = spec;
	return {
		key,
		...rest,
		kind: 'choice' as SettingSpec<K>['kind'],
		fallback: values[0],
		choices: () => [...values],
		parse(text) {
			const value = values.find((v) => v === text);
			if (value === undefined) throw new Error(`"${text}" is not one of ${values.join(', ')}`);
			return value;
		},
		format: String,
		describe: (value) => names[value]
	};
}

/** A setting that is on or off, spelt `on`/`off`, read as `names` (on, off). */
function onOffSetting<K extends SwitchKey>(
	key: K,
	spec: Pick<SettingSpec<K>, 'param' | 'label' | 'about'> & {
		fallback: boolean;
		names: [string, string];
	}
): SettingSpec<K> {
	const { names, ...rest } = spec;
	return {
		key,
		...rest,
		kind: 'switch' as SettingSpec<K>['kind'],
		parse: onOff,
		format: (on) => (on ? 'on' : 'off'),
		describe: (on) => (on ? names[0] : names[1])
	};
}

const SETTINGS: { [K in SettingKey]: SettingSpec<K> } = {
	threads: {
		key: 'threads',
		param: 'threads',
		label: 'WASM threads',
		kind: 'choice',
		choices: ({ maxThreads }) => Array.from({ length: maxThreads }, (_, i) => i + 1),
		about:
			'Threads the WebAssembly kernels run on: more than one needs a cross-origin isolated page, and each shares the cores with the other cells',
		parse(text, { maxThreads }) {
			const n = Number(text);
			if (!Number.isInteger(n) || n < 1 || n > maxThreads)
				throw new Error(
					maxThreads === 1
						? `"${text}" is not 1: this page has one thread (more need a cross-origin isolated page)`
						: `"${text}" is not a whole number from 1 to ${maxThreads} (this machine's cores)`
				);
			return n;
		},
		format: String,
		describe: (n) => `${n} thread${n === 1 ? '' : 's'}`
	},
	simd: onOffSetting('simd', {
		param: 'simd',
		label: 'SIMD',
		about:
			"WebAssembly's 128-bit vector instructions: TF.js has a build without them (one thread only), for a browser without SIMD",
		fallback: true,
		names: ['SIMD', 'no SIMD']
	}),
	f16Textures: onOffSetting('f16Textures', {
		param: 'f16-textures',
		label: 'float16 textures',
		about:
			'TF.js WebGL keeps every tensor in half-float textures (half the memory and bandwidth, three decimal digits): the outputs then differ more from the reference',
		fallback: false,
		names: ['float16 textures', 'float32 textures']
	}),
	precision: namedSetting('precision', PRECISIONS, {
		param: 'precision',
		label: 'precision',
		about:
			"The model as given (f32), or its float16 twin made as the cell loads (f16): half the weights' bytes, and on WebGPU the GPU's float16 arithmetic where the adapter has shader-f16",
		names: { f32: 'float32 model', f16: 'float16 model' }
	}),
	inputPath: namedSetting('inputPath', INPUT_PATHS, {
		param: 'input-path',
		label: 'frame to input',
		about:
			"How a frame becomes the model's input: Twinfer's kernel on the CPU (the same for every cell, so that they compare), or the runtime's own image path on its backend (TF.js: fromPixels and resizeBilinear on the GPU), which can be faster and differs slightly",
		names: { kernel: "Twinfer's input kernel", runtime: "the runtime's input path" }
	})
};

/** This page's limits: threads up to the cores where it is cross-origin isolated. */
export const pageLimits = (): SettingLimits => ({
	maxThreads: self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1
});

export const settingOf = <K extends SettingKey>(key: K): SettingSpec<K> => SETTINGS[key];

/** The settings `cell` runs with where none is chosen; `threads` is the page's own default. */
export function defaultSettings(cell: CellSpec, threads: number): CellSettings {
	return Object.fromEntries(
		cell.offers.map((key) => [key, key === 'threads' ? threads : SETTINGS[key].fallback])
	) as CellSettings;
}

/** Every setting, in the order they are listed. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Settings as a person reads them, in the registry's order: "2 threads · SIMD". */
export function describeSettings(settings: CellSettings): string {
	return SETTING_KEYS.flatMap((key) => {
		const value = settings[key];
		return value === undefined ? [] : [describeValue(key, value)];
	}).join(' · ');
}

/** What ran and with what settings, as one line: "wasm, 2 threads · SIMD". */
export const describeRan = (info: Pick<RuntimeInfo, 'detail' | 'settings'>): string =>
	[info.detail, describeSettings(info.settings)].filter(Boolean).join(', ');

function describeValue<K extends SettingKey>(key: K, value: NonNullable<CellSettings[K]>): string {
	return SETTINGS[key].describe(value);
}

function formatValue<K extends SettingKey>(key: K, value: NonNullable<CellSettings[K]>): string {
	return SETTINGS[key].format(value);
}

/**
 * The settings that `params` chooses for `cells` (`tfjs-wasm.threads=2`), by cell id, and an error
 * for each wrong one (a value out of range, a setting the cell does not offer), which is left out.
 */
export function readSettings(
	params: URLSearchParams,
	cells: readonly CellSpec[],
	limits: SettingLimits
): { chosen: Record<string, CellSettings>; errors: string[] } {
	const chosen: Record<string, CellSettings> = {};
	const errors: string[] = [];
	for (const [name, text] of params) {
		const dot = name.indexOf('.');
		const cell = dot > 0 ? cells.find((c) => c.id === name.slice(0, dot)) : undefined;
		if (!cell) continue;
		const param = name.slice(dot + 1);
		const key = cell.offers.find((k) => SETTINGS[k].param === param);
		if (!key) {
			const offered = cell.offers.map((k) => SETTINGS[k].param).join(', ');
			errors.push(
				`${name}: ${cell.id} has no setting "${param}" (${offered ? `it has ${offered}` : 'it has none'})`
			);
			continue;
		}
		try {
			chosen[cell.id] = { ...chosen[cell.id], [key]: SETTINGS[key].parse(text, limits) };
		} catch (e) {
			errors.push(`${name}: ${(e as Error).message}`);
		}
	}
	return { chosen, errors };
}

/** The URL parameters that choose `settings` for `cell`, leaving out those equal to `defaults`. */
export function settingParams(
	cell: CellSpec,
	settings: CellSettings,
	defaults: CellSettings
): [string, string][] {
	return cell.offers.flatMap((key) => {
		const value = settings[key];
		return value === undefined || value === defaults[key]
			? []
			: [[`${cell.id}.${SETTINGS[key].param}`, formatValue(key, value)]];
	});
}

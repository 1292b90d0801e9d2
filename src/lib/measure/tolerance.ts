// How far a backend's outputs may stray from the reference's while its runtime works as designed:
// float32 kernels summing in another order, GPU kernels, WebGL's float16 paths. Declared once: every
// agreement figure shows the one in use, and the browser tests hold each cell to it.
import { BACKEND_NAMES } from '../runtimes/cells.js';
import { BACKENDS, type Backend, type CellSettings } from '../runtimes/types.js';
import type { TensorAgreement } from './tensor-agreement.js';

export interface Tolerance {
	/**
	 * `relative`: the largest difference over the output's peak (a peak under 1e-3 counts as 1e-3);
	 * `absolute`: the largest difference itself.
	 */
	kind: 'relative' | 'absolute';
	limit: number;
	/** Why a backend strays that far. */
	why: string;
}

const FLOAT32: Tolerance = {
	kind: 'relative',
	limit: 1e-4,
	why: 'float32 kernels, sums in another order'
};
const GPU: Tolerance = {
	kind: 'relative',
	limit: 1e-3,
	why: 'GPU kernels: fused multiply-adds, other orders of sums, faster approximations'
};
/** A float16 model against a float32 one: half precision keeps about three decimal digits a layer. */
const FLOAT16: Tolerance = {
	kind: 'relative',
	limit: 5e-2,
	why: 'float16 weights and activations'
};
const WEBGL: Tolerance = { kind: 'absolute', limit: 0.1, why: "WebGL's float16 paths" };

/** What sets how far a cell's numbers stray: its backend, or a float16 model on any backend. */
export type Numerics = Backend | 'float16';

/** Each one's tolerance. */
const BY_NUMERICS: Record<Numerics, Tolerance> = {
	cpu: FLOAT32,
	wasm: FLOAT32,
	webgpu: GPU,
	webnn: GPU,
	float16: FLOAT16,
	webgl: WEBGL
};
/** From the strictest to the loosest. */
const ORDER = [FLOAT32, GPU, FLOAT16, WEBGL];

/** A cell's numerics: its backend's, unless it runs a float16 model. */
export const numericsOf = (backend: Backend, settings?: CellSettings): Numerics =>
	settings?.precision === 'f16' ? 'float16' : backend;

/** The tolerance two cells are held to: the looser of theirs. */
export function toleranceOf(a: Numerics, b: Numerics): Tolerance {
	const [x, y] = [BY_NUMERICS[a], BY_NUMERICS[b]];
	return ORDER.indexOf(x) >= ORDER.indexOf(y) ? x : y;
}

/** How far an output strayed, as the tolerance measures it. */
const strayed = (t: Tolerance, tensor: TensorAgreement) =>
	t.kind === 'absolute' ? tensor.maxAbs : tensor.maxAbs / Math.max(tensor.peak, 1e-3);

/** Whether every output is within `tolerance`. */
export const withinTolerance = (
	tolerance: Tolerance,
	tensors: Record<string, TensorAgreement>
): boolean => Object.values(tensors).every((t) => strayed(tolerance, t) <= tolerance.limit);

/** The tolerance's bound: "≤ 1e-4 of the peak", "≤ 0.1 apart". */
export const toleranceBound = (t: Tolerance): string =>
	t.kind === 'relative' ? `≤ ${t.limit.toExponential(0)} of the peak` : `≤ ${t.limit} apart`;

/** The tolerance in a few words: "≤ 1e-4 of the peak (float32 kernels, ...)". */
export const describeTolerance = (t: Tolerance): string => `${toleranceBound(t)} (${t.why})`;

/** Every tolerance, backends with the same one together: "WASM ≤ 1e-4 of the peak; ...". */
export const describeTolerances = (): string =>
	ORDER.map((t) => {
		const backends = BACKENDS.filter((b) => b !== 'cpu' && BY_NUMERICS[b] === t);
		const names = t === FLOAT16 ? ['a float16 model'] : backends.map((b) => BACKEND_NAMES[b]);
		return `${names.join(', ')} ${toleranceBound(t)}`;
	}).join('; ');

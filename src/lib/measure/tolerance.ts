// How far a backend's outputs may stray from the reference's while its runtime works as designed:
// float32 kernels summing in another order, GPU kernels, WebGL's float16 paths. Declared once: every
// agreement figure shows the one in use, and the browser tests hold each cell to it.
import { BACKEND_NAMES } from '../runtimes/cells.js';
import { BACKENDS, type Backend } from '../runtimes/types.js';
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
const WEBGL: Tolerance = { kind: 'absolute', limit: 0.1, why: "WebGL's float16 paths" };

/** Each backend's tolerance, from the strictest to the loosest. */
const BY_BACKEND: Record<Backend, Tolerance> = {
	cpu: FLOAT32,
	wasm: FLOAT32,
	webgpu: GPU,
	webnn: GPU,
	webgl: WEBGL
};
const ORDER = [FLOAT32, GPU, WEBGL];

/** The tolerance two cells are held to: the looser of their backends'. */
export function toleranceOf(a: Backend, b: Backend): Tolerance {
	const [x, y] = [BY_BACKEND[a], BY_BACKEND[b]];
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

/** Every backend's tolerance, backends with the same one together: "WASM ≤ 1e-4 of the peak; ...". */
export const describeTolerances = (): string =>
	ORDER.map((t) => {
		const backends = BACKENDS.filter((b) => b !== 'cpu' && BY_BACKEND[b] === t);
		return `${backends.map((b) => BACKEND_NAMES[b]).join(', ')} ${toleranceBound(t)}`;
	}).join('; ');

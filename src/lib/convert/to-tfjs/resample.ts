// ONNX Resize's sampling as numbers, dim by dim: where each output pixel reads the input, which pixels and with what
// weights (as ONNX's reference computes them), for the modes TF.js has no kernel for.

export interface Sampling {
	mode: 'nearest' | 'linear' | 'cubic';
	/** coordinate_transformation_mode. */
	coords: string;
	nearestMode: string;
	cubicA: number;
	excludeOutside: boolean;
}

/** One tap of every output pixel along a dim: the input index it reads (clamped to the edge) and its weight. */
export interface Tap {
	index: number[];
	weight: number[];
}

/** Where ONNX samples output index x of a dim of `size` resized by `scale` (its length_resized is size * scale, unfloored). */
export function sourceCoordinate(coords: string, size: number, scale: number, x: number): number {
	const resized = size * scale;
	if (coords === 'align_corners') return resized > 1 ? (x * (size - 1)) / (resized - 1) : 0;
	if (coords === 'asymmetric') return x / scale;
	if (coords === 'tf_half_pixel_for_nn') return (x + 0.5) / scale;
	if (coords === 'pytorch_half_pixel' && resized <= 1) return 0;
	return (x + 0.5) / scale - 0.5;
}

/** The nearest modes: how a coordinate rounds to a pixel. */
export const ROUND: Record<string, (v: number) => number> = {
	floor: Math.floor,
	ceil: Math.ceil,
	round_prefer_floor: (v) => Math.ceil(v - 0.5),
	round_prefer_ceil: (v) => Math.floor(v + 0.5)
};

/** Keys's cubic convolution weights of the pixels at distance 1 + r, r, 1 - r and 2 - r. */
function cubicWeights(r: number, a: number): number[] {
	const w = (t: number) => {
		const d = Math.abs(t);
		if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
		return d < 2 ? ((a * d - 5 * a) * d + 8 * a) * d - 4 * a : 0;
	};
	return [w(r + 1), w(r), w(1 - r), w(2 - r)];
}

/** The taps that resize a dim of `size` to `out` by `scale`: one for nearest, two for linear, four for cubic. */
export function dimTaps(s: Sampling, size: number, out: number, scale: number): Tap[] {
	const n = s.mode === 'nearest' ? 1 : s.mode === 'linear' ? 2 : 4;
	const taps = Array.from({ length: n }, () => ({ index: [] as number[], weight: [] as number[] }));
	const clamp = (i: number) => Math.min(size - 1, Math.max(0, i));
	for (let x = 0; x < out; x++) {
		const at = sourceCoordinate(s.coords, size, scale, x);
		const floor = Math.floor(at);
		const r = at - floor;
		let picks: [number, number][];
		if (s.mode === 'nearest') picks = [[ROUND[s.nearestMode]!(at), 1]];
		else if (s.mode === 'linear')
			picks = [
				[floor, 1 - r],
				[floor + 1, r]
			];
		else {
			picks = cubicWeights(r, s.cubicA).map((w, k) => [floor - 1 + k, w]);
			if (s.excludeOutside) {
				picks = picks.map(([i, w]) => [i, i < 0 || i >= size ? 0 : w]);
				const sum = picks.reduce((total, [, w]) => total + w, 0);
				picks = picks.map(([i, w]) => [i, w / sum]);
			}
		}
		picks.forEach(([i, w], k) => {
			taps[k]!.index.push(clamp(i));
			taps[k]!.weight.push(w);
		});
	}
	return taps;
}

// Tensor-level agreement between two runs of the same output: the numbers an expert checks first.

export interface TensorAgreement {
	/** Largest |a - b|, and the flat index where it occurs. */
	maxAbs: number;
	maxAbsIndex: number;
	meanAbs: number;
	/** Largest |a - b| relative to the larger magnitude of a and b at that element (0 where both are 0). */
	maxRel: number;
	/** Largest |a| in the output. */
	peak: number;
	/** max |a - b| divided by the largest |a| in the output: the scale-free figure tolerances use. */
	relToPeak: number;
	/** Cosine similarity of the two as vectors (1 when both are all zeros). */
	cosine: number;
	count: number;
}

type Numeric = ArrayLike<number>;

export function tensorAgreement(a: Numeric, b: Numeric): TensorAgreement {
	if (a.length !== b.length)
		throw new Error(`cannot compare tensors of ${a.length} and ${b.length} elements`);
	let maxAbs = 0;
	let maxAbsIndex = 0;
	let sumAbs = 0;
	let maxRel = 0;
	let peak = 0;
	let dot = 0;
	let normA = 0;
	let normB = 0;
	for (let i = 0; i < a.length; i++) {
		const x = a[i]!;
		const y = b[i]!;
		const d = Math.abs(x - y);
		if (d > maxAbs || Number.isNaN(d)) {
			maxAbs = Number.isNaN(d) ? Infinity : d;
			maxAbsIndex = i;
		}
		sumAbs += d;
		const scale = Math.max(Math.abs(x), Math.abs(y));
		if (scale > 0) maxRel = Math.max(maxRel, d / scale);
		peak = Math.max(peak, Math.abs(x));
		dot += x * y;
		normA += x * x;
		normB += y * y;
	}
	const bothZero = normA === 0 && normB === 0;
	return {
		maxAbs,
		maxAbsIndex,
		meanAbs: a.length ? sumAbs / a.length : 0,
		maxRel,
		peak,
		relToPeak: peak > 0 ? maxAbs / peak : maxAbs,
		cosine: bothZero ? 1 : dot / Math.sqrt(normA * normB),
		count: a.length
	};
}

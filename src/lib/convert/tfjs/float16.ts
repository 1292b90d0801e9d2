// IEEE half precision: to float32, as TF.js decodes float16-quantized weights (exact for every value),
// and from float32, as the float16 ONNX twin stores its weights (rounded to nearest, ties to even).

export function float16ToFloat32(bits: number): number {
	const sign = bits & 0x8000 ? -1 : 1;
	const exponent = (bits >> 10) & 0x1f;
	const fraction = bits & 0x3ff;
	if (exponent === 0) return sign * fraction * 2 ** -24;
	if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
	return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The largest finite half. */
export const FLOAT16_MAX = 65504;

const word = new Float32Array(1);
const bitsOf = new Uint32Array(word.buffer);

/**
 * The half nearest `value` (ties to even); a finite value beyond the half's range becomes ±65504, not
 * infinity (a weight that large is a saturation limit, not an overflow).
 */
export function float32ToFloat16(value: number): number {
	word[0] = value;
	const x = bitsOf[0]!;
	const sign = (x >>> 16) & 0x8000;
	const exponent = (x >>> 23) & 0xff;
	const mantissa = x & 0x7fffff;
	if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
	// Unbiased exponent, then the half's.
	const e = exponent - 127 + 15;
	if (e >= 0x1f) return sign | 0x7bff;
	if (e <= 0) {
		// Subnormal half (or zero): the implicit 1 shifted into the fraction, rounded.
		if (e < -10) return sign;
		const full = mantissa | 0x800000;
		const shift = 14 - e;
		const half = full >>> shift;
		const rest = full & ((1 << shift) - 1);
		const midway = 1 << (shift - 1);
		return sign | (half + (rest > midway || (rest === midway && half & 1) ? 1 : 0));
	}
	const half = (e << 10) | (mantissa >>> 13);
	const rest = mantissa & 0x1fff;
	const rounded = half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0);
	// Rounding up past the largest half saturates as well.
	return sign | Math.min(rounded, 0x7bff);
}

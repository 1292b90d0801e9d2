// A seeded random number generator: the same values on every run, anywhere (inputs that are not
// images, and the tests' random inputs).

/** Mulberry32: a small, well-distributed 32-bit PRNG giving numbers in [0, 1). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Seeded random inputs: the same values on every run, anywhere.
import type { ModelCard } from '../../src/lib/models/card.js';
import type { InputTensor } from '../../src/lib/models/preprocess.js';

import { rng } from '../../src/lib/measure/random.js';

export { rng };

/** Uniform values over the card's input range, batch of one. */
export function randomInput(card: ModelCard, seed: number): InputTensor {
	const shape = card.input.shape.map((d) => (typeof d === 'number' ? d : 1));
	const size = shape.reduce((a, b) => a * b, 1);
	const next = rng(seed);
	const [lo, hi] = card.input.range;
	if (card.input.dtype === 'int32')
		return {
			dtype: 'int32',
			shape,
			data: Int32Array.from({ length: size }, () => Math.floor(lo + next() * (hi - lo + 1)))
		};
	return {
		dtype: 'float32',
		shape,
		data: Float32Array.from({ length: size }, () => lo + next() * (hi - lo))
	};
}

// How a built-in model is fed and read, from its card: the run spec every other model gets from its
// signature and the user's choices. (No Vite-only imports: the tests and scripts use it in Node.)
import type { ModelCard } from './card.js';
import type { RunSpec } from './descriptor.js';
import type { Box, RgbaImage } from './image.js';
import { imageTensor, type InputTensor } from './preprocess.js';

const fixed = (shape: (number | string)[]) => shape.map((d) => (typeof d === 'number' ? d : 1));

/** How a built-in model is fed and read, from its card. */
export function cardRunSpec(card: ModelCard): RunSpec {
	const { input } = card;
	const shape = fixed(input.shape);
	const channels = (v: number | [number, number, number]) =>
		(typeof v === 'number' ? [v, v, v] : v) as [number, number, number];
	const [height, width] = input.layout === 'NCHW' ? shape.slice(2) : shape.slice(1, 3);
	return {
		inputs: [
			{
				name: input.name,
				dtype: input.dtype,
				shape,
				image: {
					layout: input.layout,
					color: input.color,
					scale: channels(input.scale),
					offset: channels(input.offset),
					fit: input.fit,
					gray: input.gray
				}
			}
		],
		task: {
			id: card.task,
			outputs: card.outputs.map((o) => o.name),
			labels: card.labels,
			input: { height: height!, width: width! }
		}
	};
}

/** The card's image input for `image` (or the `crop` of it). */
export function cardInput(image: RgbaImage, card: ModelCard, crop?: Box): InputTensor {
	return imageTensor(image, cardRunSpec(card).inputs[0]!, crop);
}

// Turns an image into a model's input tensor as its card describes: resize, colour, scale and offset.
import type { ModelCard } from './card.js';
import type { Box, RgbaImage } from './image.js';

export interface InputTensor {
	dtype: 'float32' | 'int32';
	shape: number[];
	data: Float32Array | Int32Array;
}

/** The part of the image the model sees: all of it, or a square from the top left that pads it (letterbox). */
export function inputRegion(image: { width: number; height: number }, card: ModelCard): Box {
	const [height, width] = card.input.shape.slice(1, 3).map(Number) as [number, number];
	if (card.input.fit === 'stretch') return { x: 0, y: 0, width: image.width, height: image.height };
	const scale = Math.max(image.width / width, image.height / height);
	return { x: 0, y: 0, width: width * scale, height: height * scale };
}

/** Bilinear sample (half-pixel centres, edges clamped) of channel c at image coordinates (x, y); 0 outside. */
function sample(image: RgbaImage, x: number, y: number, c: number): number {
	if (x > image.width || y > image.height || x < 0 || y < 0) return 0;
	const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1);
	const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1);
	const x0 = Math.floor(fx);
	const y0 = Math.floor(fy);
	const x1 = Math.min(x0 + 1, image.width - 1);
	const y1 = Math.min(y0 + 1, image.height - 1);
	const at = (px: number, py: number) => image.data[(py * image.width + px) * 4 + c]!;
	const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * (fx - x0);
	const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * (fx - x0);
	return top + (bottom - top) * (fy - y0);
}

/** The card's input tensor for `image` (or the `crop` of it), batch of one. */
export function toModelInput(image: RgbaImage, card: ModelCard, crop?: Box): InputTensor {
	const [, height, width, channels] = card.input.shape.map(Number) as [
		number,
		number,
		number,
		number
	];
	const region = crop ?? inputRegion(image, card);
	const size = height * width * channels;
	const data = card.input.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
	const { scale, offset, gray } = card.input;
	for (let row = 0; row < height; row++) {
		const y = region.y + ((row + 0.5) * region.height) / height;
		for (let col = 0; col < width; col++) {
			const x = region.x + ((col + 0.5) * region.width) / width;
			const rgb = [0, 1, 2].map((c) => sample(image, x, y, c));
			const pixels = gray ? [rgb[0]! * gray[0] + rgb[1]! * gray[1] + rgb[2]! * gray[2]] : rgb;
			const at = (row * width + col) * channels;
			pixels.forEach((p, c) => {
				const value = p * scale + offset;
				data[at + c] = card.input.dtype === 'int32' ? Math.round(value) : value;
			});
		}
	}
	return { dtype: card.input.dtype, shape: [1, height, width, channels], data };
}

// A frame is an ImageBitmap; the models read RGBA pixels. One canvas is kept for the worker's life,
// so a frame costs a draw and a read, not an allocation of a canvas.
import { CPU_CANVAS } from '../cpu-canvas.js';

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

/** The frame's pixels (the bitmap stays open). */
export function readFrame(frame: ImageBitmap): ImageData {
	const { width, height } = frame;
	if (!canvas || canvas.width !== width || canvas.height !== height) {
		canvas = new OffscreenCanvas(width, height);
		context = canvas.getContext('2d', CPU_CANVAS)!;
	}
	context!.drawImage(frame, 0, 0);
	return context!.getImageData(0, 0, width, height);
}

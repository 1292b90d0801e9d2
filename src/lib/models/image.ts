// Pixels as every part of the app passes them around: RGBA bytes, row-major, like ImageData.

export interface RgbaImage {
	width: number;
	height: number;
	data: Uint8Array | Uint8ClampedArray;
}

/** A region of an image in pixels. */
export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

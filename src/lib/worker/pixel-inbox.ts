// The pixels the frame reader sends a cell's worker on its port (never through the page's thread),
// each taken by the infer request that carries its token.
import type { RgbaImage } from '../models/image.js';
import type { SentPixels } from './frame-reader-protocol.js';

export class PixelInbox {
	readonly #arrived = new Map<number, RgbaImage>();
	readonly #waiting = new Map<number, (image: RgbaImage) => void>();

	constructor(port: MessagePort) {
		port.onmessage = ({ data }: MessageEvent<SentPixels>) => {
			const waiting = this.#waiting.get(data.token);
			this.#waiting.delete(data.token);
			if (waiting) waiting(data.image);
			else this.#arrived.set(data.token, data.image);
		};
	}

	/** The pixels sent with `token`; any sent before them that no request took are dropped. */
	take(token: number): Promise<RgbaImage> {
		for (const older of this.#arrived.keys()) if (older < token) this.#arrived.delete(older);
		const image = this.#arrived.get(token);
		this.#arrived.delete(token);
		return image
			? Promise.resolve(image)
			: new Promise((resolve) => this.#waiting.set(token, resolve));
	}
}

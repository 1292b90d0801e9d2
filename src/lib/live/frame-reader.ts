// The page's frames as the cells get them: RGBA pixels read in the frame reader's worker (never in a
// cell's: see frame-reader.worker.ts), with the bitmap kept for the tile to draw the result on.
import type { RgbaImage } from '../models/image.js';
import { WorkerClient } from '../worker/client.js';
import type { FrameReaderProtocol } from '../worker/frame-reader-protocol.js';
import FrameReaderWorker from '../worker/frame-reader.worker?worker';

/** A frame read on a busy software GPU waits for it: past this, the reader is stuck. */
const READ_TIMEOUT_MS = 60_000;

export interface ReadFrame {
	/** The frame, for the page to draw. */
	bitmap: ImageBitmap;
	/** Its pixels, for one cell (transferred to it). */
	image: RgbaImage;
}

export class FrameReader {
	#client: WorkerClient<FrameReaderProtocol> | undefined;
	/** The still source last read: its frame and pixels, read once. */
	#still: { source: ImageBitmap; read: Promise<ReadFrame> } | undefined;

	/** `bitmap` (transferred to the reader, which closes it) as a copy the CPU holds, with its pixels. */
	async read(bitmap: ImageBitmap): Promise<ReadFrame> {
		this.#client ??= new WorkerClient<FrameReaderProtocol>(
			() => new FrameReaderWorker({ name: 'frame-reader' })
		);
		const reply = await this.#client.request({ type: 'read', frame: bitmap }, READ_TIMEOUT_MS, [
			bitmap
		]);
		return { bitmap: reply.frame, image: reply.image };
	}

	/** A copy of a still source's frame with its pixels, read once for `source`. */
	async readStill(source: ImageBitmap): Promise<ReadFrame> {
		if (this.#still?.source !== source) {
			void this.#still?.read.then(({ bitmap }) => bitmap.close()).catch(() => {});
			const still = { source, read: createImageBitmap(source).then((copy) => this.read(copy)) };
			still.read.catch(() => this.#still === still && (this.#still = undefined));
			this.#still = still;
		}
		const { bitmap, image } = await this.#still.read;
		const { width, height, data } = image;
		return {
			bitmap: await createImageBitmap(bitmap),
			image: { width, height, data: data.slice() }
		};
	}

	close(): void {
		void this.#still?.read.then(({ bitmap }) => bitmap.close()).catch(() => {});
		this.#still = undefined;
		this.#client?.terminate();
		this.#client = undefined;
	}
}

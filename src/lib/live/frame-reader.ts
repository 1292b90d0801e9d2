// The page's frames as the cells get them: RGBA pixels read in the frame reader's worker (never in a
// cell's: see frame-reader.worker.ts) and sent from there to the cell's worker, with a copy of the
// bitmap the CPU holds kept for the tile to draw the result on.
import { WorkerClient } from '../worker/client.js';
import type { FrameReaderProtocol, FrameReaderRequest } from '../worker/frame-reader-protocol.js';
import FrameReaderWorker from '../worker/frame-reader.worker?worker';
import type { Pixels } from '../worker/protocol.js';

/** A frame read on a busy software GPU waits for it: past this, the reader is stuck. */
const READ_TIMEOUT_MS = 60_000;

export interface ReadFrame {
	/** The frame, for the page to draw. */
	bitmap: ImageBitmap;
	/** Its pixels: sent to the cell's worker (their token), or here, when no cell was named. */
	pixels: Pixels;
}

/** A video's frame (transferred to the reader, which closes it), or a still source, read once. */
export type Frame = { bitmap: ImageBitmap } | { still: ImageBitmap };

type ReadRequest = Omit<Extract<FrameReaderRequest, { type: 'read' }>, 'id'>;

export class FrameReader {
	#client: WorkerClient<FrameReaderProtocol> | undefined;
	/** The still source last read, its key, and when its frame has been sent to the reader. */
	#still: { source: ImageBitmap; key: number; sent: Promise<unknown> } | undefined;
	#nextKey = 1;
	#nextToken = 1;

	get #reader(): WorkerClient<FrameReaderProtocol> {
		return (this.#client ??= new WorkerClient<FrameReaderProtocol>(
			() => new FrameReaderWorker({ name: 'frame-reader' })
		));
	}

	/** A port on which the pixels of the frames read for `cell` will come, for its worker. */
	async connect(cell: string): Promise<MessagePort> {
		const { port1, port2 } = new MessageChannel();
		await this.#reader.request({ type: 'connect', cell, port: port1 }, READ_TIMEOUT_MS, [port1]);
		return port2;
	}

	/** `frame` read, its pixels sent to `cell`'s worker, or brought back when no cell is named. */
	async read(frame: Frame, cell?: string): Promise<ReadFrame> {
		const to = cell === undefined ? undefined : { cell, token: this.#nextToken++ };
		if ('bitmap' in frame) return this.#send({ type: 'read', frame: frame.bitmap, to });
		const still = this.#still;
		if (still?.source === frame.still) {
			// The still's first read must reach the reader before any read by its key alone.
			await still.sent;
			return this.#send({ type: 'read', still: still.key, to });
		}
		const key = this.#nextKey++;
		let sent = () => {};
		this.#still = { source: frame.still, key, sent: new Promise<void>((r) => (sent = r)) };
		try {
			const copy = await createImageBitmap(frame.still);
			const reading = this.#send({ type: 'read', frame: copy, still: key, to });
			sent();
			return await reading;
		} catch (e) {
			if (this.#still?.key === key) this.#still = undefined;
			sent();
			throw e;
		}
	}

	async #send(request: ReadRequest): Promise<ReadFrame> {
		const transfer = request.frame ? [request.frame] : [];
		const reply = await this.#reader.request(request, READ_TIMEOUT_MS, transfer);
		const pixels: Pixels = reply.image ? { image: reply.image } : { token: request.to!.token };
		return { bitmap: reply.frame, pixels };
	}

	close(): void {
		this.#still = undefined;
		this.#client?.terminate();
		this.#client = undefined;
	}
}

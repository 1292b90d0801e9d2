// The typed messages between the page and the worker that reads frames' pixels for the cells: a
// bitmap in; out, a copy of it the CPU holds, and its RGBA pixels, for the page or, on a port the
// reader was given, straight to a cell's worker.
import type { RgbaImage } from '../models/image.js';
import type { CommonReply } from './client.js';

/** Where a read frame's pixels go: to `cell`'s worker, for its infer request with `token`. */
export interface PixelsTo {
	cell: string;
	token: number;
}

/** What the reader sends a cell's worker on its port. */
export interface SentPixels {
	token: number;
	image: RgbaImage;
}

export type FrameReaderRequest =
	/** From now on the pixels for `cell` go on `port` (it replaces the cell's port before). */
	| { id: number; type: 'connect'; cell: string; port: MessagePort }
	/**
	 * Reads `frame`; a still carries its key, and once read it is read again by key, without a frame.
	 * Without `to`, the pixels come back in the reply.
	 */
	| { id: number; type: 'read'; frame?: ImageBitmap; still?: number; to?: PixelsTo };

export type FrameReaderReply =
	| { id: number; type: 'connected' }
	| { id: number; type: 'read'; frame: ImageBitmap; image?: RgbaImage }
	| CommonReply;

export interface FrameReaderProtocol {
	request: FrameReaderRequest;
	reply: FrameReaderReply;
	answers: { connect: 'connected'; read: 'read' };
}

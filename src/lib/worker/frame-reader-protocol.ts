// The typed messages between the page and the worker that reads frames' pixels for the cells: a
// bitmap in, its RGBA pixels and a copy of it the CPU holds out.
import type { RgbaImage } from '../models/image.js';
import type { CommonReply } from './client.js';

export type FrameReaderRequest = { id: number; type: 'read'; frame: ImageBitmap };

export type FrameReaderReply =
	{ id: number; type: 'read'; image: RgbaImage; frame: ImageBitmap } | CommonReply;

export interface FrameReaderProtocol {
	request: FrameReaderRequest;
	reply: FrameReaderReply;
	answers: { read: 'read' };
}

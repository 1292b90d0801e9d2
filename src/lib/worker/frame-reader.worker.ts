// Reads the pixels of the page's frames, for every cell, and hands back a copy the CPU holds. Reading a
// bitmap makes a GPU context in the worker that reads it, and ending a worker with a GPU context waits
// on the GPU process (the page froze 1.5-2 s beside busy GPU cells); this worker lives as long as the
// page, so the cells never read one.
import { readFrame } from './frame.js';
import type { FrameReaderReply, FrameReaderRequest } from './frame-reader-protocol.js';

function reply(message: FrameReaderReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

self.onmessage = async ({ data: request }: MessageEvent<FrameReaderRequest>) => {
	try {
		const image = readFrame(request.frame);
		request.frame.close();
		// The page gets a bitmap the CPU holds: drawing a GPU one on its tiles would wait on the GPU.
		const frame = await createImageBitmap(image);
		reply({ id: request.id, type: 'read', image, frame }, [
			image.data.buffer as ArrayBuffer,
			frame
		]);
	} catch (e) {
		reply({ id: request.id, type: 'error', message: (e as Error).message, unavailable: false });
	}
};

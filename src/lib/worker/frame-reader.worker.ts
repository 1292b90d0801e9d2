// Reads the pixels of the page's frames, for every cell, and hands back a copy the CPU holds. Reading a
// bitmap makes a GPU context in the worker that reads it, and ending a worker with a GPU context waits
// on the GPU process (the page froze 1.5-2 s beside busy GPU cells); this worker lives as long as the
// page, so the cells never read one. The pixels go straight to the cell's worker on a port of its own:
// passed through the page, a megabyte a frame made the page's thread collect garbage every second.
import { readFrame } from './frame.js';
import type {
	FrameReaderReply,
	FrameReaderRequest,
	PixelsTo,
	SentPixels
} from './frame-reader-protocol.js';

type Read = { image: ImageData; frame: ImageBitmap };

const ports = new Map<string, MessagePort>();
/** The still frame last read, by its key: read once, copied for every cell. */
let still: { key: number; read: Promise<Read> } | undefined;

function reply(message: FrameReaderReply, transfer: Transferable[] = []): void {
	self.postMessage(message, { transfer });
}

/** The frame's pixels, and a copy of it the CPU holds (drawing a GPU one on a tile waits on the GPU). */
async function read(frame: ImageBitmap): Promise<Read> {
	const image = readFrame(frame);
	frame.close();
	return { image, frame: await createImageBitmap(image) };
}

async function readStill(key: number, frame: ImageBitmap | undefined): Promise<Read> {
	if (frame) {
		void still?.read.then((r) => r.frame.close()).catch(() => {});
		still = { key, read: read(frame) };
	}
	if (still?.key !== key) throw new Error(`the still frame ${key} was never read`);
	const { image, frame: kept } = await still.read;
	const { width, height, data } = image;
	return {
		image: new ImageData(data.slice(), width, height),
		frame: await createImageBitmap(kept)
	};
}

function send({ cell, token }: PixelsTo, image: ImageData): void {
	const port = ports.get(cell);
	if (!port) throw new Error(`no port for the cell ${cell}`);
	const { width, height, data } = image;
	const message: SentPixels = { token, image: { width, height, data } };
	port.postMessage(message, [data.buffer]);
}

async function handle(request: FrameReaderRequest): Promise<void> {
	if (request.type === 'connect') {
		ports.get(request.cell)?.close();
		ports.set(request.cell, request.port);
		reply({ id: request.id, type: 'connected' });
		return;
	}
	const { frame: bitmap, still: key, to } = request;
	if (key === undefined && !bitmap) throw new Error('a read needs a frame or a still key');
	const { image, frame } = key === undefined ? await read(bitmap!) : await readStill(key, bitmap);
	if (to) {
		send(to, image);
		reply({ id: request.id, type: 'read', frame }, [frame]);
	} else reply({ id: request.id, type: 'read', image, frame }, [image.data.buffer, frame]);
}

self.onmessage = ({ data: request }: MessageEvent<FrameReaderRequest>) => {
	handle(request).catch((e: unknown) =>
		reply({ id: request.id, type: 'error', message: (e as Error).message, unavailable: false })
	);
};

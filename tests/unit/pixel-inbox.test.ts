// A cell's worker takes each frame's pixels, sent by the frame reader on a port of its own, by the
// token its infer request carries: whether the pixels come before the request or after it.
import { afterEach, describe, expect, it } from 'vitest';
import type { SentPixels } from '../../src/lib/worker/frame-reader-protocol.js';
import { PixelInbox } from '../../src/lib/worker/pixel-inbox.js';

const image = (value: number) => ({
	width: 1,
	height: 1,
	data: new Uint8Array([value, 0, 0, 255])
});
const channels: MessageChannel[] = [];

function inbox() {
	const channel = new MessageChannel();
	channels.push(channel);
	const send = (token: number) =>
		channel.port1.postMessage({ token, image: image(token) } satisfies SentPixels);
	return { inbox: new PixelInbox(channel.port2), send };
}

afterEach(() => {
	for (const { port1, port2 } of channels.splice(0)) {
		port1.close();
		port2.close();
	}
});

describe('PixelInbox', () => {
	it('gives the pixels of a token whether they came before the request or after it', async () => {
		const { inbox: pixels, send } = inbox();
		send(1);
		await new Promise((r) => setTimeout(r, 10));
		expect((await pixels.take(1)).data[0]).toBe(1);
		const later = pixels.take(2);
		send(2);
		expect((await later).data[0]).toBe(2);
	});

	it('drops pixels sent before the ones asked for, which no request took', async () => {
		const { inbox: pixels, send } = inbox();
		send(3);
		send(4);
		await new Promise((r) => setTimeout(r, 10));
		expect((await pixels.take(4)).data[0]).toBe(4);
		const never = Promise.race([
			pixels.take(3).then(() => 'taken'),
			new Promise((r) => setTimeout(() => r('still waiting'), 50))
		]);
		expect(await never).toBe('still waiting');
	});
});

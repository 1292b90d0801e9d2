// Every 2D canvas Twinfer draws on is held by the CPU. Chromium makes the thread of a GPU canvas wait
// for the GPU process once its frames fall behind (its canvas rate limiter); beside GPU cells keeping
// a software GPU busy, the page's thread waited 3 to 13 s in one such wait.

/** What a 2D canvas is asked for: pixels the CPU holds (as for reading them back often). */
export const CPU_CANVAS: CanvasRenderingContext2DSettings = { willReadFrequently: true };

/**
 * Runs `make`, a library's constructor that makes its own canvas and asks it for a 2D context at
 * once (uPlot), with those contexts held by the CPU; the page's canvases are as they were after.
 */
export function withCpuCanvases<T>(make: () => T): T {
	const prototype = HTMLCanvasElement.prototype;
	const getContext = Object.getOwnPropertyDescriptor(prototype, 'getContext')!;
	Object.defineProperty(prototype, 'getContext', {
		...getContext,
		value(this: HTMLCanvasElement, kind: string, options?: object) {
			return getContext.value.call(
				this,
				kind,
				kind === '2d' ? { ...options, ...CPU_CANVAS } : options
			);
		}
	});
	try {
		return make();
	} finally {
		Object.defineProperty(prototype, 'getContext', getContext);
	}
}

// What can go wrong under a runtime, said in words: a WebGPU device or WebGL context the browser took
// away (every later request fails at once instead of hanging), and WebAssembly memory that could not grow.

let lost: string | undefined;
const waiting = new Set<(reason: string) => void>();

function gpuLost(reason: string): void {
	lost ??= reason;
	for (const fail of waiting) fail(lost);
	waiting.clear();
}

/** Hears of every WebGPU device and WebGL context a runtime makes being lost; call before any runtime loads. */
export function watchGpuLoss(): void {
	// Work a runtime had queued on the lost GPU fails later, with nobody left to hear it (e.g. "The
	// Device was lost before mapping was resolved"): the cell has already said what happened.
	self.addEventListener('unhandledrejection', (event) => {
		if (lost) event.preventDefault();
	});
	if (typeof GPUAdapter !== 'undefined') {
		const requestDevice = GPUAdapter.prototype.requestDevice;
		GPUAdapter.prototype.requestDevice = async function (descriptor) {
			const device = await requestDevice.call(this, descriptor);
			void device.lost.then((info) =>
				gpuLost(
					`the WebGPU device was lost (${info.reason})${info.message ? `: ${info.message}` : ''}`
				)
			);
			return device;
		};
	}
	if (typeof OffscreenCanvas !== 'undefined') {
		const getContext = OffscreenCanvas.prototype.getContext;
		const watched = new WeakSet<OffscreenCanvas>();
		OffscreenCanvas.prototype.getContext = function (
			this: OffscreenCanvas,
			...args: Parameters<typeof getContext>
		) {
			if ((args[0] === 'webgl' || args[0] === 'webgl2') && !watched.has(this)) {
				watched.add(this);
				this.addEventListener('webglcontextlost', (event) => {
					const { statusMessage } = event as WebGLContextEvent;
					gpuLost(`the WebGL context was lost${statusMessage ? `: ${statusMessage}` : ''}`);
				});
			}
			return getContext.apply(this, args);
		} as typeof getContext;
	}
}

/** `work`, failing as soon as the GPU device or context is lost (at once if it already was). */
export function unlessGpuLost<T>(work: Promise<T>): Promise<T> {
	if (lost) return Promise.reject(new Error(lost));
	let fail: (reason: string) => void = () => {};
	const gone = new Promise<never>((_, reject) => {
		fail = (reason) => reject(new Error(reason));
		waiting.add(fail);
	});
	return Promise.race([work, gone]).finally(() => waiting.delete(fail));
}

/** How each runtime says that WebAssembly memory ran out. */
const OUT_OF_MEMORY =
	/bad_alloc|out of memory|failed to allocate|Cannot enlarge memory|Maximum memory size exceeded|Aborted\(OOM\)|Array buffer allocation failed/i;

/** An error's message, with what it means when a runtime ran out of WebAssembly memory. */
export function describeFault(e: unknown): string {
	const message = e instanceof Error ? e.message : String(e);
	return OUT_OF_MEMORY.test(message)
		? `out of memory (a WebAssembly cell can hold at most 4 GB, and the browser may give less): ${message}`
		: message;
}

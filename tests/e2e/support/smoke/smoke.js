// Page side of the onnxruntime-web smoke test: one session, one run, outputs back as base64.
/* global ort */
ort.env.wasm.wasmPaths = '/ort/';

const toBase64 = (array) => {
	const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
	let text = '';
	for (let i = 0; i < bytes.length; i += 0x8000)
		text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(text);
};
const fromBase64 = (text, Type) => {
	const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
	return new Type(bytes.buffer);
};

window.runOnnx = async ({ url, ep, input, options }) => {
	const started = performance.now();
	try {
		const session = await ort.InferenceSession.create(url, {
			executionProviders: [ep],
			...options
		});
		const created = performance.now();
		const Type = input.dtype === 'int32' ? Int32Array : Float32Array;
		const feeds = {
			[input.name]: new ort.Tensor(input.dtype, fromBase64(input.data, Type), input.shape)
		};
		const results = await session.run(feeds);
		const ran = performance.now();
		const outputs = {};
		for (const [name, tensor] of Object.entries(results)) {
			outputs[name] = {
				dims: [...tensor.dims],
				type: tensor.type,
				data: toBase64(await tensor.getData())
			};
		}
		await session.release();
		return { ok: true, outputs, createMs: created - started, runMs: ran - created };
	} catch (e) {
		return { ok: false, error: String(e && e.message ? e.message : e) };
	}
};

window.environment = async () => {
	const adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
	const gl = document.createElement('canvas').getContext('webgl2');
	return {
		userAgent: navigator.userAgent,
		webgpu: adapter
			? { vendor: adapter.info?.vendor, architecture: adapter.info?.architecture }
			: null,
		webgl2: gl ? gl.getParameter(gl.RENDERER) : null,
		crossOriginIsolated: self.crossOriginIsolated,
		threads: navigator.hardwareConcurrency
	};
};

window.convertInPage = async (url) => {
	const { convertFromUrl } = await import('./convert-page.js');
	return { ok: true, ...(await convertFromUrl(url)) };
};

window.convertInWorker = (url) =>
	new Promise((resolve) => {
		const worker = new Worker('./convert-worker.js', { type: 'module' });
		worker.onmessage = (event) => {
			resolve(event.data);
			worker.terminate();
		};
		worker.onerror = (event) => resolve({ ok: false, error: event.message });
		worker.postMessage({ url });
	});

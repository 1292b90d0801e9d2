// The bare loop for measuring harness overhead: the library called directly (no adapter, no protocol,
// no pre- or post-processing), same model, same input, same kind of worker; replies with run times.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import { defaultThreads } from '../runtimes/availability.js';
import type { BareReply, BareRequest } from './protocol.js';

const at = (url: string) => new URL(url, self.location.href).href;

async function ortLoop(r: BareRequest): Promise<() => Promise<void>> {
	const ort = await import('onnxruntime-web/all');
	ort.env.wasm.wasmPaths = { wasm: at(ortWasmUrl) };
	ort.env.wasm.numThreads = defaultThreads();
	const url =
		r.backend === 'webgl' && 'url' in r.model.onnxWebgl ? r.model.onnxWebgl.url : r.model.onnx;
	const session = await ort.InferenceSession.create(url, { executionProviders: [r.backend] });
	const feeds = { [r.model.input]: new ort.Tensor(r.input.dtype, r.input.data, r.input.shape) };
	return async () => {
		const results = await session.run(feeds);
		for (const t of Object.values(results)) await t.getData();
	};
}

async function tfjsLoop(r: BareRequest): Promise<() => Promise<void>> {
	const tf = await import('@tensorflow/tfjs');
	if (r.backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
	if (r.backend === 'wasm') {
		const wasm = await import('@tensorflow/tfjs-backend-wasm');
		wasm.setWasmPaths({
			'tfjs-backend-wasm.wasm': at(plainUrl),
			'tfjs-backend-wasm-simd.wasm': at(simdUrl),
			'tfjs-backend-wasm-threaded-simd.wasm': at(threadedUrl)
		});
		wasm.setThreadsCount(defaultThreads());
	}
	await tf.setBackend(r.backend);
	const graph = await tf.loadGraphModel(r.model.tfjs);
	const x = tf.tensor(r.input.data, r.input.shape, r.input.dtype);
	return async () => {
		const result = await graph.executeAsync({ [r.model.input]: x }, r.model.outputs);
		const tensors = Array.isArray(result) ? result : [result];
		for (const t of tensors) await t.data();
		tf.dispose(tensors);
	};
}

self.onmessage = async (event: MessageEvent<BareRequest>) => {
	try {
		const r = event.data;
		const run = await (r.framework === 'ort' ? ortLoop(r) : tfjsLoop(r));
		await run();
		const runs: number[] = [];
		const begin = performance.now();
		while (runs.length < r.runs || performance.now() - begin < r.seconds * 1000) {
			const started = performance.now();
			await run();
			runs.push(performance.now() - started);
		}
		self.postMessage({ ok: true, runs } satisfies BareReply);
	} catch (e) {
		self.postMessage({
			ok: false,
			message: e instanceof Error ? e.message : String(e)
		} satisfies BareReply);
	}
};

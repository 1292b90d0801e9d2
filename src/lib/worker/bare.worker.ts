// The bare loop for measuring harness overhead: after the same set-up as the adapters, the library is
// called directly (no adapter, no protocol, no pre- or post-processing), same model, same input, same
// kind of worker; replies with run times.
import { defaultThreads } from '../runtimes/availability.js';
import { prepareOrt } from '../runtimes/ort.js';
import { prepareTfjs } from '../runtimes/tfjs.js';
import type { BareReply, BareRequest } from './protocol.js';

async function ortLoop(r: BareRequest): Promise<() => Promise<void>> {
	const ort = await prepareOrt(defaultThreads());
	const url =
		r.backend === 'webgl' && 'url' in r.model.onnxWebgl ? r.model.onnxWebgl.url : r.model.onnx;
	const session = await ort.InferenceSession.create(url, { executionProviders: [r.backend] });
	// Each run starts from the input's data, as a new frame would: the harness does the same.
	return async () => {
		const feeds = { [r.model.input]: new ort.Tensor(r.input.dtype, r.input.data, r.input.shape) };
		const results = await session.run(feeds);
		for (const t of Object.values(results)) await t.getData();
	};
}

async function tfjsLoop(r: BareRequest): Promise<() => Promise<void>> {
	const tf = await prepareTfjs(r.backend, defaultThreads());
	const graph = await tf.loadGraphModel(r.model.tfjs);
	return async () => {
		const x = tf.tensor(r.input.data, r.input.shape, r.input.dtype);
		const result = await graph.executeAsync({ [r.model.input]: x }, r.model.outputs);
		const tensors = Array.isArray(result) ? result : [result];
		for (const t of tensors) await t.data();
		tf.dispose([x, ...tensors]);
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

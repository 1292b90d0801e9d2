// Per-kernel times from TF.js's own profiler (tf.profile): wall time on WASM and the CPU, GPU timer
// queries on WebGL, GPU timestamps on WebGPU.
import type { OpEvent, ProfiledRuns } from '../measure/op-profile.js';
import { UnavailableError } from './types.js';

type Tf = typeof import('@tensorflow/tfjs');

/** What each backend's kernel times are. */
const SOURCES: Record<string, string> = {
	wasm: 'tf.profile: wall time of each kernel',
	cpu: 'tf.profile: wall time of each kernel',
	webgl: 'tf.profile: GPU timer queries around each kernel',
	webgpu: 'tf.profile: GPU timestamps around each kernel'
};

/**
 * An op's wrapper (`conv2d__op`) is profiled as well as the kernel it calls, its time including the
 * kernel's: only kernels count.
 */
const isWrapper = (name: string) => name.endsWith('__op');

/** Profiles `runs` runs (after one untimed run) with tf.profile; throws when the backend times no kernel. */
export async function profileTfjs(
	tf: Tf,
	run: () => Promise<unknown>,
	runs: number
): Promise<ProfiledRuns> {
	await run();
	const events: OpEvent[] = [];
	const runMs: number[] = [];
	let why = '';
	for (let i = 0; i < runs; i++) {
		let ms = 0;
		const info = await tf.profile(async () => {
			const started = performance.now();
			await run();
			ms = performance.now() - started;
		});
		runMs.push(ms);
		for (const kernel of info.kernels) {
			if (isWrapper(kernel.name)) continue;
			const time = kernel.kernelTimeMs as number | { error: string };
			if (typeof time === 'number') events.push({ op: kernel.name, ms: time });
			else why = time.error;
		}
	}
	if (!events.length)
		throw new UnavailableError(
			`TF.js timed no kernel on ${tf.getBackend()}: ${why || 'no kernel ran'}`
		);
	return { events, runMs, source: SOURCES[tf.getBackend()] ?? 'tf.profile' };
}

// How sizes read everywhere in the app: model files and the memory a runtime holds, in the same unit.
import type { MemoryUse } from './worker/memory-tap.js';

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** "12.3 MB (WASM 8.1, GPU 4.2)": what a cell holds, and where. */
export const describeMemory = ({ wasm, gpu }: MemoryUse) =>
	`${mb(wasm + gpu)} (WASM ${(wasm / 1e6).toFixed(1)}, GPU ${(gpu / 1e6).toFixed(1)})`;

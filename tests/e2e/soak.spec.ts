// The short version of `npm run soak`: both WASM cells run 30 times and the model is switched away
// and back twice; nothing grows after warm-up and no worker outlives its model. The GPU cells are
// left to `npm run soak`: on a software GPU, one of them makes this half a minute into two.
import { soak } from '../../scripts/lib/soak.js';
import { APP, expect, test } from './support/isolation.js';

const CELLS = ['ort-wasm', 'tfjs-wasm'];

test('a short soak: memory stays put after warm-up, and each switch leaves no worker behind', async ({
	page
}, testInfo) => {
	const result = await soak(page, {
		app: APP,
		model: 'movenet-lightning',
		other: 'blazeface',
		cells: CELLS,
		runs: 30,
		switches: 2
	});
	testInfo.annotations.push({
		type: 'soak',
		description: [
			...result.cells.map(
				(c) =>
					`${c.cell} ${c.runs.after} runs: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`
			),
			`page heap ${JSON.stringify(result.heap)}`,
			`GPU process ${JSON.stringify(result.gpuProcess)}`,
			`workers ${JSON.stringify(result.workers)}`
		].join('; ')
	});
	expect(result.problems).toEqual([]);
	const [ort, tfjs] = result.cells;
	expect(result.cells.map((c) => c.cell)).toEqual(CELLS);
	// Both hold WebAssembly memory; TF.js also says how many tensors, ONNX Runtime does not.
	expect(ort!.after.wasm).toBeGreaterThan(0);
	expect(tfjs!.after.wasm).toBeGreaterThan(0);
	expect(tfjs!.after.tensors).toBeGreaterThan(0);
	expect(ort!.after.tensors).toBeUndefined();
	for (const cell of CELLS) expect(result.workers[cell]).toBe(1);
	// The GPU process is read from /proc: on Linux it is measured at every moment the soak reached.
	if (process.platform === 'linux')
		for (const moment of ['warm', 'runs', 'firstSwitch', 'lastSwitch'] as const)
			expect(result.gpuProcess[moment], `GPU process ${moment}`).toBeGreaterThan(0);
});

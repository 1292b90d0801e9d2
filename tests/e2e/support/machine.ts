// The browser every app test drives, with its GPU process at normal priority: on this machine's
// software GPU, Chromium's raised GPU process took the cores from the page (see gpu-process.ts).
import { test as base } from '@playwright/test';
import { keepGpuProcessAtNormalPriority } from '../../../scripts/lib/gpu-process.js';

export const test = base.extend<{ gpuAtNormalPriority: void }>({
	gpuAtNormalPriority: [
		async ({ browser }, use) => {
			// The browser has started; its GPU process is held at normal priority through the test.
			void browser;
			const stop = keepGpuProcessAtNormalPriority();
			await use();
			stop();
		},
		{ auto: true }
	]
});

// The built app in headless Chromium for a command (bench, soak): served on `port` with the folders
// in `mounts`, one page whose console errors go to stderr, the GPU process at normal priority (see
// gpu-process.ts), and everything closed afterwards.
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, findOrInstallChromium } from './chromium.js';
import { keepGpuProcessAtNormalPriority } from './gpu-process.js';
import { serveStatic } from './static-server.js';

/** Runs `use` on a page of the app served from `mounts` at http://127.0.0.1:`port`. */
export async function withAppPage(
	mounts: Record<string, string>,
	port: number,
	use: (page: Page, origin: string) => Promise<void>
): Promise<void> {
	const server = await serveStatic(mounts, port);
	const browser = await chromium.launch({
		executablePath: findOrInstallChromium(),
		args: chromiumArgs()
	});
	const stopPriority = keepGpuProcessAtNormalPriority();
	try {
		const page = await browser.newPage();
		page.on('console', (m) => m.type() === 'error' && process.stderr.write(`page: ${m.text()}\n`));
		await use(page, `http://127.0.0.1:${port}`);
	} finally {
		stopPriority();
		await browser.close();
		server.close();
	}
}

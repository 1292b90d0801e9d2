// Finds a Chromium for the browser tests and the bench, or installs one; never silently goes without.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Flags that give real WebGPU (on SwiftShader where there is no GPU) and WebGL2 in headless mode,
 * and keep Chromium off the network.
 */
export const CHROMIUM_ARGS = [
	'--enable-unsafe-webgpu',
	'--enable-features=Vulkan',
	'--use-vulkan=swiftshader',
	'--use-webgpu-adapter=swiftshader',
	'--use-angle=swiftshader',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--use-fake-device-for-media-stream',
	'--use-fake-ui-for-media-stream'
];

/** On a machine with a GPU, let Chromium use it: TWINFER_GPU=1 drops the SwiftShader flags. */
export function chromiumArgs(): string[] {
	const args =
		process.env.TWINFER_GPU === '1'
			? CHROMIUM_ARGS.filter((a) => !/swiftshader/.test(a))
			: CHROMIUM_ARGS;
	// Chromium's sandbox refuses to run as root.
	return process.getuid?.() === 0 ? [...args, '--no-sandbox'] : args;
}

const SYSTEM_PATHS = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable',
	'/opt/google/chrome/chrome'
];

function playwrightBrowser(): string | undefined {
	try {
		const path = chromium.executablePath();
		return existsSync(path) ? path : undefined;
	} catch {
		return undefined;
	}
}

function tryRun(command: string, args: string[]): boolean {
	try {
		execFileSync(command, args, { stdio: 'inherit' });
		return true;
	} catch {
		return false;
	}
}

/** A path to a Chromium that runs, installing one if none is found. Throws, naming what was tried. */
export function findOrInstallChromium(): string {
	const fromEnv = process.env.TWINFER_CHROMIUM;
	if (fromEnv) {
		if (existsSync(fromEnv)) return fromEnv;
		throw new Error(`TWINFER_CHROMIUM=${fromEnv} does not exist`);
	}
	const found = SYSTEM_PATHS.find((p) => existsSync(p)) ?? playwrightBrowser();
	if (found) return found;
	process.stdout.write("No Chromium found: trying Playwright's download...\n");
	if (tryRun('npx', ['playwright', 'install', 'chromium']) && playwrightBrowser())
		return playwrightBrowser()!;
	const root = process.getuid?.() === 0;
	if (root && existsSync('/usr/bin/apt-get')) {
		process.stdout.write("Installing Debian's chromium package...\n");
		if (tryRun('apt-get', ['update']) && tryRun('apt-get', ['install', '-y', 'chromium'])) {
			const installed = SYSTEM_PATHS.find((p) => existsSync(p));
			if (installed) return installed;
		}
	}
	throw new Error(
		'No Chromium for the browser tests: set TWINFER_CHROMIUM to a Chromium or Chrome binary, ' +
			'install the chromium package, or run "npx playwright install chromium". ' +
			`Tried TWINFER_CHROMIUM, ${SYSTEM_PATHS.join(', ')}, Playwright's browsers${root ? ' and apt-get' : ''}.`
	);
}

// `npm run test:e2e`: finds (or installs) Chromium, then runs the Playwright browser tests with it.
import { spawnSync } from 'node:child_process';
import { findOrInstallChromium } from './lib/chromium.js';

let chromium: string;
try {
	chromium = findOrInstallChromium();
} catch (e) {
	process.stderr.write(`\nbrowser tests cannot run: ${(e as Error).message}\n`);
	process.exit(1);
}
process.stdout.write(`browser tests use ${chromium}\n`);
const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, TWINFER_CHROMIUM: chromium }
});
process.exit(run.status ?? 1);

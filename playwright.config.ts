// Browser tests: real Chromium (found or installed by scripts/e2e.ts), WebGPU and WebGL on SwiftShader.
import { defineConfig } from '@playwright/test';
import { chromiumArgs } from './scripts/lib/chromium.js';

const executablePath = process.env.TWINFER_CHROMIUM;
if (!executablePath)
	throw new Error(
		'run the browser tests with `npm test` or `npm run test:e2e`, which find Chromium first'
	);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 300_000,
	workers: 1,
	// npm test collects the counts from the JSON report.
	reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
	outputDir: 'test-results',
	use: {
		browserName: 'chromium',
		launchOptions: { executablePath, args: chromiumArgs() },
		baseURL: 'http://127.0.0.1:4317'
	},
	webServer: [
		{
			command: 'node --import tsx tests/e2e/support/smoke-server.ts',
			url: 'http://127.0.0.1:4317/',
			reuseExistingServer: false,
			stdout: 'ignore'
		},
		{
			// The built app (npm test builds it first).
			command: 'node --import tsx scripts/serve.ts --port 4321',
			url: 'http://127.0.0.1:4321/',
			reuseExistingServer: false,
			stdout: 'ignore'
		}
	]
});

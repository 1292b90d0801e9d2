// `npm test`: lint, type checks, model artifacts, unit tests (Node) and browser tests (Chromium),
// ending with one "N passed, N failed" line over both suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findOrInstallChromium } from './lib/chromium.js';

const root = resolve(import.meta.dirname, '..');
const reports = join(root, '.cache', 'test-reports');

function step(
	title: string,
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv = {}
): boolean {
	process.stdout.write(`\n== ${title}\n`);
	const run = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	return run.status === 0;
}

function counts(
	file: string,
	read: (json: Record<string, unknown>) => [number, number]
): [number, number] {
	if (!existsSync(file)) return [0, 0];
	return read(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
if (!step('lint', 'npm', ['run', 'lint']) || !step('type check', 'npm', ['run', 'check']))
	process.exit(1);
if (!step('model artifacts', 'npx', ['tsx', 'models/materialize.ts', '--if-missing']))
	process.exit(1);

const unitOk = step('unit tests (Node: converter, TF.js vs onnxruntime-node)', 'npx', [
	'vitest',
	'run',
	'--reporter=default',
	'--reporter=json',
	`--outputFile=${join(reports, 'vitest.json')}`
]);

const built = step('build the app (the browser tests drive it)', 'npm', ['run', 'build']);
let chromium: string | undefined;
try {
	chromium = findOrInstallChromium();
} catch (e) {
	process.stderr.write(`\nbrowser tests cannot run: ${(e as Error).message}\n`);
}
const browserOk =
	built &&
	chromium !== undefined &&
	step(`browser tests (Chromium at ${chromium})`, 'npx', ['playwright', 'test'], {
		TWINFER_CHROMIUM: chromium,
		PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json')
	});

const [unitPassed, unitFailed] = counts(join(reports, 'vitest.json'), (j) => [
	Number(j.numPassedTests),
	Number(j.numFailedTests)
]);
const [browserPassed, browserFailed] = counts(join(reports, 'playwright.json'), (j) => {
	const stats = j.stats as { expected: number; unexpected: number; flaky: number };
	return [stats.expected + stats.flaky, stats.unexpected];
});
process.stdout.write(`\nunit: ${unitPassed} passed, ${unitFailed} failed\n`);
process.stdout.write(
	`browser: ${browserPassed} passed, ${browserFailed} failed${chromium ? '' : ' (no Chromium: not run)'}\n`
);
// A suite that failed without a failing test (it crashed, or found no browser) counts as one failure.
const crashed = Number(!unitOk && unitFailed === 0) + Number(!browserOk && browserFailed === 0);
const failed = unitFailed + browserFailed + crashed;
process.stdout.write(`${unitPassed + browserPassed} passed, ${failed} failed\n`);
process.exit(unitOk && browserOk ? 0 : 1);

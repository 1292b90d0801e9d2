// Every browser test that uses this `test` also proves what the app promises about isolation: no
// request to another origin, no request that could carry a user's file (only GET and HEAD), no
// Content-Security-Policy violation, and no uncaught error in the page or its workers.
import { expect } from '@playwright/test';
import { test as base } from './machine.js';

export const APP = 'http://127.0.0.1:4321';

/** Where a page may fetch from without leaving the machine: the app, and its own in-memory URLs. */
const LOCAL = new Set(['blob:', 'data:']);

export const test = base.extend<{ isolation: void }>({
	isolation: [
		async ({ page }, use) => {
			const requests: string[] = [];
			const violations: string[] = [];
			// A worker's script blocked by the policy shows as an uncaught error.
			const uncaught: string[] = [];
			page.on('pageerror', (e) => uncaught.push(e.message));
			page.context().on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
			// The browser reports a blocked worker script, eval or fetch on the console.
			page.on('console', (m) => {
				if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
			});
			await page.addInitScript(() =>
				document.addEventListener('securitypolicyviolation', (e) =>
					console.error(
						`Content-Security-Policy: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
					)
				)
			);
			await use();
			const url = (line: string) => new URL(line.slice(line.indexOf(' ') + 1));
			const outside = requests.filter((r) => {
				const u = url(r);
				return u.origin !== APP && !LOCAL.has(u.protocol);
			});
			expect(outside, 'requests that left the origin').toEqual([]);
			const sending = requests.filter((r) => !/^(GET|HEAD) /.test(r));
			expect(sending, 'requests that could carry a file').toEqual([]);
			expect(violations, 'Content-Security-Policy violations').toEqual([]);
			expect(uncaught, 'uncaught errors in the page or its workers').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };

// The page's main-thread tasks with the CPU time each took, read from a Chromium trace. A task's wall
// time (what the 'longtask' observer reports) also counts its waits for a core; on a 2-core machine
// whose software GPU and busy workers take the cores, those waits are the machine's, not the app's.
import type { Page } from '@playwright/test';

export interface MainThreadTask {
	/** When it started, on the page's clock (performance.now()). */
	start: number;
	wallMs: number;
	/** Time the page's main thread spent on a core in it. */
	cpuMs: number;
}

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	tdur?: number;
	args?: { chrome_mojo_event_info?: { mojo_interface_tag?: string } };
}

const END_MARK = 'twinfer:trace-end';

/** Starts tracing `page`'s browser; the function it returns stops and gives the page's main-thread tasks. */
export async function traceMainThread(page: Page): Promise<() => Promise<MainThreadTask[]>> {
	const browser = page.context().browser()!;
	// 'toplevel' holds every task a thread runs, with its thread time; the mark finds the page's thread.
	await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
	// Tracing's own start in the page's renderer (one task of up to 90 ms of CPU) is over by then.
	await page.waitForTimeout(1000);
	return async () => {
		const endsAt = await page.evaluate((name) => performance.mark(name).startTime, END_MARK);
		const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
			traceEvents: TraceEvent[];
		};
		const mark = traceEvents.find((e) => e.name === END_MARK);
		if (!mark) throw new Error(`the trace holds no "${END_MARK}" mark from the page`);
		const pageThread = traceEvents.filter(
			(e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X'
		);
		const tasks = pageThread
			.filter((e) => e.name === 'ThreadControllerImpl::RunTask')
			.sort((a, b) => a.ts - b.ts);
		// The test's own work in the page (Playwright's locators and evaluations) comes as DevTools
		// protocol messages: tasks that hold one are the harness's, not the app's.
		const harness = pageThread
			.filter(
				(e) => e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession'
			)
			.map((e) => e.ts)
			.sort((a, b) => a - b);
		let next = 0;
		const holdsHarness = (t: TraceEvent) => {
			while (next < harness.length && harness[next]! < t.ts) next++;
			return next < harness.length && harness[next]! <= t.ts + (t.dur ?? 0);
		};
		// A task run inside another (a nested run loop) is part of the outer one.
		let outerEnd = -Infinity;
		const outer = tasks.filter((t) => {
			if (t.ts < outerEnd) return false;
			outerEnd = t.ts + (t.dur ?? 0);
			return true;
		});
		return outer
			.filter((t) => !holdsHarness(t))
			.map((t) => ({
				start: endsAt - (mark.ts - t.ts) / 1000,
				wallMs: (t.dur ?? 0) / 1000,
				cpuMs: (t.tdur ?? 0) / 1000
			}));
	};
}

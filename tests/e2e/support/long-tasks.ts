// Main-thread tasks over 50 ms, as the browser reports them (PerformanceObserver 'longtask'),
// counted from the page's first script on.
import type { Page } from '@playwright/test';

/** Starts counting long tasks in every document `page` loads from now on. */
export async function watchLongTasks(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { longTasks: number[] };
		w.longTasks = [];
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
		}).observe({ type: 'longtask', buffered: true });
	});
}

/** The durations (ms) of the long tasks counted since the last reset; `reset` starts a new count. */
export function longTasks(page: Page, reset = false): Promise<number[]> {
	return page.evaluate((reset) => {
		const w = window as unknown as { longTasks: number[] };
		const seen = w.longTasks;
		if (reset) w.longTasks = [];
		return seen;
	}, reset);
}

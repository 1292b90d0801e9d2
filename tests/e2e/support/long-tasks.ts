// Main-thread tasks over 50 ms, as the browser reports them (PerformanceObserver 'longtask'),
// counted from the page's first script on, each with when it started.
import type { Page } from '@playwright/test';

/** Starts counting long tasks in every document `page` loads from now on. */
export async function watchLongTasks(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const w = window as unknown as { longTasks: [number, number][] };
		w.longTasks = [];
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) w.longTasks.push([entry.startTime, entry.duration]);
		}).observe({ type: 'longtask', buffered: true });
	});
}

/** The page's clock (performance.now()), to count long tasks from. */
export const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** The durations (ms) of the long tasks that started at `since` (page clock) or later. */
export function longTasks(page: Page, since = 0): Promise<number[]> {
	return page.evaluate(
		(since) =>
			(window as unknown as { longTasks: [number, number][] }).longTasks
				.filter(([start]) => start >= since)
				.map(([, duration]) => duration),
		since
	);
}

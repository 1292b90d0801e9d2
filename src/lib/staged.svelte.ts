// A page's first render in parts, one part per task: the playground rendered in one task, beside
// its workers starting up on two cores, held the main thread for 160 to 320 ms.

export class Staged {
	/** How many parts are shown so far. */
	shown = $state(0);
	#timer: ReturnType<typeof setTimeout> | undefined;

	/** Shows one more part per task until `count` are shown, then calls `done`. */
	start(count: number, done: () => void): void {
		const next = () => {
			if (this.shown >= count) {
				this.#timer = undefined;
				done();
				return;
			}
			this.shown++;
			this.#timer = setTimeout(next);
		};
		// Not even the first part in the task that starts: that task already ran the page's scripts.
		this.#timer = setTimeout(next);
	}

	stop(): void {
		clearTimeout(this.#timer);
	}
}

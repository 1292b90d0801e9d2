// The page's side of a worker: typed requests with timeouts, each answered once (a worker may send
// progress before its answer); a hung or crashed worker is terminated and replaced, and only the
// requests in flight see the error.
import type { InferenceProtocol } from './protocol.js';

/** What every worker may send besides its answers: an error, or progress on a long request. */
export type CommonReply =
	| { id: number; type: 'error'; message: string; unavailable: boolean }
	| { id: number; type: 'progress'; stage: string; fraction: number };

/** A worker's messages: its requests, its replies, and which reply answers which request. */
export interface Protocol {
	request: { id: number; type: string };
	reply: { id: number; type: string };
	answers: Record<string, string>;
}

type Request<P extends Protocol> = P['request'] extends infer R
	? R extends { id: number }
		? Omit<R, 'id'>
		: never
	: never;
type Reply<P extends Protocol> = P['reply'] | CommonReply;
type ReplyTo<P extends Protocol, T extends string> = Extract<P['reply'], { type: P['answers'][T] }>;

/**
 * The worker answered with an error (`unavailable` marks a backend this browser cannot give), or was
 * `lost`: it crashed, or hung and was stopped, and whatever it held is gone.
 */
export class CellError extends Error {
	override name = 'CellError';
	constructor(
		message: string,
		readonly unavailable = false,
		readonly lost = false
	) {
		super(message);
	}
}

interface Waiting<P extends Protocol> {
	resolve: (reply: Reply<P>) => void;
	reject: (e: Error) => void;
	progress?: (stage: string, fraction: number) => void;
}

export class WorkerClient<P extends Protocol> {
	#worker: Worker;
	#nextId = 1;
	readonly #pending = new Map<number, Waiting<P>>();

	/**
	 * `oncrash` hears of a worker that failed outside any request (an uncaught error in the runtime),
	 * after it was replaced: whatever it held is gone.
	 */
	constructor(
		private readonly spawn: () => Worker,
		private readonly oncrash?: (error: CellError) => void
	) {
		this.#worker = this.#start();
	}

	#start(): Worker {
		const worker = this.spawn();
		worker.onmessage = (event: MessageEvent<Reply<P>>) => {
			const reply = event.data;
			const waiting = this.#pending.get(reply.id);
			if (!waiting) return;
			if (reply.type === 'progress') {
				const { stage, fraction } = reply as Extract<CommonReply, { type: 'progress' }>;
				waiting.progress?.(stage, fraction);
				return;
			}
			this.#pending.delete(reply.id);
			waiting.resolve(reply);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			const error = new CellError(
				`the worker crashed: ${event.message || 'no message'}`,
				false,
				true
			);
			this.#restart(error);
			this.oncrash?.(error);
		};
		return worker;
	}

	/** Ends the worker and fails every request in flight with `error`. */
	#stop(error: Error): void {
		this.#worker.terminate();
		for (const waiting of this.#pending.values()) waiting.reject(error);
		this.#pending.clear();
	}

	/** Ends the worker, fails what was in flight, and starts a fresh one. */
	#restart(error: Error): void {
		this.#stop(error);
		this.#worker = this.#start();
	}

	/**
	 * Sends a request; rejects on an error reply, or after `timeoutMs` (restarting the worker).
	 * `progress` hears how a long request is going.
	 */
	request<T extends Request<P>['type']>(
		request: Extract<Request<P>, { type: T }>,
		timeoutMs: number,
		transfer: Transferable[] = [],
		progress?: (stage: string, fraction: number) => void
	): Promise<ReplyTo<P, T>> {
		const id = this.#nextId++;
		const message = { ...(request as { type: string }), id };
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					this.#restart(
						new CellError(
							`no answer to ${message.type} within ${Math.round(timeoutMs / 1000)} s: the worker hung and was stopped`,
							false,
							true
						)
					),
				timeoutMs
			);
			this.#pending.set(id, {
				progress,
				resolve: (reply) => {
					clearTimeout(timer);
					if (reply.type === 'error') {
						const { message, unavailable } = reply as Extract<CommonReply, { type: 'error' }>;
						reject(new CellError(message, unavailable));
					} else resolve(reply as ReplyTo<P, T>);
				},
				reject: (e) => {
					clearTimeout(timer);
					reject(e);
				}
			});
			this.#worker.postMessage(message, transfer);
		});
	}

	terminate(): void {
		this.#stop(new CellError('the cell was stopped'));
	}
}

/** The client of an inference worker. */
export class InferenceWorkerClient extends WorkerClient<InferenceProtocol> {}

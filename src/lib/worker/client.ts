// The page's side of an inference worker: typed requests with timeouts; a hung or crashed worker is
// terminated and replaced, and only its own cell sees the error.
import type { ReplyType, WorkerReply, WorkerRequest } from './protocol.js';

type Request = WorkerRequest extends infer R
	? R extends { id: number }
		? Omit<R, 'id'>
		: never
	: never;
type ReplyTo<T extends Request['type']> = Extract<WorkerReply, { type: ReplyType[T] }>;

/** The worker answered with an error; `unavailable` marks a backend this browser cannot give. */
export class CellError extends Error {
	override name = 'CellError';
	constructor(
		message: string,
		readonly unavailable = false
	) {
		super(message);
	}
}

export class InferenceWorkerClient {
	#worker: Worker;
	#nextId = 1;
	readonly #pending = new Map<
		number,
		{ resolve: (reply: WorkerReply) => void; reject: (e: Error) => void }
	>();

	constructor(private readonly spawn: () => Worker) {
		this.#worker = this.#start();
	}

	#start(): Worker {
		const worker = this.spawn();
		worker.onmessage = (event: MessageEvent<WorkerReply>) => {
			const waiting = this.#pending.get(event.data.id);
			if (!waiting) return;
			this.#pending.delete(event.data.id);
			waiting.resolve(event.data);
		};
		worker.onerror = (event) =>
			this.#restart(new CellError(`the worker crashed: ${event.message || 'no message'}`));
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

	/** Sends a request; rejects on an error reply, or after `timeoutMs` (restarting the worker). */
	request<T extends Request['type']>(
		request: Extract<Request, { type: T }>,
		timeoutMs: number,
		transfer: Transferable[] = []
	): Promise<ReplyTo<T>> {
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					this.#restart(
						new CellError(`no answer to ${request.type} within ${Math.round(timeoutMs / 1000)} s`)
					),
				timeoutMs
			);
			this.#pending.set(id, {
				resolve: (reply) => {
					clearTimeout(timer);
					if (reply.type === 'error') reject(new CellError(reply.message, reply.unavailable));
					else resolve(reply as ReplyTo<T>);
				},
				reject: (e) => {
					clearTimeout(timer);
					reject(e);
				}
			});
			this.#worker.postMessage({ ...request, id } as WorkerRequest, transfer);
		});
	}

	terminate(): void {
		this.#stop(new CellError('the cell was stopped'));
	}
}

import * as Comlink from 'comlink';

/** Why a worker is gone: its code never loaded, or it died while running. */
export type WorkerFailure = { readonly kind: 'crashed' | 'not-loaded'; readonly reason: string };

/** A started worker as the calls see it: where they go, and how to stop it. */
export interface WorkerLink {
	readonly endpoint: Comlink.Endpoint;
	terminate(): void;
}

/**
 * Starts a worker. `died` is to be called when it stops on its own — an error event, a crash,
 * an out-of-memory kill, or the worker closing itself (which fires no event at all, so a
 * browser start watches a lock the worker holds; see engine.ts).
 */
export type StartWorker = (died: (failure: WorkerFailure) => void) => WorkerLink;

/**
 * Calls into a worker that may die. Calls in flight when it dies are rejected with the message
 * `explain` gives, and the next call starts a fresh worker: a dead worker never leaves a
 * promise hanging, and never takes the page with it.
 */
export class CrashSafeWorker<Api> {
	private link: WorkerLink | null = null;
	private api: Comlink.Remote<Api> | null = null;
	private readonly pending = new Set<(e: Error) => void>();

	constructor(
		private readonly start: StartWorker,
		private readonly explain: (failure: WorkerFailure) => string
	) {}

	private remote(): Comlink.Remote<Api> {
		if (this.api) return this.api;
		const link = this.start((failure) => {
			// A late report from a worker already replaced is not about this one.
			if (this.link === link) this.crashed(failure);
		});
		this.link = link;
		this.api = Comlink.wrap<Api>(link.endpoint);
		return this.api;
	}

	private crashed(failure: WorkerFailure): void {
		this.link?.terminate();
		this.link = null;
		this.api = null;
		const error = new Error(this.explain(failure));
		for (const reject of this.pending) reject(error);
		this.pending.clear();
	}

	/** Every call goes through here so a crash rejects it instead of leaving it hanging. */
	call<T>(fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.pending.add(reject);
			fn(this.remote())
				.then(resolve, reject)
				.finally(() => this.pending.delete(reject));
		});
	}

	/** Stops the worker (the next call starts another); calls in flight are rejected. */
	dispose(): void {
		this.crashed({ kind: 'crashed', reason: 'stopped by the page' });
	}
}

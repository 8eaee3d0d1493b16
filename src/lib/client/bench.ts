import * as Comlink from 'comlink';
import type { BenchApi } from '../core/bench/api';

/**
 * The page's handle on the benchmark worker (workers/bench.worker.ts), used only by the
 * hidden /bench page that `npm run bench` drives. A crash rejects the calls in flight.
 */
export class BenchClient {
	private worker: Worker | null = null;
	private api: Comlink.Remote<BenchApi> | null = null;
	private readonly pending = new Set<(e: Error) => void>();

	private remote(): Comlink.Remote<BenchApi> {
		if (this.api) return this.api;
		const worker = new Worker(new URL('../../../workers/bench.worker.ts', import.meta.url), {
			type: 'module',
			name: 'tessera-bench'
		});
		worker.addEventListener('error', (event) => this.crashed(event.message || 'the bench worker stopped'));
		this.worker = worker;
		this.api = Comlink.wrap<BenchApi>(worker);
		return this.api;
	}

	private crashed(reason: string): void {
		this.worker?.terminate();
		this.worker = null;
		this.api = null;
		const error = new Error(`The bench worker stopped unexpectedly (${reason}).`);
		for (const reject of this.pending) reject(error);
		this.pending.clear();
	}

	private call<T>(fn: (api: Comlink.Remote<BenchApi>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.pending.add(reject);
			fn(this.remote())
				.then(resolve, reject)
				.finally(() => this.pending.delete(reject));
		});
	}

	/** Ends the worker (and the memory of every frame it holds). */
	terminate(): void {
		this.worker?.terminate();
		this.worker = null;
		this.api = null;
	}

	parseCsv: BenchApi['parseCsv'] = (blob, key, oneThread) => this.call((api) => api.parseCsv(blob, key, oneThread));
	head: BenchApi['head'] = (key, rows, as) => this.call((api) => api.head(key, rows, as));
	profile: BenchApi['profile'] = (key) => this.call((api) => api.profile(key));
	correlation: BenchApi['correlation'] = (key) => this.call((api) => api.correlation(key));
	logistic: BenchApi['logistic'] = (key, trainFraction) => this.call((api) => api.logistic(key, trainFraction));
	mlp: BenchApi['mlp'] = (key, backend, epochs, trainFraction) => this.call((api) => api.mlp(key, backend, epochs, trainFraction));
	store: BenchApi['store'] = (key) => this.call((api) => api.store(key));
	reopen: BenchApi['reopen'] = (hash) => this.call((api) => api.reopen(hash));
	unstore: BenchApi['unstore'] = (hash) => this.call((api) => api.unstore(hash));
	backends: BenchApi['backends'] = () => this.call((api) => api.backends());
	drop: BenchApi['drop'] = (key) => this.call((api) => api.drop(key));
}

let shared: BenchClient | null = null;
export function bench(): BenchClient {
	shared ??= new BenchClient();
	return shared;
}

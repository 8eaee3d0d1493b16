import * as Comlink from 'comlink';
import type { CaptureRead, MonitorApi, ReadProgress } from '../core/monitor/api';

/**
 * The Monitoring page's handle on its worker (workers/monitor.worker.ts). A crash rejects
 * the calls in flight; the next call starts a fresh worker (the files must be opened again).
 */
export class MonitorClient {
	private worker: Worker | null = null;
	private api: Comlink.Remote<MonitorApi> | null = null;
	private readonly pending = new Set<(e: Error) => void>();

	private remote(): Comlink.Remote<MonitorApi> {
		if (this.api) return this.api;
		const worker = new Worker(new URL('../../../workers/monitor.worker.ts', import.meta.url), { type: 'module', name: 'tessera-monitor' });
		worker.addEventListener('error', (event) => this.crashed(event.message || 'the monitoring worker stopped'));
		this.worker = worker;
		this.api = Comlink.wrap<MonitorApi>(worker);
		return this.api;
	}

	private crashed(reason: string): void {
		this.worker?.terminate();
		this.worker = null;
		this.api = null;
		const error = new Error(`The monitoring worker stopped unexpectedly (${reason}); open the files again.`);
		for (const reject of this.pending) reject(error);
		this.pending.clear();
	}

	private call<T>(fn: (api: Comlink.Remote<MonitorApi>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.pending.add(reject);
			fn(this.remote())
				.then(resolve, reject)
				.finally(() => this.pending.delete(reject));
		});
	}

	readCaptures = (files: readonly File[], onProgress: (p: ReadProgress) => void) =>
		this.call<CaptureRead>((api) => api.readCaptures(files, Comlink.proxy(onProgress)));
	readScoredTable = (file: File, onProgress: (p: ReadProgress) => void) =>
		this.call((api) => api.readScoredTable(file, Comlink.proxy(onProgress)));
	useScoredTable: MonitorApi['useScoredTable'] = (choice) => this.call((api) => api.useScoredTable(choice));
	readModel: MonitorApi['readModel'] = (file) => this.call((api) => api.readModel(file));
	useRegisteredModel: MonitorApi['useRegisteredModel'] = (name, version) => this.call((api) => api.useRegisteredModel(name, version));
	readLabels = (file: File, onProgress: (p: ReadProgress) => void) => this.call((api) => api.readLabels(file, Comlink.proxy(onProgress)));
	analyse: MonitorApi['analyse'] = (settings) => this.call((api) => api.analyse(settings));
	cancel: MonitorApi['cancel'] = () => this.call((api) => api.cancel());
}

let shared: MonitorClient | null = null;
export function monitor(): MonitorClient {
	shared ??= new MonitorClient();
	return shared;
}

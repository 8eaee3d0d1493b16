import * as Comlink from 'comlink';
import type { PipelineDocument } from '../core/doc/types';
import type {
	BackendReport,
	DatasetMeta,
	EngineApi,
	ImportOptions,
	ImportProgress,
	NodeResult,
	RegisteredModelVersion,
	RowWindow,
	RunSummary,
	TextPreview
} from '../core/engine/api';
import type { EngineEvent } from '../core/engine/events';
import type { FrameSchema } from '../core/frame/types';
import type { BackendChoice, DataSourceRef } from '../core/nodes/define';

/**
 * The page's handle on the engine worker. Calls in flight when the worker crashes are
 * rejected with a clear message and the next call starts a fresh worker.
 */
export class EngineClient {
	private worker: Worker | null = null;
	private api: Comlink.Remote<EngineApi> | null = null;
	private readonly pending = new Set<(e: Error) => void>();

	private remote(): Comlink.Remote<EngineApi> {
		if (this.api) return this.api;
		const worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
			type: 'module',
			name: 'tessera-engine'
		});
		worker.addEventListener('error', (event) => this.crashed(event.message || 'the engine worker stopped'));
		this.worker = worker;
		this.api = Comlink.wrap<EngineApi>(worker);
		return this.api;
	}

	private crashed(reason: string): void {
		this.worker?.terminate();
		this.worker = null;
		this.api = null;
		const error = new Error(`The engine stopped unexpectedly (${reason}). It has been restarted; run again.`);
		for (const reject of this.pending) reject(error);
		this.pending.clear();
	}

	/** Every call goes through here so a crash rejects it instead of leaving it hanging. */
	private call<T>(fn: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.pending.add(reject);
			fn(this.remote())
				.then(resolve, reject)
				.finally(() => this.pending.delete(reject));
		});
	}

	backends(): Promise<BackendReport> {
		return this.call((api) => api.backends());
	}

	importFile(file: Blob, name: string, onProgress: (p: ImportProgress) => void, options?: ImportOptions): Promise<DatasetMeta> {
		// Options may be a Svelte state proxy, which cannot be structured-cloned: copy it.
		const plain = options ? { ...options } : undefined;
		return this.call((api) => api.importFile(file, name, Comlink.proxy(onProgress), plain));
	}

	previewText(text: string, limit: number): Promise<TextPreview> {
		return this.call((api) => api.previewText(text, limit));
	}

	cancelImport(): Promise<void> {
		return this.call((api) => api.cancelImport());
	}

	inspectSource(ref: DataSourceRef): Promise<{ schema: FrameSchema; rows: number; hash: string }> {
		return this.call((api) => api.inspectSource(ref));
	}

	run(
		doc: PipelineDocument,
		options: { targets?: readonly string[]; backend: BackendChoice; project?: string },
		onEvents: (events: readonly EngineEvent[]) => void
	): Promise<RunSummary> {
		// Svelte state proxies cannot be structured-cloned; send plain data.
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.run(plain, { ...options, targets: options.targets ? [...options.targets] : undefined }, Comlink.proxy(onEvents)));
	}

	cancelRun(): Promise<void> {
		return this.call((api) => api.cancelRun());
	}

	savedResults(doc: PipelineDocument, options: { backend: BackendChoice; project?: string }): Promise<readonly string[]> {
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.savedResults(plain, { ...options }));
	}

	result(node: string): Promise<NodeResult | null> {
		return this.call((api) => api.result(node));
	}

	rows(node: string, port: string, offset: number, limit: number): Promise<RowWindow | null> {
		return this.call((api) => api.rows(node, port, offset, limit));
	}

	inputSchema(doc: PipelineDocument, node: string, port: string): Promise<FrameSchema | null> {
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.inputSchema(plain, node, port));
	}

	registerModel(doc: PipelineDocument, node: string, name: string, notes: string, project: string | null): Promise<RegisteredModelVersion> {
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.registerModel(plain, node, name, notes, project));
	}
}

let shared: EngineClient | null = null;
export function engine(): EngineClient {
	shared ??= new EngineClient();
	return shared;
}

import * as Comlink from 'comlink';
import type { PipelineDocument } from '../core/doc/types';
import type {
	BackendReport,
	CheckedImport,
	DatasetMeta,
	EngineApi,
	ImportOptions,
	ImportProgress,
	ModelExportIssues,
	ModelFileSummary,
	NodeResult,
	OpenedBundle,
	RegisteredModelVersion,
	RowWindow,
	RunSummary,
	TextPreview
} from '../core/engine/api';
import type { EngineEvent } from '../core/engine/events';
import type { FrameSchema } from '../core/frame/types';
import type { BackendChoice, DataSourceRef } from '../core/nodes/define';
import type { Task } from '../core/nodes/ports';
import type { QuickRecipe } from '../core/nodes/templates/quick-recipe';
import { offlineStatus } from './offline';
import { CrashSafeWorker, type StartWorker, type WorkerFailure } from './crash-safe';
import { lifeLockName } from '../../../workers/life-lock';
// The bundled worker's URL (hashed in a build), so a failed start can say which file failed.
import engineWorkerUrl from '../../../workers/engine.worker.ts?worker&url';

/**
 * Starts the engine worker and reports its death: an error event (a throw outside any call,
 * code that failed to load), or the release of the life lock the worker takes when it starts
 * (workers/life-lock.ts). The lock is what catches a worker that is killed for memory or closes
 * itself, which fire no event: the browser releases a dead context's locks.
 */
const startEngineWorker: StartWorker = (died) => {
	const name = `tessera-engine ${crypto.randomUUID()}`;
	const worker = new Worker(engineWorkerUrl, { type: 'module', name });
	let alive = true;
	worker.addEventListener('error', (event) => {
		void whyWorkerFailed(engineWorkerUrl, event.message).then(died);
	});
	void watchLifeLock(lifeLockName(name), () => alive).then((lost) => {
		if (lost) died({ kind: 'crashed', reason: 'the engine worker stopped' });
	});
	return {
		endpoint: worker,
		terminate: () => {
			alive = false;
			worker.terminate();
		}
	};
};

/**
 * Resolves true when the worker's life lock is released while `alive()` still holds, false once
 * the page itself stopped the worker. The page queues for the lock only after seeing the
 * worker hold it, so its own request can never be granted first.
 */
async function watchLifeLock(lock: string, alive: () => boolean): Promise<boolean> {
	if (typeof navigator === 'undefined' || !navigator.locks) return false;
	for (let wait = 50; alive(); wait = Math.min(wait * 2, 1000)) {
		const { held = [] } = await navigator.locks.query();
		if (held.some((l) => l.name === lock)) return navigator.locks.request(lock, () => alive());
		await new Promise((resolve) => setTimeout(resolve, wait));
	}
	return false;
}

/**
 * The page's handle on the engine worker. Calls in flight when the worker crashes are
 * rejected with a clear message and the next call starts a fresh worker (crash-safe.ts).
 */
export class EngineClient {
	private readonly worker = new CrashSafeWorker<EngineApi>(startEngineWorker, (failure) =>
		failure.kind === 'not-loaded'
			? `The engine could not start: ${failure.reason}`
			: `The engine stopped unexpectedly (${failure.reason}). It has been restarted; run again.`
	);

	private call<T>(fn: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
		return this.worker.call(fn);
	}

	backends(): Promise<BackendReport> {
		return this.call((api) => api.backends());
	}

	importFile(file: Blob, name: string, onProgress: (p: ImportProgress) => void, options?: ImportOptions): Promise<DatasetMeta> {
		// Options may be a Svelte state proxy, which cannot be structured-cloned: copy it.
		const plain = options ? { ...options } : undefined;
		return this.call((api) => api.importFile(file, name, Comlink.proxy(onProgress), plain));
	}

	importChecked(
		file: Blob,
		name: string,
		onProgress: (p: ImportProgress) => void,
		options: ImportOptions,
		expectedHash: string
	): Promise<CheckedImport> {
		const plain = { ...options };
		// Comlink's Remote type splits a union result into a union of promises: name the whole.
		return this.call<CheckedImport>(
			(api) => api.importChecked(file, name, Comlink.proxy(onProgress), plain, expectedHash) as Promise<CheckedImport>
		);
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

	quickRecipe(ref: DataSourceRef, target: string, task?: Task): Promise<QuickRecipe> {
		return this.call((api) => api.quickRecipe(ref, target, task));
	}

	run(
		doc: PipelineDocument,
		options: { targets?: readonly string[]; backend: BackendChoice; project?: string },
		onEvents: (events: readonly EngineEvent[]) => void
	): Promise<RunSummary> {
		// Svelte state proxies cannot be structured-cloned; send plain data.
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) =>
			api.run(plain, { ...options, targets: options.targets ? [...options.targets] : undefined }, Comlink.proxy(onEvents))
		);
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

	modelExports(node: string): Promise<ModelExportIssues> {
		return this.call((api) => api.modelExports(node));
	}

	nodeOnnxFile(node: string): Promise<Uint8Array> {
		return this.call((api) => api.nodeOnnxFile(node));
	}

	registryOnnxFile(name: string, version: number): Promise<Uint8Array> {
		return this.call((api) => api.registryOnnxFile(name, version));
	}

	versionExportIssues(name: string): Promise<Readonly<Record<number, ModelExportIssues>>> {
		return this.call((api) => api.versionExportIssues(name));
	}

	nodeModelFile(doc: PipelineDocument, node: string, name: string): Promise<Uint8Array> {
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.nodeModelFile(plain, node, name));
	}

	exportBundle(doc: PipelineDocument): Promise<Uint8Array> {
		const plain = JSON.parse(JSON.stringify(doc)) as PipelineDocument;
		return this.call((api) => api.exportBundle(plain));
	}

	openBundle(file: Blob): Promise<OpenedBundle> {
		return this.call((api) => api.openBundle(file) as Promise<OpenedBundle>);
	}

	registryModelFile(name: string, version: number): Promise<Uint8Array> {
		return this.call((api) => api.registryModelFile(name, version));
	}

	inspectModelFile(file: Blob): Promise<ModelFileSummary> {
		return this.call((api) => api.inspectModelFile(file));
	}

	importModelFile(file: Blob, name: string, notes: string): Promise<RegisteredModelVersion> {
		return this.call((api) => api.importModelFile(file, name, notes));
	}
}

/**
 * A worker's error event carries no message when its script (or one it imports) could not be
 * loaded, which offline means a file missing from the offline cache: fetch the script to say
 * which file and why, rather than "the engine stopped unexpectedly".
 */
async function whyWorkerFailed(url: string, message: string): Promise<WorkerFailure> {
	if (message) return { kind: 'crashed', reason: message };
	const path = new URL(url, location.href).pathname;
	const notCached = async (why: string) => {
		const hint =
			(await offlineStatus()).state === 'ready'
				? 'It is not in the offline cache.'
				: 'Tessera has not finished caching itself for offline use: open it once while online and wait until the start page says “Available offline”.';
		return { kind: 'not-loaded', reason: `its code ${path} could not be loaded (${why}). ${hint}` } as const;
	};
	try {
		const response = await fetch(url);
		if (!response.ok) return await notCached(`${response.status} ${(await response.text()).slice(0, 300)}`);
	} catch (e) {
		return await notCached(e instanceof Error ? e.message : String(e));
	}
	return { kind: 'crashed', reason: 'the engine worker stopped' };
}

let shared: EngineClient | null = null;
export function engine(): EngineClient {
	shared ??= new EngineClient();
	return shared;
}

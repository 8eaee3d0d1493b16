import type { ComputePool } from '../src/lib/core/compute/pool';
import { proxy, transfer } from 'comlink';
import type { PipelineDocument } from '../src/lib/core/doc/types';
import type {
	BackendReport,
	CheckedImport,
	DatasetMeta,
	EngineApi,
	ImportOptions,
	ImportProgress,
	NodeResult,
	OpenedBundle,
	RowWindow,
	RunSummary,
	StoredResult,
	TextPreview
} from '../src/lib/core/engine/api';
import { OutputCache } from '../src/lib/core/engine/cache';
import type { EngineEvent } from '../src/lib/core/engine/events';
import { runPipeline, type EngineHost, type RunResult } from '../src/lib/core/engine/run';
import { planRun } from '../src/lib/core/engine/plan';
import { planSignatures } from '../src/lib/core/engine/plan-signatures';
import { propagatedInput, propagateSchemas, sourceRefs } from '../src/lib/core/engine/schemas';
import { storedResult, summariseNode } from '../src/lib/core/engine/summaries';
import { rowWindow } from '../src/lib/core/frame/display';
import { parsePastedTable, pastedDelimiter } from '../src/lib/core/readers/paste';
import { readTableBytes } from '../src/lib/core/readers/readers';
import { decodeImageInBrowser } from './decode-image';
import { schemaOf } from '../src/lib/core/frame/frame';
import { quickRecipe } from '../src/lib/core/nodes/templates/quick-recipe';
import type { Frame, FrameSchema } from '../src/lib/core/frame/types';
import { chooseBackend, detectBackends } from '../src/lib/core/ml/backends';
import type { BackendChoice, DataSourceRef, LoadedSource, NodeOutputs, TrialRunner } from '../src/lib/core/nodes/define';
import type { MetricsValue } from '../src/lib/core/nodes/ports';
import type { Registry } from '../src/lib/core/nodes/registry';
import { fingerprintBytes } from '../src/lib/core/util/fingerprint';
import { sampleFileName } from '../src/lib/core/nodes/catalog/io/dataset';
import { checkDataset, datasetHash, readerOptions, type DatasetCheck } from '../src/lib/core/readers/import-options';
import { experimentsOfRun, RunTracker } from '../src/lib/core/experiments/records';
import { findDataset, loadDatasetFrame, storeDataset } from '../src/lib/persistence/datasets';
import { saveExperiments } from '../src/lib/persistence/experiments';
import { getResults, putResults, storedSignatures, touchResults } from '../src/lib/persistence/results';
import { createRegistryApi } from './registry-api';
import { createModelFileApi } from './model-file-api';
import { packBundle, storedSources, unpackBundle } from '../src/lib/core/bundle';
import { TESSERA_VERSION } from '../src/lib/core/version';

export interface EngineDeps {
	readonly registry: Registry;
	/** Fetches a bundled sample's bytes (from the app's static files, cached offline). */
	readonly fetchSample: (name: string) => Promise<Uint8Array>;
	/** Starts a pool of trial workers for hyperparameter search, given the run's backend and seed. */
	readonly trialPool?: (backend: () => BackendChoice, seed: () => number) => TrialRunner;
	/** Threads one fit may spread its inner loops over (core/compute). */
	readonly computePool?: ComputePool;
}

/**
 * The reader follows the file name's extension, else the content (readers.ts); CSV is
 * fed in chunks with a yield between them so a cancel message can arrive.
 */
function parseBytes(
	bytes: Uint8Array,
	fileName: string,
	signal?: AbortSignal,
	onProgress?: (n: number) => void,
	options: ImportOptions = {},
	compute?: ComputePool
): Promise<Frame> {
	return readTableBytes(bytes, { fileName, signal, onProgress, decodeImage: decodeImageInBrowser, compute, ...readerOptions(options) });
}

/**
 * The engine as the worker exposes it: holds the output cache and the last outputs of
 * every node, so the page asks for summaries and windows of rows, never whole frames.
 */
export function createEngineApi(deps: EngineDeps): EngineApi {
	const cache = new OutputCache(128);
	const outputs = new Map<string, NodeOutputs>();
	/** node id → the signature of the outputs held for it in `outputs`. */
	const outputSignatures = new Map<string, string>();
	/**
	 * node id → signature of a stored result that stands in for it (issue 11): a node a run
	 * skipped, or one found on opening the project. It has no outputs in memory.
	 */
	const restored = new Map<string, string>();
	const registryApi = createRegistryApi(outputs, deps.registry);
	const modelFiles = createModelFileApi({
		outputs,
		registry: deps.registry,
		trainedIn: (node) => registryApi.trainedIn(node),
		restored: (node) => restored.has(node)
	});
	const sources = new Map<string, LoadedSource>();
	let runController: AbortController | null = null;
	/** Node ids are unique per document only: results of another project must not show through. */
	let outputsProject: string | null = null;
	let importController: AbortController | null = null;

	/** Results of another project must not show through: node ids are unique per document only. */
	function switchProject(project: string | null): void {
		if (project === outputsProject) return;
		outputs.clear();
		outputSignatures.clear();
		restored.clear();
		outputsProject = project;
	}

	/** The stored body for a node known only from a stored result, or null (evicted, unreadable). */
	async function restoredBody(node: string): Promise<StoredResult | null> {
		const signature = restored.get(node);
		if (!signature) return null;
		const found = await getResults([signature]).catch(() => new Map<string, unknown>());
		return (found.get(signature) as StoredResult | undefined) ?? null;
	}

	/**
	 * Keep the summary of every node that finished (not one that kept a partial model on
	 * Cancel); mark those read from storage as used. Throws on a full quota.
	 */
	async function keepResults(result: RunResult, partial: ReadonlySet<string>, project: string | null): Promise<void> {
		const put: { signature: string; project: string | null; body: StoredResult }[] = [];
		const touch: string[] = [];
		for (const [id, out] of result.outputs) {
			const key = result.keys.get(id);
			if (!key || partial.has(id)) continue;
			if (result.stored.has(key.signature)) touch.push(key.signature);
			else put.push({ signature: key.signature, project, body: storedResult(out) });
		}
		for (const id of result.restored) touch.push(result.signatures.get(id)!);
		await touchResults(touch);
		await putResults(put);
	}

	const sourceKey = (ref: DataSourceRef) => (ref.kind === 'sample' ? `sample:${ref.name}` : `stored:${ref.hash || ref.name}`);

	async function loadSource(ref: DataSourceRef): Promise<LoadedSource> {
		const key = sourceKey(ref);
		const known = sources.get(key);
		if (known) return known;
		let loaded: LoadedSource;
		if (ref.kind === 'sample') {
			const bytes = await deps.fetchSample(ref.name);
			loaded = {
				frame: await parseBytes(bytes, sampleFileName(ref.name), undefined, undefined, {}, deps.computePool),
				hash: await fingerprintBytes(bytes),
				name: ref.name
			};
		} else {
			const record = await findDataset(ref.name, ref.hash);
			if (!record)
				throw new Error(
					`dataset "${ref.name}" is not stored in this browser: upload the file (its content hash must be ${ref.hash || 'unknown'})`
				);
			if (ref.hash && record.hash !== ref.hash)
				throw new Error(
					`the stored "${ref.name}" has different content (hash ${record.hash}, the pipeline expects ${ref.hash}): upload the original file`
				);
			loaded = { frame: await loadDatasetFrame(record), hash: record.hash, name: record.name };
		}
		sources.set(key, loaded);
		return loaded;
	}

	/**
	 * A source's columns without reading its rows where possible: a stored dataset's metadata,
	 * a sample's parsed frame (small, and kept for the run); null when it is not here.
	 */
	async function sourceSchema(ref: DataSourceRef): Promise<FrameSchema | null> {
		const loaded = sources.get(sourceKey(ref));
		if (loaded) return schemaOf(loaded.frame);
		if (ref.kind === 'sample')
			return loadSource(ref).then(
				(l) => schemaOf(l.frame),
				() => null
			);
		const record = await findDataset(ref.name, ref.hash).catch(() => undefined);
		return record && (!ref.hash || record.hash === ref.hash) ? record.schema : null;
	}

	/** Parses an uploaded file and hashes it; a Cancel (or a newer import) aborts the parse. */
	async function readUpload(
		file: Blob,
		name: string,
		onProgress: (p: ImportProgress) => void,
		options: ImportOptions,
		expectedHash?: string
	): Promise<{ frame: Frame; hash: string; bytes: number; check: DatasetCheck | null }> {
		importController?.abort();
		const controller = (importController = new AbortController());
		const bytes = new Uint8Array(await file.arrayBuffer());
		let last = 0;
		const frame = await parseBytes(
			bytes,
			name,
			controller.signal,
			(n) => {
				// Progress messages at most every 1%: the page repaints, it does not need every chunk.
				if (n - last >= bytes.length / 100 || n === bytes.length) {
					last = n;
					onProgress({ bytes: n, total: bytes.length });
				}
			},
			options,
			deps.computePool
		);
		// Stored datasets are keyed by hash: the same bytes read with other options are another dataset.
		// Checked against what a pipeline recorded, the older 16-digit checksum is recognised too.
		const check = expectedHash === undefined ? null : await checkDataset(bytes, readerOptions(options), expectedHash);
		const hash = check ? check.hash : await datasetHash(bytes, readerOptions(options));
		if (importController === controller) importController = null;
		return { frame, hash, bytes: bytes.length, check };
	}

	async function storeUpload(name: string, read: { frame: Frame; hash: string; bytes: number }): Promise<DatasetMeta> {
		const { frame, hash } = read;
		const meta = await storeDataset(
			{ name, hash, rows: frame.rowCount, columns: frame.columns.length, bytes: read.bytes, schema: schemaOf(frame) },
			frame
		);
		sources.set(`stored:${meta.hash}`, { frame, hash: meta.hash, name: meta.name });
		return meta;
	}

	/** The backend and seed of the run in progress: trial workers train as it does. */
	let current: { backend: BackendChoice; seed: number } = { backend: 'auto', seed: 0 };
	/** A sample's content hash from its bytes, without parsing it: enough to look up stored results. */
	const sampleHashes = new Map<string, Promise<string>>();
	const sampleHash = (name: string): Promise<string> => {
		const loaded = sources.get(`sample:${name}`);
		if (loaded) return Promise.resolve(loaded.hash);
		let known = sampleHashes.get(name);
		if (!known) {
			known = deps.fetchSample(name).then((bytes) => fingerprintBytes(bytes));
			known.catch(() => sampleHashes.delete(name));
			sampleHashes.set(name, known);
		}
		return known;
	};
	const host: EngineHost = {
		loadSource,
		sourceHash: async (ref) =>
			ref.kind === 'stored' && ref.hash ? ref.hash : ref.kind === 'sample' ? sampleHash(ref.name) : (await loadSource(ref)).hash,
		loadRegisteredModel: registryApi.loadRegisteredModel,
		registeredModelKey: registryApi.registeredModelKey,
		...(deps.computePool ? { compute: deps.computePool } : {}),
		...(deps.trialPool
			? {
					trials: deps.trialPool(
						() => current.backend,
						() => current.seed
					)
				}
			: {})
	};

	let backendReport: BackendReport | null = null;

	return {
		async backends() {
			if (!backendReport) {
				const candidates = await detectBackends();
				backendReport = { auto: chooseBackend('auto', candidates), candidates };
			}
			return backendReport;
		},

		async importFile(file: Blob, name: string, onProgress: (p: ImportProgress) => void, options: ImportOptions = {}): Promise<DatasetMeta> {
			return storeUpload(name, await readUpload(file, name, onProgress, options));
		},

		async importChecked(
			file: Blob,
			name: string,
			onProgress: (p: ImportProgress) => void,
			options: ImportOptions,
			expectedHash: string
		): Promise<CheckedImport> {
			const read = await readUpload(file, name, onProgress, options, expectedHash);
			// A different file is refused before it is stored: nothing changes until the person decides.
			if (read.check?.kind === 'different')
				return {
					kind: 'different',
					actual: { name, hash: read.hash, rows: read.frame.rowCount, columns: read.frame.columns.length, bytes: read.bytes }
				};
			// Stored under its SHA-256 fingerprint; the caller re-points the pipeline at it.
			return { kind: 'stored', meta: await storeUpload(name, read), olderChecksum: read.check?.kind === 'same-legacy' };
		},

		async previewText(text: string, limit: number): Promise<TextPreview> {
			const frame = parsePastedTable(text);
			return {
				columns: frame.columns.map((c) => ({ name: c.name, kind: c.kind })),
				rows: rowWindow(frame, 0, limit).rows,
				rowCount: frame.rowCount,
				delimiter: pastedDelimiter(text)
			};
		},

		async cancelImport() {
			importController?.abort();
		},

		async inspectSource(ref) {
			const loaded = await loadSource(ref);
			return { schema: schemaOf(loaded.frame), rows: loaded.frame.rowCount, hash: loaded.hash };
		},

		async quickRecipe(ref, target, task) {
			return quickRecipe((await loadSource(ref)).frame, target, task);
		},

		async run(doc: PipelineDocument, options: { targets?: readonly string[]; backend: BackendChoice; project?: string }, onEvents) {
			runController?.abort();
			const controller = (runController = new AbortController());
			switchProject(options.project ?? null);
			const started = Date.now();
			current = { backend: options.backend, seed: doc.seeds.global };
			const tracker = new RunTracker();
			// Events are batched per macrotask so the page applies them in one update.
			let batch: EngineEvent[] = [];
			let flush: ReturnType<typeof setTimeout> | null = null;
			const onEvent = (e: EngineEvent) => {
				tracker.observe(e);
				batch.push(e);
				flush ??= setTimeout(() => {
					const out = batch;
					batch = [];
					flush = null;
					void onEvents(out);
				}, 16);
			};
			const result = await runPipeline({
				doc,
				registry: deps.registry,
				cache,
				host,
				targets: options.targets,
				signal: controller.signal,
				backend: options.backend,
				onEvent,
				// Reading storage failing only means nothing is served from it.
				stored: (signatures) => storedSignatures(signatures).catch(() => new Set<string>())
			});
			if (flush) clearTimeout(flush);
			if (batch.length) await onEvents(batch);
			for (const [id, out] of result.outputs) {
				outputs.set(id, out);
				outputSignatures.set(id, result.signatures.get(id)!);
				restored.delete(id);
			}
			for (const id of result.restored) {
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.set(id, result.signatures.get(id)!);
			}
			for (const id of result.errors.keys()) {
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.delete(id);
			}
			registryApi.noteRun(doc, result.outputs.keys());
			if (runController === controller) runController = null;

			const metrics: Record<string, MetricsValue> = {};
			let backend = 'typed-arrays';
			for (const [id, out] of result.outputs) {
				for (const v of Object.values(out)) {
					if (v.kind === 'metrics') {
						metrics[id] = v;
						if (v.backend !== 'typed-arrays') backend = v.backend;
					}
				}
			}
			const summary: RunSummary = {
				runId: crypto.randomUUID(),
				ms: Date.now() - started,
				cancelled: result.cancelled,
				errors: Object.fromEntries(result.errors),
				metrics,
				backend
			};
			// Every model / cross-validation / search node that ran is an experiment (issue 6).
			// Storage failing (a full quota) must not fail the run: it becomes a warning.
			const warnings: string[] = [];
			const partial = new Set([...tracker.ran].filter(([, r]) => r.stopped?.reason === 'cancelled').map(([id]) => id));
			try {
				await keepResults(result, partial, options.project ?? null);
			} catch (e) {
				warnings.push(`This run's results were not kept for next time: ${e instanceof Error ? e.message : String(e)}`);
			}
			try {
				await saveExperiments(
					experimentsOfRun({
						doc,
						registry: deps.registry,
						outputs: result.outputs,
						ran: tracker.ran,
						errors: result.errors,
						startedNodes: tracker.started,
						runId: summary.runId,
						started,
						backend: options.backend === 'auto' ? (backendReport?.auto ?? backend) : options.backend,
						datasets: [...new Set([...sources.values()].map((s) => s.hash))],
						project: options.project ?? null,
						projectName: doc.meta.name,
						signatures: result.signatures,
						notConfigured: result.notConfigured
					})
				);
			} catch (e) {
				warnings.push(`This run's experiments were not saved: ${e instanceof Error ? e.message : String(e)}`);
			}
			return warnings.length ? { ...summary, warnings } : summary;
		},

		async cancelRun() {
			runController?.abort();
		},

		async savedResults(doc: PipelineDocument, options: { backend: BackendChoice; project?: string }): Promise<readonly string[]> {
			switchProject(options.project ?? null);
			const plan = planRun(doc, deps.registry);
			// A source that cannot be read (a dataset not in this browser) leaves its nodes out.
			const { keys } = await planSignatures(plan, {
				seed: doc.seeds.global,
				backend: options.backend,
				sourceHash: (ref) => host.sourceHash(ref),
				world: { registeredModelKey: registryApi.registeredModelKey }
			});
			const known: string[] = [];
			const lookup = new Map<string, string>();
			for (const [id, key] of keys) {
				if (outputs.has(id) && outputSignatures.get(id) === key.signature) known.push(id);
				else lookup.set(id, key.signature);
			}
			const stored = await storedSignatures([...lookup.values()]).catch(() => new Set<string>());
			for (const [id, signature] of lookup) {
				if (!stored.has(signature)) continue;
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.set(id, signature);
				known.push(id);
			}
			return known;
		},

		async result(node: string): Promise<NodeResult | null> {
			const out = outputs.get(node);
			if (out) return summariseNode(node, out);
			const body = await restoredBody(node);
			if (!body) return null;
			const rows = Object.fromEntries(Object.entries(body.windows).map(([port, w]) => [port, w.rows.length]));
			return { node, ports: body.ports, restored: { rows } };
		},

		async rows(node: string, port: string, offset: number, limit: number): Promise<RowWindow | null> {
			const value = outputs.get(node)?.[port];
			if (!value) {
				// Known from a stored result: its first rows were kept, and only those.
				const w = (await restoredBody(node))?.windows[port];
				if (!w) return null;
				if (offset >= w.rows.length && offset < w.total)
					throw new Error(
						`Only the first ${w.rows.length} rows of this table were kept from an earlier run. Press Run to here on this node to page through all ${w.total}.`
					);
				return { total: w.total, offset, columns: w.columns, rows: w.rows.slice(offset, offset + Math.min(limit, 1000)) };
			}
			if (value.kind !== 'dataset') return null;
			const w = rowWindow(value.frame, offset, Math.min(limit, 1000));
			return { total: value.frame.rowCount, offset, columns: w.columns, rows: w.rows };
		},

		async registerModel(doc, node, name, notes, project) {
			if (!outputs.has(node) && restored.has(node))
				throw new Error(
					'This result was kept from an earlier run, but a trained model itself is not kept between sessions: press Run to here on the model node (it trains again), then save it.'
				);
			return registryApi.registerModel(doc, node, name, notes, project);
		},

		...modelFiles,

		async exportBundle(doc: PipelineDocument): Promise<Uint8Array> {
			const inputs = [];
			for (const source of storedSources(doc, deps.registry))
				inputs.push({ ...source, frame: (await loadSource({ kind: 'stored', name: source.name, hash: source.hash })).frame });
			const { bytes } = await packBundle(doc, inputs, { created: new Date().toISOString(), tessera: TESSERA_VERSION });
			return transfer(bytes, [bytes.buffer as ArrayBuffer]);
		},

		async openBundle(file: Blob): Promise<OpenedBundle> {
			const opened = await unpackBundle(new Uint8Array(await file.arrayBuffer()), deps.registry);
			const datasets: DatasetMeta[] = [];
			// Each CSV is read as an upload of it is (no reading options): the hash the pipeline records.
			for (const d of opened.datasets)
				datasets.push(
					await storeUpload(d.name, {
						frame: await parseBytes(d.data, d.path, undefined, undefined, {}, deps.computePool),
						hash: d.hash,
						bytes: d.bytes
					})
				);
			return { doc: opened.doc, warnings: [...opened.warnings], readOnly: opened.readOnly, datasets };
		},

		async inputSchema(doc: PipelineDocument, node: string, port: string) {
			const edge = doc.edges.find((e) => e.to.node === node && e.to.port === port);
			if (!edge) return null;
			const value = outputs.get(edge.from.node)?.[edge.from.port];
			if (value) return value.kind === 'dataset' ? schemaOf(value.frame) : null;
			const stored = (await restoredBody(edge.from.node))?.ports[edge.from.port];
			if (stored?.kind === 'dataset') return stored.schema;
			// Not run: what the graph declares, from the sources' schemas (engine/schemas.ts).
			const known = new Map<string, FrameSchema | null>();
			for (const ref of sourceRefs(doc, deps.registry)) known.set(sourceKey(ref), await sourceSchema(ref));
			const schemas = propagateSchemas(doc, deps.registry, (ref) => known.get(sourceKey(ref)) ?? null);
			return propagatedInput(doc, schemas, node, port)?.columns ?? null;
		}
	};
}

export { proxy };

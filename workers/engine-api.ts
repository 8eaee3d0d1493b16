import { proxy } from 'comlink';
import type { PipelineDocument } from '../src/lib/core/doc/types';
import type { BackendReport, DatasetMeta, EngineApi, ImportOptions, ImportProgress, NodeResult, RowWindow, RunSummary, TextPreview } from '../src/lib/core/engine/api';
import { OutputCache } from '../src/lib/core/engine/cache';
import type { EngineEvent } from '../src/lib/core/engine/events';
import { runPipeline, type EngineHost } from '../src/lib/core/engine/run';
import { summariseNode } from '../src/lib/core/engine/summaries';
import { rowWindow } from '../src/lib/core/frame/display';
import { detectDelimiter, type CsvDelimiter } from '../src/lib/core/frame/csv-detect';
import { parsePastedTable } from '../src/lib/core/frame/paste';
import { readTableBytes } from '../src/lib/core/frame/readers';
import { decodeImageInBrowser } from './decode-image';
import { schemaOf } from '../src/lib/core/frame/frame';
import type { Frame } from '../src/lib/core/frame/types';
import { chooseBackend, detectBackends } from '../src/lib/core/ml/backends';
import type { BackendChoice, DataSourceRef, LoadedSource, NodeOutputs, TrialRunner } from '../src/lib/core/nodes/define';
import type { MetricsValue } from '../src/lib/core/nodes/ports';
import type { Registry } from '../src/lib/core/nodes/registry';
import { contentHash } from '../src/lib/core/util/digest';
import { sampleFileName } from '../src/lib/core/nodes/catalog/io/dataset';
import { datasetHash, readerOptions } from '../src/lib/core/frame/import-options';
import { experimentsOfRun, RunTracker } from '../src/lib/core/engine/experiments';
import { findDataset, loadDatasetFrame, storeDataset } from '../src/lib/persistence/datasets';
import { saveExperiments } from '../src/lib/persistence/experiments';
import { createRegistryApi } from './registry-api';

export interface EngineDeps {
	readonly registry: Registry;
	/** Fetches a bundled sample's bytes (from the app's static files, cached offline). */
	readonly fetchSample: (name: string) => Promise<Uint8Array>;
	/** Starts a pool of trial workers for hyperparameter search, given the run's backend and seed. */
	readonly trialPool?: (backend: () => BackendChoice, seed: () => number) => TrialRunner;
}

/**
 * The reader follows the file name's extension, else the content (readers.ts); CSV is
 * fed in chunks with a yield between them so a cancel message can arrive.
 */
function parseBytes(bytes: Uint8Array, fileName: string, signal?: AbortSignal, onProgress?: (n: number) => void, options: ImportOptions = {}): Promise<Frame> {
	return readTableBytes(bytes, { fileName, signal, onProgress, decodeImage: decodeImageInBrowser, ...readerOptions(options) });
}

/** The delimiter parsePastedTable reads a paste with: a tab in the first line means TSV, else detection. */
function pastedDelimiter(text: string): CsvDelimiter {
	const trimmed = text.replace(/^(?:[ \t]*\r?\n)+/, '');
	const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
	const sample = trimmed.slice(0, 64 * 1024);
	return firstLine.includes('\t') ? '\t' : detectDelimiter(sample, sample.length === trimmed.length);
}

/**
 * The engine as the worker exposes it: holds the output cache and the last outputs of
 * every node, so the page asks for summaries and windows of rows, never whole frames.
 */
export function createEngineApi(deps: EngineDeps): EngineApi {
	const cache = new OutputCache(128);
	const outputs = new Map<string, NodeOutputs>();
	const registryApi = createRegistryApi(outputs, deps.registry);
	const sources = new Map<string, LoadedSource>();
	let runController: AbortController | null = null;
	/** Node ids are unique per document only: results of another project must not show through. */
	let outputsProject: string | null = null;
	let importController: AbortController | null = null;

	const sourceKey = (ref: DataSourceRef) => (ref.kind === 'sample' ? `sample:${ref.name}` : `stored:${ref.hash || ref.name}`);

	async function loadSource(ref: DataSourceRef): Promise<LoadedSource> {
		const key = sourceKey(ref);
		const known = sources.get(key);
		if (known) return known;
		let loaded: LoadedSource;
		if (ref.kind === 'sample') {
			const bytes = await deps.fetchSample(ref.name);
			loaded = { frame: await parseBytes(bytes, sampleFileName(ref.name)), hash: await contentHash(bytes), name: ref.name };
		} else {
			const record = await findDataset(ref.name, ref.hash);
			if (!record)
				throw new Error(`dataset "${ref.name}" is not stored in this browser: upload the file (its content hash must be ${ref.hash || 'unknown'})`);
			if (ref.hash && record.hash !== ref.hash)
				throw new Error(`the stored "${ref.name}" has different content (hash ${record.hash}, the pipeline expects ${ref.hash}): upload the original file`);
			loaded = { frame: await loadDatasetFrame(record), hash: record.hash, name: record.name };
		}
		sources.set(key, loaded);
		return loaded;
	}

	/** The backend and seed of the run in progress: trial workers train as it does. */
	let current: { backend: BackendChoice; seed: number } = { backend: 'auto', seed: 0 };
	const host: EngineHost = {
		loadSource,
		sourceHash: async (ref) => (ref.kind === 'stored' && ref.hash ? ref.hash : (await loadSource(ref)).hash),
		loadRegisteredModel: registryApi.loadRegisteredModel,
		...(deps.trialPool ? { trials: deps.trialPool(() => current.backend, () => current.seed) } : {})
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
			importController?.abort();
			const controller = (importController = new AbortController());
			const bytes = new Uint8Array(await file.arrayBuffer());
			let last = 0;
			const frame = await parseBytes(bytes, name, controller.signal, (n) => {
				// Progress messages at most every 1%: the page repaints, it does not need every chunk.
				if (n - last >= bytes.length / 100 || n === bytes.length) {
					last = n;
					onProgress({ bytes: n, total: bytes.length });
				}
			}, options);
			// Stored datasets are keyed by hash: the same bytes read with other options are another dataset.
			const hash = await datasetHash(bytes, readerOptions(options));
			const meta = await storeDataset(
				{ name, hash, rows: frame.rowCount, columns: frame.columns.length, bytes: bytes.length, schema: schemaOf(frame) },
				frame
			);
			sources.set(`stored:${meta.hash}`, { frame, hash: meta.hash, name: meta.name });
			if (importController === controller) importController = null;
			return meta;
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

		async run(doc: PipelineDocument, options: { targets?: readonly string[]; backend: BackendChoice; project?: string }, onEvents) {
			runController?.abort();
			const controller = (runController = new AbortController());
			if ((options.project ?? null) !== outputsProject) {
				outputs.clear();
				outputsProject = options.project ?? null;
			}
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
			const result = await runPipeline({ doc, registry: deps.registry, cache, host, targets: options.targets, signal: controller.signal, backend: options.backend, onEvent });
			if (flush) clearTimeout(flush);
			if (batch.length) await onEvents(batch);
			for (const [id, out] of result.outputs) outputs.set(id, out);
			for (const id of result.errors.keys()) outputs.delete(id);
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
						projectName: doc.meta.name
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

		async result(node: string): Promise<NodeResult | null> {
			const out = outputs.get(node);
			return out ? summariseNode(node, out) : null;
		},

		async rows(node: string, port: string, offset: number, limit: number): Promise<RowWindow | null> {
			const value = outputs.get(node)?.[port];
			if (!value || value.kind !== 'dataset') return null;
			const w = rowWindow(value.frame, offset, Math.min(limit, 1000));
			return { total: value.frame.rowCount, offset, columns: w.columns, rows: w.rows };
		},

		registerModel: registryApi.registerModel,

		async inputSchema(doc: PipelineDocument, node: string, port: string) {
			const edge = doc.edges.find((e) => e.to.node === node && e.to.port === port);
			const value = edge ? outputs.get(edge.from.node)?.[edge.from.port] : undefined;
			return value && value.kind === 'dataset' ? schemaOf(value.frame) : null;
		}
	};
}

export { proxy };

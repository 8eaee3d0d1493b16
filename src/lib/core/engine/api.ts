/**
 * The engine worker's API as the page sees it (through comlink). Only summaries cross
 * the boundary: schemas, profiles, windows of rows, metrics — never whole datasets.
 */
import type { PipelineDocument } from '../doc/types';
import type { ColumnKind, FrameSchema } from '../frame/types';
import type { BackendChoice, DataSourceRef } from '../nodes/define';
import type { MetricsValue, PortKind, Task, TrainingStop } from '../nodes/ports';
import type { EngineEvent } from './events';
import type { QuickRecipe } from '../nodes/templates/quick-recipe';

export interface DatasetMeta {
	readonly id: string;
	readonly name: string;
	/**
	 * The dataset's fingerprint (`datasetHash`): `sha256:…`, or the older 16-digit checksum on
	 * datasets stored by an earlier Tessera (kept as it was, so pipelines naming it still find it).
	 */
	readonly hash: string;
	readonly rows: number;
	readonly columns: number;
	readonly bytes: number;
	readonly schema: FrameSchema;
	readonly created: string;
}

/** What a checked import found: the expected file (now stored) or a different one (not stored). */
export type CheckedImport =
	| {
			readonly kind: 'stored';
			readonly meta: DatasetMeta;
			/** The pipeline recorded the older 16-digit checksum, which these bytes give: accepted, with a note. */
			readonly olderChecksum: boolean;
	  }
	| {
			readonly kind: 'different';
			readonly actual: {
				readonly name: string;
				readonly hash: string;
				readonly rows: number;
				readonly columns: number;
				readonly bytes: number;
			};
	  };

export interface BackendCandidate {
	readonly name: 'webgpu' | 'wasm' | 'webgl' | 'cpu';
	readonly available: boolean;
	readonly note: string;
}

export interface BackendReport {
	/** What 'auto' resolves to on this machine. */
	readonly auto: BackendCandidate['name'];
	readonly candidates: readonly BackendCandidate[];
}

/** A plain-data summary of one output port, for the result panel. */
export type PortSummary =
	| {
			readonly kind: 'dataset';
			readonly rows: number;
			readonly schema: FrameSchema;
			readonly target: string | null;
			readonly roles: { train: number; validation: number; test: number; unassigned: number } | null;
			readonly recipe: readonly string[];
	  }
	| {
			readonly kind: 'model';
			readonly family: string;
			readonly task: Task;
			readonly target: string;
			readonly features: readonly string[];
			readonly classes: readonly string[] | null;
			readonly backend: string;
			readonly trainMs: number;
			/** Threads the fit spread over, when more than one. */
			readonly threads?: number;
			readonly curves: Readonly<Record<string, readonly number[]>>;
			readonly recipe: readonly string[];
			readonly stopped: TrainingStop | null;
	  }
	| { readonly kind: 'metrics'; readonly metrics: MetricsValue }
	/** A Report (core/nodes/reports.ts), or a body kept in the browser by an older version: read it with asReport(). */
	| { readonly kind: 'report'; readonly report: unknown };

export interface NodeResult {
	readonly node: string;
	readonly ports: Readonly<Record<string, PortSummary>>;
	/**
	 * Set when the result is a summary kept from an earlier run (issue 11), not outputs held in
	 * memory: tables page through only their first rows (`rows`: how many were kept, by port).
	 */
	readonly restored?: { readonly rows: Readonly<Record<string, number>> };
}

/** A node's result as kept between sessions, by signature: the summary and each table's first rows. */
export interface StoredResult {
	readonly ports: Readonly<Record<string, PortSummary>>;
	readonly windows: Readonly<Record<string, RowWindow>>;
}

export interface RowWindow {
	readonly total: number;
	readonly offset: number;
	readonly columns: readonly string[];
	readonly rows: readonly (readonly string[])[];
}

export interface RunSummary {
	readonly runId: string;
	readonly ms: number;
	readonly cancelled: boolean;
	readonly errors: Readonly<Record<string, string>>;
	/** Metrics per Evaluate node id. */
	readonly metrics: Readonly<Record<string, MetricsValue>>;
	readonly backend: string;
	/** Things that went wrong beside the run, which did not fail it (e.g. experiments not saved: storage full). */
	readonly warnings?: readonly string[];
}

export interface ImportProgress {
	readonly bytes: number;
	readonly total: number;
}

/** How to read a delimited text file; 'auto' (or omitted) detects, as the readers do. */
export interface ImportOptions {
	readonly encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
	readonly decimal?: 'auto' | '.' | ',';
	readonly delimiter?: 'auto' | ',' | ';' | '\t' | '|';
}

/** The first rows of a pasted table with the kinds inferred for its columns. */
export interface TextPreview {
	readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
	readonly rows: readonly (readonly string[])[];
	readonly rowCount: number;
	/** The delimiter the paste was read with, so importing it reads it the same way. */
	readonly delimiter: ',' | ';' | '\t' | '|';
}

/** A model saved in the model registry (persistence/registry.ts). */
export interface RegisteredModelVersion {
	readonly name: string;
	readonly version: number;
	/** Whether it became the version in use (only a name's first version does). */
	readonly inUse: boolean;
}

/** Why a trained model cannot be written as each kind of file, in words for a disabled button (null: it can). */
export interface ModelExportIssues {
	/** A `.tessera-model` file (modelFileIssue). */
	readonly file: string | null;
	/** An ONNX graph (onnxSupport: the step and why). */
	readonly onnx: string | null;
	/** A predictor page (predictorIssue). */
	readonly predictor: string | null;
}

/** What a `.tessera-model` file holds, as the import dialog shows it before anything is saved. */
export interface ModelFileSummary {
	/** The name recorded in the file (the default registry name). */
	readonly name: string;
	readonly family: string;
	readonly task: Task;
	readonly target: string;
	/** Raw input columns the model reads. */
	readonly inputs: number;
	readonly createdAt: string;
	/** The Tessera version that wrote it. */
	readonly tessera: string;
	/** Size of the file, bytes. */
	readonly bytes: number;
	readonly contentHash: string;
	/** Its test (and validation) figures, flat: `test accuracy`, … */
	readonly metrics: Readonly<Record<string, number>>;
	/** Where it came from in a registry, when it was downloaded from one. */
	readonly registry: { readonly name: string; readonly version: number } | null;
	/** Whether it carries the pipeline that trained it in a form this app can open. */
	readonly pipeline: boolean;
}

/** A share bundle opened: its pipeline (naming the stored datasets' hashes) and the datasets now stored. */
export interface OpenedBundle {
	readonly doc: PipelineDocument;
	readonly warnings: readonly string[];
	readonly readOnly: boolean;
	readonly datasets: readonly DatasetMeta[];
}

export interface EngineApi {
	backends(): Promise<BackendReport>;
	/** Parse a file in the worker and store it (column chunks) in IndexedDB. */
	importFile(file: Blob, name: string, onProgress: (p: ImportProgress) => void, options?: ImportOptions): Promise<DatasetMeta>;
	/**
	 * Import a file meant to be the dataset a pipeline recorded: stored only when its content
	 * hash is `expectedHash`; otherwise nothing is stored and what the file holds comes back.
	 */
	importChecked(
		file: Blob,
		name: string,
		onProgress: (p: ImportProgress) => void,
		options: ImportOptions,
		expectedHash: string
	): Promise<CheckedImport>;
	/** Parses pasted text (TSV from a spreadsheet, or CSV) for a preview; throws on malformed text. */
	previewText(text: string, limit: number): Promise<TextPreview>;
	cancelImport(): Promise<void>;
	/** Schema and row count of a source, for Quick model and column pickers. */
	inspectSource(ref: DataSourceRef): Promise<{ schema: FrameSchema; rows: number; hash: string }>;
	/** What Quick model would do with each column of a source for this target (task: inferred when left out). */
	quickRecipe(ref: DataSourceRef, target: string, task?: Task): Promise<QuickRecipe>;
	run(
		doc: PipelineDocument,
		options: { targets?: readonly string[]; backend: BackendChoice; project?: string },
		onEvent: (events: readonly EngineEvent[]) => void
	): Promise<RunSummary>;
	cancelRun(): Promise<void>;
	/**
	 * The nodes of `doc` whose result, as they stand now, is known without running: kept from
	 * an earlier run (in this browser's storage) or held from this session. Their results are
	 * then served by `result` and `rows`; a run serves them as `cached`.
	 */
	savedResults(doc: PipelineDocument, options: { backend: BackendChoice; project?: string }): Promise<readonly string[]>;
	result(node: string): Promise<NodeResult | null>;
	rows(node: string, port: string, offset: number, limit: number): Promise<RowWindow | null>;
	/** Schema of the dataset that feeds `port` of `node`, once upstream has run. */
	inputSchema(doc: PipelineDocument, node: string, port: string): Promise<FrameSchema | null>;
	/**
	 * Save the model a node trained in the last run as the next version of `name` in the model
	 * registry, with its test figures and the pipeline that trained it.
	 */
	registerModel(doc: PipelineDocument, node: string, name: string, notes: string, project: string | null): Promise<RegisteredModelVersion>;
	/** Why the model a node trained in the last run cannot leave the studio as each kind of file now (null: it can). */
	modelExports(node: string): Promise<ModelExportIssues>;
	/**
	 * The model a node trained in the last run as `.tessera-model` bytes (transferred, not
	 * copied), with its validation/test figures and the pipeline that trained it.
	 */
	nodeModelFile(doc: PipelineDocument, node: string, name: string): Promise<Uint8Array>;
	/** A registry version as `.tessera-model` bytes (transferred), recording its name and version. */
	registryModelFile(name: string, version: number): Promise<Uint8Array>;
	/** The model a node trained in the last run as an ONNX graph (bytes transferred); throws the step ONNX cannot express. */
	nodeOnnxFile(node: string): Promise<Uint8Array>;
	/** A registry version as an ONNX graph (bytes transferred). */
	registryOnnxFile(name: string, version: number): Promise<Uint8Array>;
	/** Why each version of `name` cannot leave as each kind of file, by version number. */
	versionExportIssues(name: string): Promise<Readonly<Record<number, ModelExportIssues>>>;
	/** Reads a model file without saving anything; throws the reason a bad file is refused. */
	inspectModelFile(file: Blob): Promise<ModelFileSummary>;
	/** Saves a model file as the next version of `name` in the model registry, with `notes`. */
	importModelFile(file: Blob, name: string, notes: string): Promise<RegisteredModelVersion>;
	/** A share bundle of `doc` (core/bundle): the pipeline and its uploaded datasets as CSV, zipped (bytes transferred). */
	exportBundle(doc: PipelineDocument): Promise<Uint8Array>;
	/** Opens a share bundle: checks it, stores its datasets; throws the reason a bad bundle is refused. */
	openBundle(file: Blob): Promise<OpenedBundle>;
}

export type { PortKind };

import Dexie, { type Table } from 'dexie';
import type { PipelineDocument } from '../core/doc/types';
import type { DatasetMeta } from '../core/engine/api';
import type { Experiment, ExperimentAnnotations } from '../core/experiments/records';
import type { ColumnKind } from '../core/frame/types';
import { isQuotaError } from '../core/storage/quota';
import type { Metrics, ModelValue } from '../core/nodes/ports';

/** A model's figures on the validation and test rows it was trained with (null: it had none). */
export interface ModelEvaluation {
	readonly validation: Metrics | null;
	readonly test: Metrics | null;
}

export interface ProjectRecord {
	id: string;
	name: string;
	doc: PipelineDocument;
	created: string;
	modified: string;
	/**
	 * Counts the saves of `doc` (optimistic concurrency across tabs: projects.ts `saveProject`
	 * refuses a save whose base is older). Unindexed, so no new database version; absent on
	 * records written before it existed, which counts as 0.
	 */
	revision?: number;
}

/** How one column is laid out across chunks. */
export interface StoredColumn {
	name: string;
	kind: ColumnKind;
	dictionary?: string[];
}

export interface DatasetRecord extends DatasetMeta {
	columnsLayout: StoredColumn[];
	chunkRows: number;
	chunkCount: number;
	/**
	 * About how many bytes the chunks take (core/storage/needs.ts), for the projects page's
	 * usage breakdown. Unindexed, so no new db version; absent on datasets stored before it.
	 */
	storedBytes?: number;
}

/** One chunk of one column: a typed-array buffer, or strings for text columns. */
export interface ChunkRecord {
	dataset: string;
	column: number;
	chunk: number;
	buffer: ArrayBuffer | (string | null)[];
}

export type { ExperimentKind } from '../core/experiments/records';

/** One experiment (issue 6) as stored: what the run recorded, plus a person's notes, tags and star. */
export type ExperimentRecord = Experiment & ExperimentAnnotations;

/** One saved version of a named model in the model registry. */
export interface ModelVersionRecord {
	/** `${name}@${version}` */
	id: string;
	name: string;
	/** 1, 2, … per name. */
	version: number;
	created: string;
	project: string | null;
	/** Node id that trained it, in `doc`. */
	node: string;
	doc: PipelineDocument;
	family: string;
	task: 'classification' | 'regression';
	target: string;
	features: string[];
	metrics: Record<string, number>;
	/**
	 * The validation and test figures in full (confusion matrix, per class), as a model file
	 * records them. Absent on versions saved before model files existed: their file says null.
	 */
	evaluation?: ModelEvaluation;
	notes: string;
	/** Limitations a person typed in for its model card (unindexed: no new db version; absent until set). */
	limitations?: string;
	/** The trained model with its fitted recipe (structured-cloneable). */
	model: ModelValue;
}

/** A registry entry: which version of a name is in use, and the history of that choice (for roll back). */
export interface ModelNameRecord {
	name: string;
	inUse: number | null;
	/** Versions that were in use before, oldest first. */
	history: number[];
	/** The highest version number given so far: a deleted version's number is not given again. */
	lastVersion: number;
	modified: string;
}

/**
 * What is known of a stored result (a node's summary kept between sessions, keyed by its
 * signature): small, so usage and eviction read these and never the bodies.
 */
export interface ResultRecord {
	signature: string;
	/** The project whose run stored it last (informational: the same signature in another project is the same result). */
	project: string | null;
	/** Approximate size of the body (results.ts, approxBytes). */
	bytes: number;
	/** Epoch ms of the last store or read: least recently used go first. */
	usedAt: number;
}

/** A stored result's body, in a table of its own so listing sizes never reads it. */
export interface ResultBodyRecord {
	signature: string;
	/** Layout of `body`; a body of another layout is ignored (results.ts, RESULT_FORMAT). */
	format: number;
	body: unknown;
}

export class TesseraDb extends Dexie {
	projects!: Table<ProjectRecord, string>;
	datasets!: Table<DatasetRecord, string>;
	chunks!: Table<ChunkRecord, [string, number, number]>;
	experiments!: Table<ExperimentRecord, string>;
	modelVersions!: Table<ModelVersionRecord, string>;
	modelNames!: Table<ModelNameRecord, string>;
	results!: Table<ResultRecord, string>;
	resultBodies!: Table<ResultBodyRecord, string>;

	constructor(name = 'tessera') {
		super(name);
		// Column chunks are never indexed beyond their key: they are large binary values.
		this.version(1).stores({
			projects: 'id, name, modified',
			datasets: 'id, hash, name, created',
			chunks: '[dataset+column+chunk], dataset',
			runs: 'id, project, started'
		});
		// v2 (issue 6): experiments per model / cross-validation / search node, and the model registry.
		this.version(2).stores({
			experiments: 'id, run, project, started, kind, starred, *tags',
			modelVersions: 'id, name, [name+version], created',
			modelNames: 'name, modified'
		});
		// v3 (issue 11): experiments by node signature (a re-run is not another experiment), and
		// each node's last result summary kept between sessions, least recently used evicted first.
		this.version(3).stores({
			experiments: 'id, run, project, started, kind, starred, *tags, signature',
			results: 'signature, usedAt',
			resultBodies: 'signature'
		});
		// v4: the `runs` table of version 1 was never written by the studio (experiments hold
		// what a run produced); dropped. The versions above stay declared so any stored
		// database upgrades step by step.
		this.version(4).stores({ runs: null });
	}
}

let shared: TesseraDb | null = null;
export function db(): TesseraDb {
	shared ??= new TesseraDb();
	return shared;
}

/** A quota error becomes a message a person can act on; nothing saved earlier is touched. */
export function describeStorageError(e: unknown): Error {
	if (isQuotaError(e))
		return new Error(
			'The browser refused to store more data (storage quota is full). Delete unused datasets or projects and try again; nothing saved earlier was lost.'
		);
	return e instanceof Error ? e : new Error(String(e));
}

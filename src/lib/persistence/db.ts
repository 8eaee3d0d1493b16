import Dexie, { type Table } from 'dexie';
import type { PipelineDocument } from '../core/doc/types';
import type { DatasetMeta } from '../core/engine/api';
import type { ColumnKind } from '../core/frame/types';
import type { MetricsValue } from '../core/nodes/ports';

export interface ProjectRecord {
	id: string;
	name: string;
	doc: PipelineDocument;
	created: string;
	modified: string;
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
}

/** One chunk of one column: a typed-array buffer, or strings for text columns. */
export interface ChunkRecord {
	dataset: string;
	column: number;
	chunk: number;
	buffer: ArrayBuffer | (string | null)[];
}

/** An experiment record: one run of a pipeline (DESIGN.md §9). */
export interface RunRecord {
	id: string;
	project: string | null;
	docHash: string;
	started: string;
	ms: number;
	backend: string;
	cancelled: boolean;
	datasets: string[];
	params: Record<string, Record<string, unknown>>;
	metrics: Record<string, MetricsValue>;
	errors: Record<string, string>;
}

export class TesseraDb extends Dexie {
	projects!: Table<ProjectRecord, string>;
	datasets!: Table<DatasetRecord, string>;
	chunks!: Table<ChunkRecord, [string, number, number]>;
	runs!: Table<RunRecord, string>;

	constructor(name = 'tessera') {
		super(name);
		// Column chunks are never indexed beyond their key: they are large binary values.
		this.version(1).stores({
			projects: 'id, name, modified',
			datasets: 'id, hash, name, created',
			chunks: '[dataset+column+chunk], dataset',
			runs: 'id, project, started'
		});
	}
}

let shared: TesseraDb | null = null;
export function db(): TesseraDb {
	shared ??= new TesseraDb();
	return shared;
}

/** A quota error becomes a message a person can act on; nothing saved earlier is touched. */
export function describeStorageError(e: unknown): Error {
	const name = e instanceof Error ? e.name : '';
	const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError')
		return new Error('The browser refused to store more data (storage quota is full). Delete unused datasets or projects and try again; nothing saved earlier was lost.');
	return e instanceof Error ? e : new Error(String(e));
}

/**
 * The workspace backup: one zip holding every project, stored dataset, experiment and
 * registered model of a browser, so a workshop moves between machines and a person recovers
 * after clearing the browser. Unlike a share bundle (core/bundle), datasets travel in the
 * stored column-chunk format, not as CSV: a backup must come back exactly — column kinds,
 * category dictionaries, the dataset fingerprint the pipelines name — and re-reading a CSV
 * would re-infer types and re-hash the bytes.
 *
 * Layout (every entry but the manifest is listed in the manifest's `files` with its SHA-256):
 *   manifest.json
 *   projects/<n>.json                    a project record (pack.ts: JSON + optional .bin blob)
 *   experiments/<n>.json [+ .bin]        an experiment record
 *   models/<n>.json [+ .bin]             a registered model version (the trained model's arrays in .bin)
 *   models/names.json                    which version of each name is in use, and its history
 *   datasets/<n>/meta.json               the dataset record (name, fingerprint, schema, column layout)
 *   datasets/<n>/<column>.<chunk>.bin    a number/date/category/boolean chunk's typed-array bytes
 *   datasets/<n>/<column>.<chunk>.json   a text chunk: a JSON list of strings and nulls
 */
export const WORKSPACE_FORMAT = 'tessera/workspace';
export const WORKSPACE_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const NAMES_PATH = 'models/names.json';

export const WORKSPACE_LIMITS = {
	/** The whole archive, as the import reads it into memory. */
	maxFileBytes: 2 * 1024 * 1024 * 1024,
	maxManifestBytes: 64 * 1024 * 1024,
	/** One record entry (a project, an experiment, a model version's JSON or blob). */
	maxRecordBytes: 512 * 1024 * 1024,
	/** One column chunk: 65,536 rows of a number column are 512 KB; text chunks can be longer. */
	maxChunkBytes: 96 * 1024 * 1024,
	maxEntries: 200_000,
	/** Most elements one packed array may have (a model's forest, a chunk's strings). */
	maxArrayLength: 200_000_000
} as const;

export type ItemKind = 'project' | 'dataset' | 'experiment' | 'model';

/** A project, an experiment or a model version as the manifest lists it. */
export interface RecordEntry {
	/** The record's key in its table (a project's id, an experiment's id, a model's `name@version`). */
	readonly id: string;
	/** What a person calls it (project name, experiment title, model name). */
	readonly name: string;
	/** The record's JSON entry; a `.bin` beside it holds its arrays when it has any. */
	readonly path: string;
	/** SHA-256 of the record's canonical packed form (record-hash.ts): equal records, equal hashes. */
	readonly hash: string;
}

export interface DatasetEntry {
	readonly id: string;
	readonly name: string;
	/** The dataset fingerprint the pipelines name: a dataset with the same one is the same data. */
	readonly fingerprint: string;
	readonly rows: number;
	/** The folder of its meta.json and chunks, ending in `/`. */
	readonly folder: string;
}

export interface FileEntry {
	readonly sha256: string;
	readonly bytes: number;
}

export interface WorkspaceManifest {
	readonly format: typeof WORKSPACE_FORMAT;
	readonly version: number;
	readonly created: string;
	/** Tessera's version that wrote it. */
	readonly tessera: string;
	readonly counts: { readonly projects: number; readonly datasets: number; readonly experiments: number; readonly models: number };
	readonly projects: readonly RecordEntry[];
	readonly datasets: readonly DatasetEntry[];
	readonly experiments: readonly RecordEntry[];
	readonly models: readonly RecordEntry[];
	/** Every other entry of the archive with its SHA-256 and length: one not listed, or not matching, is refused. */
	readonly files: Readonly<Record<string, FileEntry>>;
}

/** A backup that cannot be opened; the message names the problem and where. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

/** The typed-array element types a stored chunk may have. */
export type ChunkLayout = 'f64' | 'i32' | 'text';

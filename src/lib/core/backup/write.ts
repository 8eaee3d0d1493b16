import { deflateSync, strToU8, Zip, type ZipInputFile } from 'fflate';
import {
	MANIFEST_PATH,
	NAMES_PATH,
	WORKSPACE_FORMAT,
	WORKSPACE_VERSION,
	type DatasetEntry,
	type FileEntry,
	type RecordEntry,
	type WorkspaceManifest
} from './format';
import { crc32 } from './crc32';
import { packRecord, sha256Hex } from './record';

/** One stored chunk of one column, as persistence holds it. */
export interface ChunkData {
	readonly column: number;
	readonly chunk: number;
	/** Number and date chunks are Float64Array bytes, category and boolean Int32Array codes; text is a list. */
	readonly data: ArrayBuffer | readonly (string | null)[];
}

/** What a dataset's record must tell the writer; the rest of it travels as it is stored. */
export interface DatasetHead {
	readonly id: string;
	readonly name: string;
	readonly hash: string;
	readonly rows: number;
}

type RecordKind = 'projects' | 'experiments' | 'models';

// A fixed time keeps the same workspace the same bytes (the manifest's `created` says when).
const MTIME = new Date(Date.UTC(2020, 0, 1));

/**
 * Writes a workspace backup as a stream of zip bytes: each entry is deflated as it is added
 * and handed to `onData`, so no single buffer ever holds the whole archive (the page makes a
 * Blob of the parts). Each entry's SHA-256 goes into the manifest, which is written last.
 */
export class WorkspaceWriter {
	readonly #zip: Zip;
	readonly #files: Record<string, FileEntry> = {};
	readonly #lists = { projects: [] as RecordEntry[], experiments: [] as RecordEntry[], models: [] as RecordEntry[] };
	readonly #datasets: DatasetEntry[] = [];
	#failed: Error | null = null;

	constructor(onData: (bytes: Uint8Array) => void) {
		this.#zip = new Zip((err, data) => {
			if (err) this.#failed ??= err;
			else onData(data);
		});
	}

	#put(path: string, bytes: Uint8Array): void {
		// Each entry is deflated whole and handed to the zip stream as it is: fflate 0.8.3's
		// streaming ZipDeflate writes corrupt data for some inputs (a boolean column's 0/1
		// codes fail to inflate: "invalid distance"), while deflateSync round-trips them.
		// Column bytes gain little from hard work; JSON compresses well.
		const deflated = deflateSync(bytes, { level: path.endsWith('.bin') ? 1 : 6 });
		const file: ZipInputFile = { filename: path, size: bytes.length, crc: crc32(bytes), compression: 8, mtime: MTIME };
		this.#zip.add(file);
		file.ondata?.(null, deflated, true);
		if (this.#failed) throw this.#failed;
	}

	async #file(path: string, bytes: Uint8Array): Promise<void> {
		this.#files[path] = { sha256: await sha256Hex(bytes), bytes: bytes.length };
		this.#put(path, bytes);
	}

	/** A project, experiment or model version record; returns its manifest entry. */
	async addRecord(kind: RecordKind, id: string, name: string, value: unknown): Promise<RecordEntry> {
		const list = this.#lists[kind];
		const path = `${kind}/${list.length + 1}.json`;
		const packed = await packRecord(value, `${kind.slice(0, -1)} "${name}"`);
		await this.#file(path, packed.json);
		if (packed.blob) await this.#file(path.replace(/\.json$/, '.bin'), packed.blob);
		const entry = { id, name, path, hash: packed.hash };
		list.push(entry);
		return entry;
	}

	/** The model registry's names (which version is in use, and the history): plain JSON. */
	async addNames(names: readonly unknown[]): Promise<void> {
		await this.#file(NAMES_PATH, strToU8(JSON.stringify(names)));
	}

	/** A stored dataset: its record as it is stored, then its chunks in order. */
	async addDataset(head: DatasetHead, record: unknown, chunks: Iterable<ChunkData> | AsyncIterable<ChunkData>): Promise<void> {
		const folder = `datasets/${this.#datasets.length + 1}/`;
		await this.#file(`${folder}meta.json`, strToU8(JSON.stringify(record)));
		for await (const c of chunks) {
			const at = `${folder}${c.column}.${c.chunk}`;
			if (!Array.isArray(c.data)) await this.#file(`${at}.bin`, new Uint8Array(c.data as ArrayBuffer));
			else await this.#file(`${at}.json`, strToU8(JSON.stringify(c.data)));
		}
		this.#datasets.push({ id: head.id, name: head.name, fingerprint: head.hash, rows: head.rows, folder });
	}

	/** Writes the manifest and ends the archive. */
	finish(about: { readonly created: string; readonly tessera: string }): WorkspaceManifest {
		const { projects, experiments, models } = this.#lists;
		const manifest: WorkspaceManifest = {
			format: WORKSPACE_FORMAT,
			version: WORKSPACE_VERSION,
			created: about.created,
			tessera: about.tessera,
			counts: { projects: projects.length, datasets: this.#datasets.length, experiments: experiments.length, models: models.length },
			projects,
			datasets: this.#datasets,
			experiments,
			models,
			files: this.#files
		};
		this.#put(MANIFEST_PATH, strToU8(JSON.stringify(manifest, null, 1) + '\n'));
		this.#zip.end();
		if (this.#failed) throw this.#failed;
		return manifest;
	}
}

import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { safeJsonParse } from '../doc/safe-json';
import { parseDocument } from '../doc/serialise';
import type { PipelineDocument } from '../doc/types';
import type { NodeTypeLookup } from '../nodes/define';
import { looksLikeZip } from '../bundle/unpack';
import { unsafeEntryName } from '../bundle/format';
import type { ColumnKind } from '../frame/types';
import {
	BackupError,
	MANIFEST_PATH,
	NAMES_PATH,
	WORKSPACE_LIMITS,
	type DatasetEntry,
	type RecordEntry,
	type WorkspaceManifest
} from './format';
import { readWorkspaceManifest } from './manifest';
import { sha256Hex, unpackRecord } from './record';
import type { ChunkData } from './write';

/** A project as the backup holds it, its pipeline validated (and migrated) as an opened file is. */
export interface BackupProject {
	readonly id: string;
	readonly name: string;
	readonly doc: PipelineDocument;
	readonly created: string;
	readonly modified: string;
	/** The edit counter two tabs compare before saving (absent on projects never saved twice). */
	readonly revision?: number;
	/** The pipeline's notes from opening it (migrations), each naming where. */
	readonly warnings: readonly string[];
}

/** An experiment or a model version: checked where the import relies on a field, kept whole otherwise. */
export interface BackupRecord {
	readonly id: string;
	readonly project: string | null;
	readonly value: Readonly<Record<string, unknown>>;
}

export interface BackupModel extends BackupRecord {
	readonly name: string;
	readonly version: number;
}

export interface BackupModelName {
	readonly name: string;
	readonly inUse: number | null;
	readonly history: readonly number[];
	readonly lastVersion: number;
	readonly modified: string;
}

export interface BackupColumn {
	readonly name: string;
	readonly kind: ColumnKind;
	readonly dictionary?: readonly string[];
}

/** A dataset taken out of the archive: its stored record and every chunk, each checked against the layout. */
export interface BackupDataset {
	readonly entry: DatasetEntry;
	/** The stored record as it was (DatasetRecord in persistence), its layout fields checked. */
	readonly record: Readonly<Record<string, unknown>> & {
		readonly columnsLayout: readonly BackupColumn[];
		readonly chunkRows: number;
		readonly chunkCount: number;
	};
	readonly chunks: readonly ChunkData[];
}

export interface OpenedWorkspace {
	readonly manifest: WorkspaceManifest;
	readonly projects: readonly BackupProject[];
	readonly experiments: readonly BackupRecord[];
	readonly models: readonly BackupModel[];
	readonly names: readonly BackupModelName[];
	/** Inflates and checks one dataset (one at a time, so a large workspace never unpacks at once). */
	readDataset(entry: DatasetEntry): Promise<BackupDataset>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const KINDS: readonly ColumnKind[] = ['number', 'date', 'category', 'boolean', 'text'];

function limitOf(name: string): number {
	if (name === MANIFEST_PATH) return WORKSPACE_LIMITS.maxManifestBytes;
	if (name.startsWith('datasets/') && !name.endsWith('meta.json')) return WORKSPACE_LIMITS.maxChunkBytes;
	return WORKSPACE_LIMITS.maxRecordBytes;
}

function unzip(bytes: Uint8Array, want: (name: string) => boolean, see?: (f: UnzipFileInfo) => void): Record<string, Uint8Array> {
	try {
		return unzipSync(bytes, {
			filter: (f: UnzipFileInfo) => {
				see?.(f);
				return want(f.name);
			}
		});
	} catch (e) {
		throw new BackupError(`the backup is truncated or damaged: ${e instanceof Error ? e.message : String(e)}`);
	}
}

/** Each entry's bytes must hash to what the manifest records. */
async function verified(entries: Record<string, Uint8Array>, manifest: WorkspaceManifest): Promise<void> {
	for (const [path, data] of Object.entries(entries)) {
		const want = manifest.files[path];
		if (!want) continue; // the manifest itself
		if (data.length !== want.bytes || (await sha256Hex(data)) !== want.sha256)
			throw new BackupError(`${path} does not match the SHA-256 the manifest records: the backup was changed or damaged`);
	}
}

function projectOf(value: unknown, entry: RecordEntry, lookup: NodeTypeLookup): BackupProject {
	const at = entry.path;
	if (!isRecord(value) || value.id !== entry.id || typeof value.name !== 'string')
		throw new BackupError(`${at}: not a project record with id "${entry.id}"`);
	const parsed = parseDocument(JSON.stringify(value.doc ?? null), lookup);
	if (!parsed.ok) throw new BackupError(`${at} ("${value.name}"): its pipeline cannot be opened: ${parsed.errors.slice(0, 3).join('; ')}`);
	return {
		id: entry.id,
		name: value.name,
		doc: parsed.doc,
		created: typeof value.created === 'string' ? value.created : '',
		modified: typeof value.modified === 'string' ? value.modified : '',
		...(Number.isSafeInteger(value.revision) && (value.revision as number) >= 0 ? { revision: value.revision as number } : {}),
		warnings: parsed.warnings
	};
}

function recordOf(value: unknown, entry: RecordEntry, what: string): BackupRecord {
	if (!isRecord(value) || value.id !== entry.id) throw new BackupError(`${entry.path}: not ${what} record with id "${entry.id}"`);
	if (value.project !== null && typeof value.project !== 'string') throw new BackupError(`${entry.path}: "project" must be an id or null`);
	if (!isRecord(value.doc)) throw new BackupError(`${entry.path}: "doc" must be the pipeline it came from`);
	return { id: entry.id, project: value.project, value };
}

function modelOf(value: unknown, entry: RecordEntry): BackupModel {
	const base = recordOf(value, entry, 'a model version');
	const v = base.value;
	if (
		typeof v.name !== 'string' ||
		!v.name ||
		!Number.isSafeInteger(v.version) ||
		(v.version as number) < 1 ||
		entry.id !== `${v.name}@${v.version}`
	)
		throw new BackupError(`${entry.path}: a model version needs a name and a version ≥ 1 matching its id "${entry.id}"`);
	if (!isRecord(v.model) || typeof v.model.family !== 'string') throw new BackupError(`${entry.path}: "model" must be the trained model`);
	return { ...base, name: v.name, version: v.version as number };
}

function namesOf(bytes: Uint8Array | undefined, models: readonly BackupModel[]): BackupModelName[] {
	if (!bytes) {
		if (models.length) throw new BackupError(`${NAMES_PATH} is missing, but the backup holds ${models.length} model versions`);
		return [];
	}
	const parsed = safeJsonParse(strFromU8(bytes), { maxBytes: WORKSPACE_LIMITS.maxRecordBytes, maxDepth: 8 });
	if (!parsed.ok || !Array.isArray(parsed.value)) throw new BackupError(`${NAMES_PATH} must be a list of model names`);
	return parsed.value.map((n: unknown, i): BackupModelName => {
		const at = `${NAMES_PATH}[${i}]`;
		if (!isRecord(n) || typeof n.name !== 'string') throw new BackupError(`${at} must name a model`);
		const versions = new Set(models.filter((m) => m.name === n.name).map((m) => m.version));
		if (versions.size === 0) throw new BackupError(`${at}: "${n.name}" has no version in the backup`);
		if (n.inUse !== null && !versions.has(n.inUse as number))
			throw new BackupError(`${at}: the version in use of "${n.name}" (${JSON.stringify(n.inUse)}) is not in the backup`);
		if (!Array.isArray(n.history) || !n.history.every((h) => Number.isSafeInteger(h)))
			throw new BackupError(`${at}: "history" must be a list of version numbers`);
		if (!isCount(n.lastVersion) || (n.lastVersion as number) < Math.max(...versions))
			throw new BackupError(`${at}: "lastVersion" must be at least its highest version`);
		return {
			name: n.name,
			inUse: n.inUse as number | null,
			history: n.history as number[],
			lastVersion: n.lastVersion as number,
			modified: typeof n.modified === 'string' ? n.modified : ''
		};
	});
}

function datasetOf(entry: DatasetEntry, files: Record<string, Uint8Array>): BackupDataset {
	const where = `${entry.folder}meta.json`;
	const parsed = safeJsonParse(strFromU8(files[where]), { maxBytes: WORKSPACE_LIMITS.maxRecordBytes, maxDepth: 16 });
	const fail = (what: string): never => {
		throw new BackupError(`${where} ("${entry.name}"): ${what}`);
	};
	if (!parsed.ok || !isRecord(parsed.value)) return fail('not a dataset record');
	const r = parsed.value;
	if (r.hash !== entry.fingerprint || r.rows !== entry.rows) fail('its fingerprint or row count differs from the manifest');
	if (!isCount(r.chunkRows) || (r.chunkRows as number) < 1 || !isCount(r.chunkCount))
		fail('"chunkRows" and "chunkCount" must be whole numbers');
	const chunkRows = r.chunkRows as number;
	const chunkCount = r.chunkCount as number;
	if (chunkCount !== Math.max(1, Math.ceil(entry.rows / chunkRows)))
		fail(`${chunkCount} chunks cannot hold ${entry.rows} rows of ${chunkRows}`);
	if (!Array.isArray(r.columnsLayout)) return fail('"columnsLayout" must be a list');
	const layout = r.columnsLayout.map((c: unknown, i): BackupColumn => {
		if (!isRecord(c) || typeof c.name !== 'string' || !KINDS.includes(c.kind as ColumnKind)) return fail(`column ${i} has no name or kind`);
		if (c.kind === 'category' && !(Array.isArray(c.dictionary) && c.dictionary.every((s) => typeof s === 'string')))
			fail(`column ${i} ("${c.name}") is a category without its dictionary`);
		return c as unknown as BackupColumn;
	});
	const chunks: ChunkData[] = [];
	layout.forEach((col, c) => {
		for (let k = 0; k < chunkCount; k++) {
			const rows = Math.max(0, Math.min(chunkRows, entry.rows - k * chunkRows));
			const at = `${entry.folder}${c}.${k}`;
			if (col.kind === 'text') {
				const bytes = files[`${at}.json`] ?? fail(`the chunk ${at}.json of column "${col.name}" is missing`);
				const list = safeJsonParse(strFromU8(bytes), { maxBytes: WORKSPACE_LIMITS.maxChunkBytes, maxDepth: 2 });
				if (
					!list.ok ||
					!Array.isArray(list.value) ||
					list.value.length !== rows ||
					!list.value.every((s) => s === null || typeof s === 'string')
				)
					fail(`${at}.json must list ${rows} strings or nulls`);
				chunks.push({ column: c, chunk: k, data: (list as { value: (string | null)[] }).value });
				continue;
			}
			const bytes = files[`${at}.bin`] ?? fail(`the chunk ${at}.bin of column "${col.name}" is missing`);
			const width = col.kind === 'number' || col.kind === 'date' ? 8 : 4;
			if (bytes.length !== rows * width) fail(`${at}.bin holds ${bytes.length} bytes; ${rows} rows of "${col.name}" take ${rows * width}`);
			const data = bytes.slice().buffer; // copied: aligned, and owned by the record
			if (width === 4) {
				const codes = new Int32Array(data);
				const top = col.kind === 'category' ? (col.dictionary?.length ?? 0) : 2;
				for (let i = 0; i < codes.length; i++)
					if (codes[i] < -1 || codes[i] >= top)
						fail(`${at}.bin: row ${k * chunkRows + i} of "${col.name}" has code ${codes[i]}, outside its ${top} values`);
			}
			chunks.push({ column: c, chunk: k, data });
		}
	});
	const known = new Set(chunks.map((ch) => `${entry.folder}${ch.column}.${ch.chunk}.${Array.isArray(ch.data) ? 'json' : 'bin'}`));
	for (const name of Object.keys(files)) if (name !== where && !known.has(name)) fail(`${name} is not a chunk of its layout`);
	return { entry, record: { ...r, columnsLayout: layout, chunkRows, chunkCount }, chunks };
}

/**
 * Opens a workspace backup: the zip's directory (names and sizes checked before anything is
 * inflated), the manifest, every record (each entry's SHA-256 checked, each pipeline validated
 * as an opened file is). Datasets are read later, one at a time, by `readDataset`.
 */
export async function openWorkspace(bytes: Uint8Array, lookup: NodeTypeLookup): Promise<OpenedWorkspace> {
	if (bytes.length > WORKSPACE_LIMITS.maxFileBytes)
		throw new BackupError(`the backup is larger than ${WORKSPACE_LIMITS.maxFileBytes} bytes`);
	if (!looksLikeZip(bytes)) {
		const head = strFromU8(bytes.subarray(0, 64)).trimStart();
		throw new BackupError(
			head.startsWith('{')
				? 'this is a JSON file (a pipeline?), not a workspace backup: open it with "Open pipeline or bundle…"'
				: 'this is not a Tessera workspace backup (it is not a zip archive)'
		);
	}
	const sizes = new Map<string, number>();
	let problem: string | null = null;
	// One pass over the directory: names and sizes are judged before anything but the manifest is inflated.
	const head = unzip(
		bytes,
		(name) => {
			if (sizes.size >= WORKSPACE_LIMITS.maxEntries) problem ??= `it has more than ${WORKSPACE_LIMITS.maxEntries} entries`;
			else if (unsafeEntryName(name)) problem ??= `the entry name "${name.slice(0, 120)}" points outside the backup's folder`;
			return name === MANIFEST_PATH && !problem;
		},
		(f) => {
			if (f.originalSize > limitOf(f.name))
				problem ??= `${f.name} would unpack to ${f.originalSize} bytes, over the ${limitOf(f.name)}-byte limit`;
			if (!f.name.endsWith('/')) sizes.set(f.name, f.originalSize);
		}
	);
	if (problem) throw new BackupError(`the backup is refused: ${problem}`);
	const manifestBytes = head[MANIFEST_PATH];
	if (!manifestBytes) {
		const names = [...sizes.keys()];
		throw new BackupError(
			names.includes('pipeline.tessera.json')
				? 'this is a share bundle of one project, not a workspace backup: open it with "Open pipeline or bundle…"'
				: names.includes('model.json')
					? 'this is a model file, not a workspace backup: import it on the Models page'
					: 'this zip is not a Tessera workspace backup: it has no manifest.json'
		);
	}
	const manifest = readWorkspaceManifest(strFromU8(manifestBytes));
	for (const [name, size] of sizes) {
		if (name === MANIFEST_PATH) continue;
		const want = manifest.files[name];
		if (!want) throw new BackupError(`${name} is in the archive but not in the manifest: the backup was changed`);
		if (want.bytes !== size) throw new BackupError(`${name} unpacks to ${size} bytes, but the manifest records ${want.bytes}`);
	}
	for (const name of Object.keys(manifest.files))
		if (!sizes.has(name)) throw new BackupError(`${name}, listed in the manifest, is missing from the archive`);

	const records = unzip(bytes, (name) => !name.startsWith('datasets/') && name !== MANIFEST_PATH);
	await verified(records, manifest);
	const valueOf = (e: RecordEntry) => {
		const bin = e.path.replace(/\.json$/, '.bin');
		return unpackRecord(records[e.path], manifest.files[bin] ? records[bin] : null, e.path);
	};
	const projects = manifest.projects.map((e) => projectOf(valueOf(e), e, lookup));
	const experiments = manifest.experiments.map((e) => recordOf(valueOf(e), e, 'an experiment'));
	const models = manifest.models.map((e) => modelOf(valueOf(e), e));
	const names = namesOf(records[NAMES_PATH], models);

	return {
		manifest,
		projects,
		experiments,
		models,
		names,
		async readDataset(entry) {
			const files = unzip(bytes, (name) => name.startsWith(entry.folder));
			await verified(files, manifest);
			return datasetOf(entry, files);
		}
	};
}

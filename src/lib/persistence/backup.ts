import type { PipelineDocument } from '../core/doc/types';
import {
	packRecord,
	WorkspaceWriter,
	type BackupDataset,
	type ChunkData,
	type ItemKind,
	type LocalInventory,
	type OpenedWorkspace,
	type ResolvedImport,
	type WorkspaceManifest
} from '../core/backup';
import { yielder } from '../core/util/yield';
import {
	db,
	describeStorageError,
	type DatasetRecord,
	type ExperimentRecord,
	type ModelNameRecord,
	type ModelVersionRecord,
	type ProjectRecord
} from './db';

/**
 * Workspace backups (core/backup): everything this browser stores — projects, datasets in
 * their stored chunks, experiments, registered models — to one archive, and an archive merged
 * back in. Results kept between sessions are not included: they are a cache, rebuilt by a run.
 * Datasets travel chunk by chunk: no IndexedDB value read or written is larger than one
 * stored chunk, and the page gets a turn between chunks.
 */

export interface ExportProgress {
	readonly done: number;
	readonly total: number;
	readonly what: string;
}

export interface ExportedWorkspace {
	/** The archive's bytes in parts (a Blob of them is the file). */
	readonly parts: Uint8Array[];
	readonly manifest: WorkspaceManifest;
}

/** A dataset's chunks read one at a time: a large dataset is never held in memory whole. */
async function* chunksOf(record: DatasetRecord): AsyncGenerator<ChunkData> {
	for (let c = 0; c < record.columnsLayout.length; c++)
		for (let k = 0; k < record.chunkCount; k++) {
			const found = await db().chunks.get([record.id, c, k]);
			if (!found) throw new Error(`Dataset "${record.name}" is missing its chunk ${k} of column ${c}: it cannot be backed up whole.`);
			yield { column: c, chunk: k, data: found.buffer };
		}
}

/** The whole workspace as one archive, written as it is read. */
export async function exportWorkspace(
	about: { created: string; tessera: string },
	onProgress?: (p: ExportProgress) => void
): Promise<ExportedWorkspace> {
	const database = db();
	const parts: Uint8Array[] = [];
	const writer = new WorkspaceWriter((bytes) => parts.push(bytes));
	const pause = yielder();
	const [projects, datasets, experiments, versions, names] = await Promise.all([
		database.projects.toArray(),
		database.datasets.orderBy('created').toArray(),
		database.experiments.orderBy('started').toArray(),
		database.modelVersions.orderBy('created').toArray(),
		database.modelNames.toArray()
	]);
	const total = projects.length + datasets.length + experiments.length + versions.length;
	let done = 0;
	const step = async (what: string) => {
		onProgress?.({ done: ++done, total, what });
		await pause();
	};
	for (const p of projects) {
		await writer.addRecord('projects', p.id, p.name, p);
		await step(`project "${p.name}"`);
	}
	for (const d of datasets) {
		await writer.addDataset(d, d, chunksOf(d));
		await step(`dataset "${d.name}"`);
	}
	for (const e of experiments) {
		await writer.addRecord('experiments', e.id, e.title, e);
		await step(`experiment "${e.title}"`);
	}
	for (const v of versions) {
		await writer.addRecord('models', v.id, v.name, v);
		await step(`model "${v.id}"`);
	}
	await writer.addNames(names);
	const manifest = writer.finish(about);
	return { parts, manifest };
}

/** What this browser holds, hashed as the backup hashes it, for planning an import. */
export async function localInventory(): Promise<LocalInventory> {
	const database = db();
	const pause = yielder();
	const hashes = async <T extends { id: string }>(records: T[], what: string) => {
		const out = new Map<string, string>();
		for (const r of records) {
			out.set(r.id, (await packRecord(r, what)).hash);
			await pause();
		}
		return out;
	};
	const [projects, experiments, versions, datasets, names] = await Promise.all([
		database.projects.toArray(),
		database.experiments.toArray(),
		database.modelVersions.toArray(),
		database.datasets.toArray(),
		database.modelNames.toArray()
	]);
	return {
		projects: await hashes(projects, 'a project'),
		experiments: await hashes(experiments, 'an experiment'),
		models: await hashes(versions, 'a model version'),
		fingerprints: new Set(datasets.map((d) => d.hash)),
		modelNames: new Set(names.map((n) => n.name))
	};
}

export type ImportCounts = Readonly<Record<ItemKind, { added: number; replaced: number; skipped: number }>>;

async function storeBackupDataset(d: BackupDataset): Promise<void> {
	const database = db();
	// The id is kept unless this browser already uses it for other data (ids are random, so rarely).
	const id = (await database.datasets.get(d.entry.id)) ? crypto.randomUUID() : d.entry.id;
	const record = { ...d.record, id } as unknown as DatasetRecord;
	await database.transaction('rw', database.datasets, database.chunks, async () => {
		// Another tab may have stored the same data meanwhile: then it is here, and that is enough.
		if (await database.datasets.where('hash').equals(record.hash).first()) return;
		await database.datasets.add(record);
		// Chunk by chunk, as storeDataset writes them: no value is larger than one stored chunk.
		for (const ch of d.chunks)
			await database.chunks.add({
				dataset: id,
				column: ch.column,
				chunk: ch.chunk,
				buffer: Array.isArray(ch.data) ? [...ch.data] : (ch.data as ArrayBuffer)
			});
	});
}

/**
 * Writes what a resolved plan says: each new dataset in a transaction of its own (its
 * record and chunks together, never half), then every project, experiment and model in one
 * transaction — all of them or none.
 */
export async function importWorkspace(
	opened: OpenedWorkspace,
	resolved: ResolvedImport,
	onProgress?: (p: ExportProgress) => void
): Promise<ImportCounts> {
	const counts = {
		project: { added: 0, replaced: 0, skipped: 0 },
		dataset: { added: 0, replaced: 0, skipped: 0 },
		experiment: { added: 0, replaced: 0, skipped: 0 },
		model: { added: 0, replaced: 0, skipped: 0 }
	};
	const actionOf = (kind: ItemKind, from: string) => resolved.actions.find((a) => a.kind === kind && a.from === from);
	const pause = yielder();
	const datasets = opened.manifest.datasets.filter((d) => actionOf('dataset', d.fingerprint)?.op === 'add');
	try {
		let done = 0;
		for (const entry of datasets) {
			await storeBackupDataset(await opened.readDataset(entry));
			onProgress?.({ done: ++done, total: datasets.length, what: `dataset "${entry.name}"` });
			await pause();
		}
	} catch (e) {
		throw describeStorageError(e);
	}
	for (const a of resolved.actions) {
		const c = counts[a.kind];
		if (a.op === 'skip') c.skipped++;
		else if (a.op === 'replace') c.replaced++;
		else c.added++;
	}
	const project = (id: string | null) => (id === null ? null : (resolved.projectIds.get(id) ?? id));
	const database = db();
	try {
		await database.transaction('rw', [database.projects, database.experiments, database.modelVersions, database.modelNames], async () => {
			for (const p of opened.projects) {
				const a = actionOf('project', p.id);
				if (!a || a.op === 'skip') continue;
				const name = a.op === 'add' && a.rename ? a.rename : p.name;
				const doc: PipelineDocument = name === p.doc.meta.name ? p.doc : { ...p.doc, meta: { ...p.doc.meta, name } };
				// A replaced project moves past the revision here, so a tab still editing it sees a conflict
				// instead of saving over the import (two-tab rule, projects.ts).
				const here = a.op === 'replace' ? await database.projects.get(a.id) : undefined;
				const revision = here ? (here.revision ?? 0) + 1 : p.revision;
				const record: ProjectRecord = {
					id: a.id,
					name,
					doc,
					created: p.created,
					modified: p.modified,
					...(revision === undefined ? {} : { revision })
				};
				await database.projects.put(record);
			}
			for (const e of opened.experiments) {
				const a = actionOf('experiment', e.id);
				if (!a || a.op === 'skip') continue;
				await database.experiments.put({ ...(e.value as unknown as ExperimentRecord), id: a.id, project: project(e.project) });
			}
			const written = new Map<string, number[]>();
			for (const m of opened.models) {
				const a = actionOf('model', m.id);
				if (!a || a.op === 'skip') continue;
				const name = a.op === 'add' && a.rename ? a.rename : m.name;
				await database.modelVersions.put({ ...(m.value as unknown as ModelVersionRecord), id: a.id, name, project: project(m.project) });
				written.set(name, [...(written.get(name) ?? []), m.version]);
			}
			for (const n of opened.names) {
				const name = resolved.modelNames.get(n.name) ?? n.name;
				const versions = written.get(name);
				if (!versions) continue;
				const here = await database.modelNames.get(name);
				const top = Math.max(n.lastVersion, ...versions);
				const record: ModelNameRecord = here
					? // The registry here keeps its own choice of the version in use; only numbering moves on.
						{ ...here, lastVersion: Math.max(here.lastVersion, top), modified: new Date().toISOString() }
					: {
							name,
							inUse: n.inUse !== null && versions.includes(n.inUse) ? n.inUse : Math.max(...versions),
							history: n.history.filter((v) => versions.includes(v)),
							lastVersion: top,
							modified: n.modified || new Date().toISOString()
						};
				await database.modelNames.put(record);
			}
		});
	} catch (e) {
		throw describeStorageError(e);
	}
	return counts;
}

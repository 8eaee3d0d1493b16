import type { PipelineDocument } from '../core/doc/types';
import { db, type ProjectRecord } from './db';
import { saveFailure } from './quota';
import { approxBytes } from './results';

export type ProjectSummary = Pick<ProjectRecord, 'id' | 'name' | 'created' | 'modified'> & { nodes: number };

const summary = (p: ProjectRecord): ProjectSummary => ({
	id: p.id,
	name: p.name,
	created: p.created,
	modified: p.modified,
	nodes: p.doc.nodes.length
});

export async function listProjects(): Promise<ProjectSummary[]> {
	const all = await db().projects.orderBy('modified').reverse().toArray();
	return all.map(summary);
}

export async function getProject(id: string): Promise<ProjectRecord | undefined> {
	return db().projects.get(id);
}

export async function createProject(doc: PipelineDocument): Promise<ProjectRecord> {
	const now = new Date().toISOString();
	const record: ProjectRecord = { id: crypto.randomUUID(), name: doc.meta.name, doc, created: now, modified: now, revision: 0 };
	try {
		await db().projects.add(record);
	} catch (e) {
		throw await saveFailure(e, { kind: 'project', name: record.name }, approxBytes(record));
	}
	return record;
}

/** A stored project's revision: records written before revisions existed count as 0. */
export function revisionOf(record: Pick<ProjectRecord, 'revision'>): number {
	return record.revision ?? 0;
}

/**
 * What a guarded save did: stored as the next revision; refused because the stored document
 * is newer than the one the edit started from (another tab or window saved in between: the
 * newer record comes back so the caller can show it); or refused because the project is gone.
 */
export type SaveOutcome =
	| { readonly ok: true; readonly revision: number }
	| { readonly ok: false; readonly reason: 'conflict'; readonly newer: ProjectRecord }
	| { readonly ok: false; readonly reason: 'missing' };

/**
 * Saves `doc` over revision `base` (optimistic concurrency): in one transaction, only if the
 * stored revision is still `base`, and then as `base + 1`. A tab that missed another tab's
 * save (it crashed, slept, or runs in another browser process) is refused here instead of
 * writing over that save.
 */
export async function saveProject(id: string, doc: PipelineDocument, base: number): Promise<SaveOutcome> {
	try {
		return await db().transaction('rw', db().projects, async (): Promise<SaveOutcome> => {
			const stored = await db().projects.get(id);
			if (!stored) return { ok: false, reason: 'missing' };
			if (revisionOf(stored) !== base) return { ok: false, reason: 'conflict', newer: stored };
			const revision = base + 1;
			await db().projects.put({ ...stored, doc, name: doc.meta.name, modified: new Date().toISOString(), revision });
			return { ok: true, revision };
		});
	} catch (e) {
		// The stored version is untouched by a refused update: the project stays as last saved.
		throw await saveFailure(e, { kind: 'project', name: doc.meta.name }, approxBytes(doc));
	}
}

/** Renames a project from the list; a new revision (returned), so a studio tab holding the older document cannot save over it. */
export async function renameProject(id: string, name: string): Promise<number> {
	return db().transaction('rw', db().projects, async () => {
		const p = await db().projects.get(id);
		if (!p) throw new Error('That project no longer exists.');
		const revision = revisionOf(p) + 1;
		await db().projects.put({
			...p,
			name,
			doc: { ...p.doc, meta: { ...p.doc.meta, name } },
			modified: new Date().toISOString(),
			revision
		});
		return revision;
	});
}

export async function duplicateProject(id: string): Promise<ProjectRecord> {
	const p = await db().projects.get(id);
	if (!p) throw new Error('That project no longer exists.');
	const name = `${p.name} (copy)`;
	return createProject({ ...p.doc, meta: { ...p.doc.meta, name } });
}

export async function deleteProject(id: string): Promise<void> {
	await db().projects.delete(id);
}

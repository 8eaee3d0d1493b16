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
	const record: ProjectRecord = { id: crypto.randomUUID(), name: doc.meta.name, doc, created: now, modified: now };
	try {
		await db().projects.add(record);
	} catch (e) {
		throw await saveFailure(e, { kind: 'project', name: record.name }, approxBytes(record));
	}
	return record;
}

export async function saveProject(id: string, doc: PipelineDocument): Promise<void> {
	try {
		await db().projects.update(id, { doc, name: doc.meta.name, modified: new Date().toISOString() });
	} catch (e) {
		// The stored version is untouched by a refused update: the project stays as last saved.
		throw await saveFailure(e, { kind: 'project', name: doc.meta.name }, approxBytes(doc));
	}
}

export async function renameProject(id: string, name: string): Promise<void> {
	await db().transaction('rw', db().projects, async () => {
		const p = await db().projects.get(id);
		if (!p) throw new Error('That project no longer exists.');
		await db().projects.put({ ...p, name, doc: { ...p.doc, meta: { ...p.doc.meta, name } }, modified: new Date().toISOString() });
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

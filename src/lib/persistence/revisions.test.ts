import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '../core/doc/create';
import { db } from './db';
import { createProject, deleteProject, getProject, renameProject, revisionOf, saveProject } from './projects';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

const names = (doc: { nodes: readonly { id: string }[] }) => doc.nodes.map((n) => n.id);

describe('a save is refused when its base revision is older than the stored one', () => {
	it('two tabs open revision 0: the first save wins, the second is refused with the newer record, and nothing is overwritten', async () => {
		const p = await createProject(createDocument('Two tabs'));
		expect(revisionOf(p)).toBe(0);
		// Tab A and tab B both opened the project at revision 0 and each added a node.
		const a = { ...p.doc, nodes: [{ id: 'from-a', type: 'io.dataset', params: {}, position: { x: 0, y: 0 } }] };
		const b = { ...p.doc, nodes: [{ id: 'from-b', type: 'io.dataset', params: {}, position: { x: 0, y: 0 } }] };
		expect(await saveProject(p.id, a, 0)).toEqual({ ok: true, revision: 1 });
		const refused = await saveProject(p.id, b, 0);
		expect(refused.ok).toBe(false);
		if (refused.ok || refused.reason !== 'conflict') throw new Error('expected a conflict');
		expect(revisionOf(refused.newer)).toBe(1);
		expect(names(refused.newer.doc)).toEqual(['from-a']);
		const stored = (await getProject(p.id))!;
		expect(names(stored.doc)).toEqual(['from-a']);
		expect(revisionOf(stored)).toBe(1);
		// B, having reloaded revision 1, saves on top of it.
		const merged = { ...stored.doc, nodes: [...stored.doc.nodes, ...b.nodes] };
		expect(await saveProject(p.id, merged, 1)).toEqual({ ok: true, revision: 2 });
		expect(names((await getProject(p.id))!.doc)).toEqual(['from-a', 'from-b']);
	});

	it('a save based on a revision newer than the stored one is refused too (only equal bases save)', async () => {
		const p = await createProject(createDocument('Ahead'));
		const out = await saveProject(p.id, p.doc, 3);
		expect(out.ok).toBe(false);
		expect(revisionOf((await getProject(p.id))!)).toBe(0);
	});

	it('a rename from the projects list is a new revision, so a studio tab holding the old document cannot save over it', async () => {
		const p = await createProject(createDocument('Before'));
		await renameProject(p.id, 'After');
		const out = await saveProject(p.id, { ...p.doc, seeds: { global: 9 } }, 0);
		expect(out).toMatchObject({ ok: false, reason: 'conflict' });
		const stored = (await getProject(p.id))!;
		expect(stored.name).toBe('After');
		expect(stored.doc.seeds.global).toBe(p.doc.seeds.global);
		expect(revisionOf(stored)).toBe(1);
	});

	it('a record stored before revisions existed counts as revision 0', async () => {
		const doc = createDocument('Old record');
		await db().projects.put({ id: 'old', name: 'Old record', doc, created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' });
		expect(await saveProject('old', { ...doc, seeds: { global: 5 } }, 0)).toEqual({ ok: true, revision: 1 });
		const stored = (await getProject('old'))!;
		expect(revisionOf(stored)).toBe(1);
		expect(stored.doc.seeds.global).toBe(5);
	});

	it('saving a deleted project says it is missing and stores nothing', async () => {
		const p = await createProject(createDocument('Gone'));
		await deleteProject(p.id);
		expect(await saveProject(p.id, p.doc, 0)).toEqual({ ok: false, reason: 'missing' });
		expect(await getProject(p.id)).toBeUndefined();
	});
});

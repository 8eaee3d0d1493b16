import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '$lib/core/doc/create';
import { db } from '$lib/persistence/db';
import { createProject, deleteProject, getProject, revisionOf } from '$lib/persistence/projects';
import { FOLLOWING, ProjectState, type ProjectNotice } from './project.svelte';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

/** A studio tab: its ProjectState, what it was told, and the revisions it announced. */
async function tab(id: string) {
	const notices: ProjectNotice[] = [];
	const saved: number[] = [];
	const project = new ProjectState({ onNotice: (n) => notices.push(n), onSaved: (_id, r) => saved.push(r) });
	await project.load(id);
	return { project, notices, saved };
}

const types = (p: ProjectState) => p.doc?.nodes.map((n) => n.type) ?? [];
const storedTypes = async (id: string) => (await getProject(id))!.doc.nodes.map((n) => n.type);

describe('ProjectState saves over the revision it loaded', () => {
	it('two tabs that both edit: the second save is refused, the tab shows the stored document, and Undo brings its own back', async () => {
		const { id } = await createProject(createDocument('Shared'));
		const a = await tab(id);
		const b = await tab(id);
		a.project.addNode('io.dataset', { x: 0, y: 0 });
		await a.project.flush();
		expect(a.saved).toEqual([1]);
		b.project.addNode('split.train-test', { x: 300, y: 0 });
		b.project.addNode('model.logistic', { x: 600, y: 0 });
		await b.project.flush();
		// Nothing written over: the store has A's document, and B shows it.
		expect(await storedTypes(id)).toEqual(['io.dataset']);
		expect(types(b.project)).toEqual(['io.dataset']);
		expect(b.saved).toEqual([]);
		expect(b.notices.map((n) => n.tone)).toEqual(['warning']);
		expect(b.notices[0].text).toMatch(/changed in another tab or window.*Undo brings back this tab's version/);
		expect(b.project.undoLabel).toBe('the changes this tab could not save');
		// B's own version is one Undo away; choosing it saves it on top, deliberately.
		expect(b.project.undo()).toBe(true);
		expect(types(b.project)).toEqual(['split.train-test', 'model.logistic']);
		await b.project.flush();
		expect(b.saved).toEqual([2]);
		expect(await storedTypes(id)).toEqual(['split.train-test', 'model.logistic']);
		expect(revisionOf((await getProject(id))!)).toBe(2);
	});

	it('edits made while a save is in flight are saved after it, on the revision it stored (a tab never conflicts with itself)', async () => {
		const { id } = await createProject(createDocument('Quick edits'));
		const a = await tab(id);
		a.project.addNode('io.dataset', { x: 0, y: 0 });
		const first = a.project.flush();
		a.project.addNode('split.train-test', { x: 300, y: 0 });
		const second = a.project.flush();
		await Promise.all([first, second]);
		expect(a.saved).toEqual([1, 2]);
		expect(a.notices).toEqual([]);
		expect(await storedTypes(id)).toEqual(['io.dataset', 'split.train-test']);
	});

	it('a follower refuses every edit with a message, and pull shows the editor’s newer save with its history dropped', async () => {
		const { id } = await createProject(createDocument('Followed'));
		const editor = await tab(id);
		const follower = await tab(id);
		follower.project.editable = false;
		expect(follower.project.addNode('io.dataset', { x: 0, y: 0 })).toBeNull();
		expect(follower.project.setSeed(3)).toEqual({ ok: false, error: FOLLOWING });
		follower.project.rename('Not allowed');
		expect(follower.notices.map((n) => n.text)).toEqual([FOLLOWING, FOLLOWING, FOLLOWING]);
		expect(follower.project.name).toBe('Followed');
		expect(follower.project.canUndo).toBe(false);

		editor.project.addNode('io.dataset', { x: 0, y: 0 });
		editor.project.addNode('split.train-test', { x: 300, y: 0 });
		await editor.project.flush();
		await follower.project.pull();
		expect(types(follower.project)).toEqual(['io.dataset', 'split.train-test']);
		expect(follower.project.canUndo).toBe(false);
		// Taking over: edits go on from the pulled revision and save cleanly.
		follower.project.editable = true;
		follower.project.addNode('model.logistic', { x: 600, y: 0 });
		await follower.project.flush();
		expect(follower.saved).toEqual([2]);
		expect(await storedTypes(id)).toEqual(['io.dataset', 'split.train-test', 'model.logistic']);
	});

	it('pull leaves a tab with unsaved edits alone (its save decides), and says when the project was deleted', async () => {
		const { id } = await createProject(createDocument('Dirty'));
		const a = await tab(id);
		const b = await tab(id);
		a.project.addNode('io.dataset', { x: 0, y: 0 });
		await a.project.flush();
		b.project.addNode('split.train-test', { x: 0, y: 0 });
		await b.project.pull();
		expect(types(b.project)).toEqual(['split.train-test']);
		await deleteProject(id);
		await b.project.flush();
		expect(b.project.saveError).toMatch(/deleted in another tab or window.*Export/);
		expect(types(b.project)).toEqual(['split.train-test']);
		expect(await getProject(id)).toBeUndefined();
	});
});

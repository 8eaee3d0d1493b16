import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '../core/doc/create';
import { readCsv } from '../core/readers/csv';
import { schemaOf } from '../core/frame/frame';
import type { Column } from '../core/frame/types';
import { db, describeStorageError, TesseraDb } from './db';
import { findDataset, listDatasets, loadDatasetFrame, storeDataset } from './datasets';
import { createProject, deleteProject, duplicateProject, getProject, listProjects, renameProject, saveProject } from './projects';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

describe('projects', () => {
	it('create, save, rename, duplicate, delete', async () => {
		const p = await createProject(createDocument('Churn'));
		const doc = { ...p.doc, seeds: { global: 7 } };
		expect(await saveProject(p.id, doc, 0)).toEqual({ ok: true, revision: 1 });
		expect((await getProject(p.id))!.doc.seeds.global).toBe(7);
		await renameProject(p.id, 'Churn v2');
		const renamed = (await getProject(p.id))!;
		expect(renamed.name).toBe('Churn v2');
		expect(renamed.doc.meta.name).toBe('Churn v2');
		const copy = await duplicateProject(p.id);
		expect(copy.name).toBe('Churn v2 (copy)');
		expect(copy.id).not.toBe(p.id);
		expect((await listProjects()).map((s) => s.name).sort()).toEqual(['Churn v2', 'Churn v2 (copy)']);
		await deleteProject(p.id);
		expect((await listProjects()).map((s) => s.id)).toEqual([copy.id]);
	});
});

describe('datasets are stored as column chunks and come back identical', () => {
	it('round-trips every column kind across several chunks', async () => {
		const n = 150_000; // more than two chunks of 65,536 rows
		const lines = ['x,label,flag,when,note'];
		for (let i = 0; i < n; i++)
			lines.push(
				`${i % 7 === 0 ? '' : (i * 0.5).toString()},${['a', 'b', 'c'][i % 3]},${i % 2 ? 'true' : 'false'},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 1000 === 0 ? '' : `n${i}`}`
			);
		const frame = readCsv(lines.join('\n'));
		expect(frame.columns.map((c) => c.kind)).toEqual(['number', 'category', 'boolean', 'date', 'text']);
		const meta = await storeDataset({ name: 'synthetic', hash: 'h1', rows: n, columns: 5, bytes: 1, schema: schemaOf(frame) }, frame);
		expect(await db().chunks.count()).toBe(5 * 3);
		const record = (await findDataset('synthetic', 'h1'))!;
		expect(record.id).toBe(meta.id);
		const back = await loadDatasetFrame(record);
		expect(back.rowCount).toBe(n);
		for (let c = 0; c < 5; c++) {
			const a = frame.columns[c] as Column;
			const b = back.columns[c] as Column;
			expect(b.kind).toBe(a.kind);
			if ('values' in a && 'values' in b)
				expect(Array.from(b.values as ArrayLike<unknown>)).toEqual(Array.from(a.values as ArrayLike<unknown>));
			if ('codes' in a && 'codes' in b) expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
			if (a.kind === 'category' && b.kind === 'category') expect(b.dictionary).toEqual(a.dictionary);
		}
		// Storing the same content again reuses the stored copy.
		const again = await storeDataset({ name: 'synthetic', hash: 'h1', rows: n, columns: 5, bytes: 1, schema: schemaOf(frame) }, frame);
		expect(again.id).toBe(meta.id);
		expect((await listDatasets()).length).toBe(1);
	});
});

describe('upgrades', () => {
	it('a version 3 database with a runs table opens: its projects kept, the unused runs table dropped', async () => {
		const name = 'tessera-upgrade-v3';
		const old = new Dexie(name);
		old.version(1).stores({
			projects: 'id, name, modified',
			datasets: 'id, hash, name, created',
			chunks: '[dataset+column+chunk], dataset',
			runs: 'id, project, started'
		});
		old.version(2).stores({
			experiments: 'id, run, project, started, kind, starred, *tags',
			modelVersions: 'id, name, [name+version], created',
			modelNames: 'name, modified'
		});
		old.version(3).stores({
			experiments: 'id, run, project, started, kind, starred, *tags, signature',
			results: 'signature, usedAt',
			resultBodies: 'signature'
		});
		const doc = createDocument('Old');
		await old.table('projects').put({ id: 'p1', name: 'Old', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z', doc });
		await old.table('runs').put({ id: 'r1', project: 'p1', started: '2026-01-01T00:00:00Z' });
		old.close();

		const upgraded = new TesseraDb(name);
		try {
			await upgraded.open();
			expect(upgraded.verno).toBe(4);
			expect(upgraded.tables.map((t) => t.name)).not.toContain('runs');
			expect((await upgraded.projects.get('p1'))?.name).toBe('Old');
		} finally {
			upgraded.close();
			await Dexie.delete(name);
		}
	});
});

describe('storage errors', () => {
	it('a full quota becomes a message that says what to do and that nothing was lost', () => {
		const quota = Object.assign(new Error('x'), { name: 'QuotaExceededError' });
		expect(describeStorageError(quota).message).toMatch(/storage quota is full.*nothing saved earlier was lost/);
		const wrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
		expect(describeStorageError(wrapped).message).toMatch(/quota/);
	});
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '../core/doc/create';
import { readCsv } from '../core/readers/csv';
import { schemaOf } from '../core/frame/frame';
import type { Column } from '../core/frame/types';
import { db, describeStorageError } from './db';
import { findDataset, listDatasets, loadDatasetFrame, storeDataset } from './datasets';
import { createProject, deleteProject, duplicateProject, getProject, listProjects, renameProject, saveProject } from './projects';
import { listRuns, recordRun } from './runs';

beforeEach(async () => {
	await db().delete();
	await db().open();
});

describe('projects', () => {
	it('create, save, rename, duplicate, delete', async () => {
		const p = await createProject(createDocument('Churn'));
		const doc = { ...p.doc, seeds: { global: 7 } };
		await saveProject(p.id, doc);
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
			lines.push(`${i % 7 === 0 ? '' : (i * 0.5).toString()},${['a', 'b', 'c'][i % 3]},${i % 2 ? 'true' : 'false'},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 1000 === 0 ? '' : `n${i}`}`);
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
			if ('values' in a && 'values' in b) expect(Array.from(b.values as ArrayLike<unknown>)).toEqual(Array.from(a.values as ArrayLike<unknown>));
			if ('codes' in a && 'codes' in b) expect(Array.from(b.codes)).toEqual(Array.from(a.codes));
			if (a.kind === 'category' && b.kind === 'category') expect(b.dictionary).toEqual(a.dictionary);
		}
		// Storing the same content again reuses the stored copy.
		const again = await storeDataset({ name: 'synthetic', hash: 'h1', rows: n, columns: 5, bytes: 1, schema: schemaOf(frame) }, frame);
		expect(again.id).toBe(meta.id);
		expect((await listDatasets()).length).toBe(1);
	});
});

describe('runs', () => {
	it('records each run with its pipeline hash, backend and metrics', async () => {
		await recordRun({
			id: 'r1', project: 'p1', docHash: 'abc', started: '2026-01-01T00:00:00Z', ms: 12, backend: 'wasm', cancelled: false,
			datasets: ['h1'], params: { n1: { type: 'split.train-test', seed: 42 } }, metrics: {}, errors: {}
		});
		const runs = await listRuns('p1');
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({ docHash: 'abc', backend: 'wasm', datasets: ['h1'] });
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

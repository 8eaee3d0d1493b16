import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocument } from '../core/doc/create';
import { schemaOf } from '../core/frame/frame';
import type { Frame } from '../core/frame/types';
import { db } from './db';
import { listDatasets, storeDataset } from './datasets';
import { createProject, getProject, saveProject } from './projects';
import { StorageFullError } from './quota';
import { getResults, putResults, storedSignatures } from './results';

const MB = 1024 * 1024;

beforeEach(async () => {
	await db().delete();
	await db().open();
	// What Chromium reports once the origin's quota is nearly used up.
	vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 9 * MB, quota: 10 * MB }) } });
});

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

/** `rows` rows of two number columns and one category: 16 + 4 bytes a row once stored. */
function frameOf(rows: number): Frame {
	const x = new Float64Array(rows).map((_, i) => i * 0.5);
	const y = new Float64Array(rows).map((_, i) => rows - i);
	const codes = new Int32Array(rows).map((_, i) => i % 3);
	return {
		rowCount: rows,
		columns: [
			{ kind: 'number', name: 'x', values: x },
			{ kind: 'number', name: 'y', values: y },
			{ kind: 'category', name: 'g', codes, dictionary: ['a', 'b', 'c'] }
		]
	};
}

const metaOf = (name: string, hash: string, frame: Frame) => ({
	name,
	hash,
	rows: frame.rowCount,
	columns: frame.columns.length,
	bytes: 1000,
	schema: schemaOf(frame)
});

/** Make the browser's object stores refuse the `nth` write from now on, as a full quota does. */
function refuseWritesFrom(nth: number): { writes: () => number } {
	const proto = globalThis.IDBObjectStore.prototype;
	const add = proto.add;
	let writes = 0;
	vi.spyOn(proto, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
		writes++;
		if (writes >= nth) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		return add.apply(this, args);
	});
	return { writes: () => writes };
}

describe('a full quota while storing a dataset', () => {
	it('leaves no half-written dataset: no record, no chunk; the project and the dataset stored before are intact', async () => {
		const project = await createProject(createDocument('Churn study'));
		const small = frameOf(10);
		await storeDataset(metaOf('small.csv', 'h-small', small), small);
		const chunksBefore = await db().chunks.count();
		expect(chunksBefore).toBe(3);

		// The estimate says there is room (the browser's own check will refuse).
		vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 9 * MB, quota: 100 * MB }) } });
		// 150,000 rows: three chunks of each of the three columns. The fifth write (a chunk of the
		// second batch) is refused, after the record and the whole first batch were written.
		const big = frameOf(150_000);
		const refused = refuseWritesFrom(5);
		const failure = storeDataset(metaOf('churn.csv', 'h-big', big), big);
		await expect(failure).rejects.toBeInstanceOf(StorageFullError);
		await expect(failure).rejects.toThrow(
			'Not enough storage to save churn.csv: it needs about 2.9 MB, more than the browser would give, though it reports 91 MB free. Nothing saved earlier was lost. Delete old projects or experiments, or export a workspace backup.'
		);
		expect(refused.writes()).toBeGreaterThanOrEqual(5);
		vi.restoreAllMocks();

		expect((await listDatasets()).map((d) => d.name)).toEqual(['small.csv']);
		expect(await db().datasets.where('hash').equals('h-big').count()).toBe(0);
		expect(await db().chunks.count()).toBe(chunksBefore);
		expect((await getProject(project.id))?.name).toBe('Churn study');

		// With room again, the same dataset stores whole.
		const stored = await storeDataset(metaOf('churn.csv', 'h-big', big), big);
		expect(stored.rows).toBe(150_000);
		expect(await db().chunks.where('dataset').equals(stored.id).count()).toBe(9);
		expect((await db().datasets.get(stored.id))?.storedBytes).toBe(150_000 * 20 + 3 * 10 + (10 + 10 + 10));
	});

	it('a dataset larger than the free space the browser reports is refused before anything is written', async () => {
		const add = vi.spyOn(globalThis.IDBObjectStore.prototype, 'add');
		const big = frameOf(150_000);
		await expect(storeDataset(metaOf('churn.csv', 'h-big', big), big)).rejects.toThrow(
			/^Not enough storage to save churn\.csv: it needs about 2\.9 MB, 1\.0 MB is free\./
		);
		expect(add).not.toHaveBeenCalled();
		expect(await db().datasets.count()).toBe(0);
	});

	it('without a storage estimate the message still says what was needed', async () => {
		vi.stubGlobal('navigator', {});
		refuseWritesFrom(1);
		const f = frameOf(1000);
		await expect(storeDataset(metaOf('tiny.csv', 'h', f), f)).rejects.toThrow(
			/^Not enough storage to save tiny\.csv: it needs about 20 KB, more than the browser would give\./
		);
		vi.restoreAllMocks();
		expect(await db().datasets.count()).toBe(0);
		expect(await db().chunks.count()).toBe(0);
	});

	it('an error that is not about space is passed on as it was', async () => {
		vi.spyOn(db().chunks, 'bulkAdd').mockRejectedValue(new TypeError('could not clone'));
		const f = frameOf(10);
		await expect(storeDataset(metaOf('a.csv', 'h', f), f)).rejects.toThrow(TypeError);
		vi.restoreAllMocks();
		expect(await db().datasets.count()).toBe(0);
	});
});

describe('a full quota while saving a project', () => {
	it('keeps the version saved before, and says what the save needed and what is free', async () => {
		const project = await createProject(createDocument('Churn study'));
		const edited = { ...project.doc, seeds: { global: 99 } };
		vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 10 * MB - 100, quota: 10 * MB }) } });
		vi.spyOn(db().projects, 'put').mockRejectedValue(
			Object.assign(new Error('abort'), { name: 'AbortError', inner: new DOMException('q', 'QuotaExceededError') })
		);
		await expect(saveProject(project.id, edited, project.revision ?? 0)).rejects.toThrow(
			/^Not enough storage to save the project “Churn study”: it needs about \d{3} B, 100 B is free\. Nothing saved earlier was lost\./
		);
		vi.restoreAllMocks();
		expect((await getProject(project.id))?.doc.seeds.global).toBe(project.doc.seeds.global);
	});
});

describe('a full quota while keeping results', () => {
	const body = (kb: number) => ({ values: new Float64Array((kb * 1024) / 8) });
	it('evicts the least recently used and tries once more: the new result is kept', async () => {
		await putResults([{ signature: 'oldest', project: 'p', body: body(64) }]);
		await putResults([{ signature: 'newer', project: 'p', body: body(64) }]);
		const bulkPut = db().resultBodies.bulkPut.bind(db().resultBodies);
		const spy = vi
			.spyOn(db().resultBodies, 'bulkPut')
			.mockRejectedValueOnce(Object.assign(new Error('abort'), { name: 'AbortError', inner: new DOMException('q', 'QuotaExceededError') }))
			.mockImplementation(bulkPut);
		expect(await putResults([{ signature: 'fresh', project: 'p', body: body(32) }])).toEqual(['fresh']);
		expect(spy).toHaveBeenCalledTimes(2);
		// 32 KB needed: the oldest (64 KB) made room; the newer one stays.
		expect([...(await storedSignatures(['oldest', 'newer', 'fresh']))].sort()).toEqual(['fresh', 'newer']);
		expect((await getResults(['fresh'])).size).toBe(1);
	});

	it('a second refusal rejects with the quota message (the run reports it as a warning)', async () => {
		const spy = vi.spyOn(db().resultBodies, 'bulkPut').mockRejectedValue(new DOMException('q', 'QuotaExceededError'));
		await expect(putResults([{ signature: 'a', project: null, body: body(1) }])).rejects.toThrow(/storage quota is full/);
		expect(spy).toHaveBeenCalledTimes(2);
	});

	it('an error that is not about space is not retried', async () => {
		const spy = vi.spyOn(db().resultBodies, 'bulkPut').mockRejectedValue(new TypeError('could not clone'));
		await expect(putResults([{ signature: 'a', project: null, body: body(1) }])).rejects.toThrow('could not clone');
		expect(spy).toHaveBeenCalledTimes(1);
	});
});

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addNode, connect } from '../src/lib/core/doc/commands';
import { emptyDoc, registry, SAMPLES } from '../src/lib/core/nodes/test-kit';
import { quickModel } from '../src/lib/core/nodes/templates/quick-model';
import { db } from '../src/lib/persistence/db';
import { listExperiments } from '../src/lib/persistence/experiments';
import { createEngineApi } from './engine-api';

const api = () => createEngineApi({ registry, fetchSample: async (name) => new Uint8Array(readFileSync(join(SAMPLES, `${name}.csv`))) });
const penguins = () =>
	quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 42
	});

beforeEach(async () => {
	vi.restoreAllMocks();
	await db().delete();
	await db().open();
});

describe('the engine worker records experiments', () => {
	it('a run records one experiment per model node that ran; a re-run served from the cache records none', async () => {
		const engine = api();
		const doc = penguins();
		const first = await engine.run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		expect(first.errors).toEqual({});
		expect(first.warnings).toBeUndefined();
		const saved = await listExperiments('p1');
		expect(saved).toHaveLength(1);
		expect(saved[0]).toMatchObject({ kind: 'model', family: 'logistic', status: 'done', project: 'p1', run: first.runId });
		expect(saved[0].metrics['test accuracy']).toBeGreaterThan(0.9);
		await engine.run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		expect(await listExperiments('p1')).toHaveLength(1);
	});

	it('a full storage quota does not fail the run: the summary carries a warning that says what happened', async () => {
		const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
		vi.spyOn(db().experiments, 'bulkPut').mockRejectedValue(quota);
		const summary = await api().run(penguins(), { backend: 'cpu', project: 'p1' }, () => {});
		expect(summary.errors).toEqual({});
		expect(summary.metrics).not.toEqual({});
		expect(summary.warnings).toEqual([
			expect.stringMatching(/^This run's experiments were not saved: The browser refused to store more data \(storage quota is full\)/)
		]);
		expect(await listExperiments('p1')).toHaveLength(0);
	});
});

describe('the engine worker keeps results between sessions (issue 11)', () => {
	it('a reopened project knows its results without running; Run all is served from them and records no new experiment', async () => {
		const doc = penguins();
		const first = api();
		const events1: string[] = [];
		const one = await first.run(doc, { backend: 'cpu', project: 'p1' }, (es) => {
			for (const e of es) events1.push(`${e.type}:${e.node}`);
		});
		expect(one.errors).toEqual({});
		expect(one.warnings).toBeUndefined();
		expect(await listExperiments('p1')).toHaveLength(1);
		const evaluate = doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id;
		const model = doc.nodes.find((n) => n.type.startsWith('model.'))!.id;
		const split = doc.nodes.find((n) => n.type === 'split.train-test')!.id;

		// A reload: a fresh engine (no memory), the same browser storage.
		const second = api();
		const known = await second.savedResults(doc, { backend: 'cpu', project: 'p1' });
		expect([...known].sort()).toEqual(doc.nodes.map((n) => n.id).sort());
		const metrics = await second.result(evaluate);
		expect(metrics?.restored).toBeDefined();
		expect(metrics?.ports.metrics).toMatchObject({ kind: 'metrics' });
		expect(await second.result(model)).toMatchObject({ ports: { model: { kind: 'model', family: 'logistic' } } });
		// The split's table: its first rows were kept, paging further says how to get the rest.
		const rows = await second.rows(split, 'data', 0, 200);
		expect(rows!.rows.length).toBe(200);
		expect(rows!.total).toBeGreaterThan(300);
		await expect(second.rows(split, 'data', 200, 200)).rejects.toThrow(/first 200 rows .* Run to here/);
		expect((await second.inputSchema(doc, model, 'data'))?.map((c) => c.name)).toContain('Species');
		await expect(second.registerModel(doc, model, 'm', '', 'p1')).rejects.toThrow(/not kept between sessions/);

		const events2: string[] = [];
		const two = await second.run(doc, { backend: 'cpu', project: 'p1' }, (es) => {
			for (const e of es) events2.push(`${e.type}:${e.node}`);
		});
		expect(two.errors).toEqual({});
		expect(events2.filter((e) => e.startsWith('started'))).toEqual([]);
		expect(events2.filter((e) => e.startsWith('cached')).length).toBe(doc.nodes.length);
		expect(await listExperiments('p1')).toHaveLength(1);

		// "Run to here" on the model trains it live again (so it can be saved): still the same experiment.
		await second.run(doc, { backend: 'cpu', project: 'p1', targets: [model] }, () => {});
		expect(await second.result(model)).not.toHaveProperty('restored');
		expect(await listExperiments('p1')).toHaveLength(1);
		await expect(second.registerModel(doc, model, 'm', '', 'p1')).resolves.toMatchObject({ name: 'm', version: 1 });
	});

	it('a changed node and what follows it are not known on reopening; what comes before it is', async () => {
		const doc = penguins();
		await api().run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		const model = doc.nodes.find((n) => n.type.startsWith('model.'))!;
		const changed = { ...doc, nodes: doc.nodes.map((n) => (n.id === model.id ? { ...n, params: { ...n.params, C: 0.01 } } : n)) };
		const known = await api().savedResults(changed, { backend: 'cpu', project: 'p1' });
		const downstream = doc.edges.filter((e) => e.from.node === model.id).map((e) => e.to.node);
		expect(known).not.toContain(model.id);
		for (const id of downstream) expect(known).not.toContain(id);
		expect(known).toContain(doc.nodes.find((n) => n.type === 'io.dataset')!.id);
	});

	it('a full quota while keeping results does not fail the run: it is a warning, and the experiment is still saved', async () => {
		vi.spyOn(db().resultBodies, 'bulkPut').mockRejectedValue(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
		const summary = await api().run(penguins(), { backend: 'cpu', project: 'p1' }, () => {});
		expect(summary.errors).toEqual({});
		expect(summary.warnings).toEqual([expect.stringMatching(/^This run's results were not kept for next time: .*storage quota is full/)]);
		expect(await listExperiments('p1')).toHaveLength(1);
	});
});

describe('a checked import (the file a pipeline recorded)', () => {
	const csv = (rows: string[]) => new Blob([['x,y', ...rows].join('\n') + '\n']);
	it('stores the recorded file; refuses a different one without storing it, saying what it holds', async () => {
		const { listDatasets } = await import('../src/lib/persistence/datasets');
		const engine = api();
		const original = await engine.importFile(csv(['1,a', '2,b', '3,c']), 'sales.csv', () => {});
		await db().delete();
		await db().open();

		const different = await engine.importChecked(csv(['1,a', '2,b']), 'sales.csv', () => {}, {}, original.hash);
		expect(different).toEqual({
			kind: 'different',
			actual: { name: 'sales.csv', hash: expect.not.stringMatching(original.hash), rows: 2, columns: 2, bytes: 12 }
		});
		expect(await listDatasets()).toEqual([]);

		const same = await engine.importChecked(csv(['1,a', '2,b', '3,c']), 'renamed.csv', () => {}, {}, original.hash);
		expect(same).toMatchObject({ kind: 'stored', meta: { name: 'renamed.csv', hash: original.hash, rows: 3 } });
		expect((await listDatasets()).map((d) => d.hash)).toEqual([original.hash]);
	});
});

describe('the engine worker knows column names before a run (issue 16)', () => {
	it('a Split after an uploaded CSV (and a Date parts step) gets the columns without running, in a fresh engine too (a reload)', async () => {
		const csv = 'height,weight,team,joined\n1.8,80,red,2020-01-02\n1.6,60,blue,2021-03-04\n';
		const meta = await api().importFile(new Blob([csv]), 'players.csv', () => {});
		let doc = emptyDoc();
		const data = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored', name: meta.name, hash: meta.hash });
		const split = addNode(data.doc, registry, 'split.train-test', { x: 0, y: 0 });
		const dates = addNode(split.doc, registry, 'features.date-parts', { x: 0, y: 0 }, { column: 'joined', dropOriginal: true });
		const c1 = connect(dates.doc, registry, { node: dates.id, port: 'data' }, { node: split.id, port: 'data' });
		const c2 = c1.ok ? connect(c1.doc, registry, { node: data.id, port: 'data' }, { node: dates.id, port: 'data' }) : c1;
		if (!c2.ok) throw new Error(c2.reason);
		doc = c2.doc;
		const fresh = api();
		expect((await fresh.inputSchema(doc, split.id, 'data'))?.map((c) => `${c.name}:${c.kind}`)).toEqual([
			'height:number',
			'weight:number',
			'team:category',
			'joined_year:number',
			'joined_month:number',
			'joined_day:number',
			'joined_weekday:number'
		]);
		expect((await fresh.inputSchema(doc, dates.id, 'data'))?.map((c) => c.name)).toEqual(['height', 'weight', 'team', 'joined']);
		// The same dataset under another hash is not this file: unknown, not someone else's columns.
		const other = { ...doc, nodes: doc.nodes.map((n) => (n.id === data.id ? { ...n, params: { ...n.params, hash: 'other' } } : n)) };
		expect(await fresh.inputSchema(other, split.id, 'data')).toBeNull();
	});
});

describe('share bundles in the worker (issue 17)', () => {
	it('a bundle of a project on an uploaded file opens in an empty database with its data and gives the same metrics', async () => {
		const engine = api();
		const bytes = readFileSync(join(SAMPLES, 'penguins.csv'));
		const meta = await engine.importFile(new Blob([bytes]), 'penguins.csv', () => {});
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'stored', name: meta.name, hash: meta.hash },
			target: 'Species',
			task: 'classification',
			model: 'logistic',
			seed: 42
		});
		const before = await engine.run(doc, { backend: 'cpu', project: 'p1' }, () => {});
		expect(before.errors).toEqual({});
		expect(Object.keys(before.metrics)).toHaveLength(1);
		const bundle = await engine.exportBundle(doc);

		// Another browser: an empty database and a fresh worker.
		await db().delete();
		await db().open();
		const fresh = api();
		const opened = await fresh.openBundle(new Blob([bundle as Uint8Array<ArrayBuffer>]));
		expect(opened.warnings).toEqual([]);
		expect(opened.datasets).toEqual([expect.objectContaining({ name: 'penguins.csv', rows: 344, columns: 7 })]);
		const stored = opened.datasets[0];
		expect(stored.hash).not.toBe(meta.hash);
		expect(opened.doc.data).toEqual([{ name: 'penguins.csv', hash: stored.hash, rows: 344, bytes: stored.bytes }]);
		const after = await fresh.run(opened.doc, { backend: 'cpu', project: 'p2' }, () => {});
		expect(after.errors).toEqual({});
		expect(Object.values(after.metrics).map((m) => m.test)).toEqual(Object.values(before.metrics).map((m) => m.test));

		// A damaged bundle is refused with the reason, and stores nothing.
		await expect(fresh.openBundle(new Blob(['not a zip']))).rejects.toThrow('this is not a Tessera bundle (it is not a zip archive)');
	});

	it('a pipeline whose data is not stored here cannot be bundled, and says which dataset', async () => {
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'stored', name: 'gone.csv', hash: '0123456789abcdef' },
			target: 'Species',
			task: 'classification',
			model: 'logistic',
			seed: 42
		});
		await expect(api().exportBundle(doc)).rejects.toThrow(/dataset "gone\.csv" is not stored in this browser/);
	});
});

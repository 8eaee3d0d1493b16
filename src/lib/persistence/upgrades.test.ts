import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { serialiseDocument } from '../core/doc/serialise';
import { isCurrentDocument, upgradeStoredDocument } from '../core/doc/stored';
import { DOC_VERSION, type PipelineDocument } from '../core/doc/types';
import type { Column } from '../core/frame/types';
import { modelMatrix } from '../core/nodes/modeling';
import type { ModelValue } from '../core/nodes/ports';
import { predict } from '../core/nodes/predictors';
import { registry, sampleDataset } from '../core/nodes/test-kit';
import { db, TesseraDb } from './db';
import { findDataset, listDatasets, loadDatasetFrame } from './datasets';
import { getExperiment, listExperiments, saveExperiments } from './experiments';
import { decodeValue, loadDatabase, type DatabaseDump, type StoreDump } from './idb-dump';
import { createProject, getProject, listProjects, revisionOf, saveProject } from './projects';
import { getModelName, getVersion, inUseVersion, listModelNames, listVersions } from './registry';
import { getResults, resultsUsage } from './results';

// Each fixture is a database that an earlier Tessera wrote with its own code (see
// scripts/idb-fixtures.mjs): it is recreated as it was on disk, then opened with today's Db,
// which upgrades it, and read back through today's repositories.
const FIXTURES = join(__dirname, 'fixtures');
const fixtures: DatabaseDump[] = readdirSync(FIXTURES)
	.filter((f) => /^idb-v\d+\.json$/.test(f))
	.map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as DatabaseDump)
	.sort((a, b) => a.writtenBy.schemaVersion - b.writtenBy.schemaVersion);

/** Tables today's schema dropped on purpose (version 4: `runs`, never written by the studio). */
const DROPPED = new Set(['runs']);

const store = (dump: DatabaseDump, name: string): StoreDump | undefined => dump.stores.find((s) => s.name === name);
const recordsOf = <T>(dump: DatabaseDump, name: string): T[] => (store(dump, name)?.records ?? []).map((r) => decodeValue(r) as T);

function keyOf(s: StoreDump, record: Record<string, unknown>): string | (string | number)[] {
	const path = s.keyPath;
	if (path === null) throw new Error(`${s.name}: the fixtures hold no store without a key path`);
	return Array.isArray(path) ? path.map((p) => record[p] as string | number) : (record[path] as string);
}

/** Class codes for every penguin, through the model's own feature layout (no recipe steps in these pipelines). */
async function penguinCodes(model: ModelValue): Promise<number[]> {
	const frame = sampleDataset('penguins').frame;
	const rows = Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
	return Array.from((await predict(model, modelMatrix(model, frame, rows))).codes!);
}

it('there is a fixture for every Dexie version, each written by the commit that had it newest', () => {
	const declared = new TesseraDb('tessera-versions').verno;
	expect(fixtures.map((f) => f.writtenBy.schemaVersion)).toEqual(Array.from({ length: declared }, (_, i) => i + 1));
	for (const f of fixtures) {
		expect(f.idbVersion).toBe(f.writtenBy.schemaVersion * 10); // Dexie's version × 10
		expect(f.writtenBy.commit).toMatch(/^[0-9a-f]{40}$/);
	}
});

describe.each(fixtures.map((f) => [f.writtenBy.schemaVersion, f] as const))('a version %i database', (version, dump) => {
	beforeEach(async () => {
		db().close();
		await Dexie.delete('tessera');
		await loadDatabase(indexedDB, dump);
		await db().open();
	});

	it("opens at today's version with every record of every kept table unchanged", async () => {
		expect(db().verno).toBe(4);
		const tables = db().tables.map((t) => t.name);
		for (const s of dump.stores) {
			if (DROPPED.has(s.name)) {
				expect(tables).not.toContain(s.name);
				continue;
			}
			expect(tables).toContain(s.name);
			const table = db().table(s.name);
			expect(await table.count()).toBe(s.records.length);
			for (const raw of s.records) {
				const record = decodeValue(raw) as Record<string, unknown>;
				expect(await table.get(keyOf(s, record))).toEqual(record);
			}
		}
		// Every table a version had is still there after the upgrade, and each earlier fixture had records in each.
		for (const s of dump.stores) expect(s.records.length, s.name).toBeGreaterThan(0);
	});

	it('projects open, and their pipeline documents migrate to the current format and serialise', async () => {
		const stored = recordsOf<{ id: string; name: string; doc: PipelineDocument }>(dump, 'projects');
		expect((await listProjects()).map((p) => [p.name, p.nodes]).sort()).toEqual([
			['Empty sketch (renamed)', 0],
			['Penguin species', 4]
		]);
		for (const s of stored) {
			const record = (await getProject(s.id))!;
			const upgraded = upgradeStoredDocument(record.doc, registry);
			if (!upgraded.ok) throw new Error(upgraded.errors.join('; '));
			expect(upgraded.readOnly).toBe(false);
			expect(isCurrentDocument(upgraded.doc, registry)).toBe(true);
			expect(upgraded.doc.schema.sequences.doc).toBe(DOC_VERSION);
			expect(upgraded.doc.meta.name).toBe(s.name);
			expect(upgraded.doc.nodes.map((n) => [n.id, n.type])).toEqual(s.doc.nodes.map((n) => [n.id, n.type]));
			expect(upgraded.doc.edges).toEqual(s.doc.edges);
			// A node's params keep every value it had (a migration may only add).
			for (const [i, n] of s.doc.nodes.entries()) expect(upgraded.doc.nodes[i].params).toMatchObject(n.params);
			expect(() => serialiseDocument(upgraded.doc)).not.toThrow();
			// The studio saves what it opened: the upgraded document is stored and reads back current.
			// Records from before revisions existed count as revision 0 (tabs: projects.ts).
			expect(revisionOf(record)).toBe(0);
			expect(await saveProject(s.id, upgraded.doc, revisionOf(record))).toEqual({ ok: true, revision: 1 });
			expect(isCurrentDocument((await getProject(s.id))!.doc, registry)).toBe(true);
		}
		if (stored[0].doc.schema.sequences.doc < DOC_VERSION)
			// What the upgrade is for: before it, an old document lacks what today's code reads.
			expect(() => serialiseDocument(stored[0].doc)).toThrow();
	});

	it("datasets load from their chunks with the sample files' values, as today's reader reads them", async () => {
		const metas = await listDatasets();
		expect(metas.map((d) => d.name).sort()).toEqual(['penguins.csv', 'seattle-weather.csv']);
		for (const meta of metas) {
			const record = (await findDataset(meta.name, meta.hash))!;
			const frame = await loadDatasetFrame(record);
			const fresh = sampleDataset(meta.name.replace('.csv', '')).frame;
			expect(frame.rowCount).toBe(fresh.rowCount);
			expect(frame.columns.map((c) => [c.name, c.kind])).toEqual(fresh.columns.map((c) => [c.name, c.kind]));
			for (const [i, c] of frame.columns.entries()) {
				const f = fresh.columns[i] as Column;
				const a = c as Column;
				if ('values' in a && 'values' in f)
					expect(Array.from(a.values as ArrayLike<unknown>)).toEqual(Array.from(f.values as ArrayLike<unknown>));
				if (a.kind === 'category' && f.kind === 'category') {
					expect(Array.from(a.codes, (k) => (k < 0 ? null : a.dictionary[k]))).toEqual(
						Array.from(f.codes, (k) => (k < 0 ? null : f.dictionary[k]))
					);
				}
			}
		}
		expect(metas.length).toBe(2);
	});

	// Only versions that had this table: no test is reported for the others (nothing skipped).
	if (version >= 2)
		it('experiments keep their notes, tags and star, and a new run is saved beside them', async () => {
			const stored = recordsOf<{ id: string; signature?: string }>(dump, 'experiments');
			const listed = await listExperiments();
			expect(listed.map((e) => e.id)).toEqual(stored.map((e) => e.id));
			const first = (await getExperiment(stored[0].id))!;
			expect(first).toMatchObject({
				notes: 'first boosted trees',
				tags: ['baseline', 'trees'],
				starred: true,
				kind: 'model',
				family: 'gbdt'
			});
			expect(first.metrics['test accuracy']).toBeGreaterThan(0.9);
			expect(upgradeStoredDocument(first.doc, registry).ok).toBe(true);
			// Tags are still found by their multi-entry index, and the table takes new records.
			expect((await db().experiments.where('tags').equals('trees').toArray()).map((e) => e.id)).toEqual([first.id]);
			const again = { ...first, id: 'run-2:model', run: 'run-2', signature: 'a-new-signature' };
			expect(await saveExperiments([again])).toHaveLength(1);
			expect(await db().experiments.count()).toBe(stored.length + 1);
		});

	// Only versions that had this table: no test is reported for the others (nothing skipped).
	if (version >= 2)
		it('registry versions keep their model, which predicts every penguin as the day it was saved', async () => {
			expect((await listModelNames()).map((n) => [n.name, n.inUse])).toEqual([['penguin-species', 2]]);
			expect((await getModelName('penguin-species'))!).toMatchObject({ inUse: 2, history: [1], lastVersion: 2 });
			expect((await listVersions('penguin-species')).map((v) => v.version).sort()).toEqual([1, 2]);
			const one = (await getVersion('penguin-species', 1))!;
			const two = (await inUseVersion('penguin-species'))!;
			expect(two.version).toBe(2);
			expect(one).toMatchObject({ family: 'gbdt', task: 'classification', target: 'Species', notes: 'first' });
			if (version >= 4) expect(one.limitations).toBe('Trained on three islands only.');
			const codes = await penguinCodes(one.model);
			expect(await penguinCodes(two.model)).toEqual(codes);
			// The stored model is the trained one, read by today's predictors: most penguins are named right.
			const species = sampleDataset('penguins').frame.columns.find((c) => c.name === 'Species')!;
			if (species.kind !== 'category') throw new Error('Species is a category column');
			const classes = one.model.classes!;
			const right = codes.filter((k, i) => classes[k] === species.dictionary[species.codes[i]]).length;
			expect(right / codes.length).toBeGreaterThan(0.9);
			const upgraded = upgradeStoredDocument(one.doc, registry);
			expect(upgraded.ok && upgraded.doc.nodes.some((n) => n.id === one.node)).toBe(true);
		});

	// Only versions that had this table: no test is reported for the others (nothing skipped).
	if (version >= 3)
		it("stored results come back by signature in today's result format", async () => {
			const stored = recordsOf<{ signature: string; body: unknown; format: number }>(dump, 'resultBodies');
			const bodies = await getResults(stored.map((s) => s.signature));
			expect([...bodies.keys()].sort()).toEqual(stored.map((s) => s.signature).sort());
			for (const s of stored) expect(bodies.get(s.signature)).toEqual(s.body);
			expect((await resultsUsage()).entries).toBe(stored.length);
		});

	it('takes new writes after the upgrade', async () => {
		const p = await createProject({ ...(await getProject(recordsOf<{ id: string }>(dump, 'projects')[0].id))!.doc });
		expect((await getProject(p.id))!.name).toBe(p.name);
		expect((await listProjects()).length).toBe(3);
	});
});

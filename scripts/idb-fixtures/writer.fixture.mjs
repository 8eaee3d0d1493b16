// Run by scripts/idb-fixtures.mjs inside a checkout of an EARLIER commit (never in this tree):
// that commit's own persistence code writes a representative database under fake-indexeddb,
// and src/lib/persistence/upgrade-fixtures/idb-dump.ts (copied in beside this file as idb-dump.ts) dumps it.
// Plain JavaScript with imports by path, because each era's modules differ: what exists is
// probed, and IDB_FIXTURE_SCHEMA (the Dexie version that commit declares last) says which
// tables there are to fill.
import 'fake-indexeddb/auto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = process.cwd();
const SCHEMA = Number(process.env.IDB_FIXTURE_SCHEMA);
const lib = (p) => join(ROOT, 'src/lib', `${p}.ts`);
const load = (p) => import(lib(p));
const firstOf = async (...paths) => load(paths.find((p) => existsSync(lib(p))));

test('an earlier Tessera writes its database', async () => {
	const kit = await load('core/nodes/test-kit');
	const { addNode, connect } = await load('core/doc/commands');
	const { createDocument } = await load('core/doc/create');
	const { schemaOf } = await load('core/frame/frame');
	const { contentHash } = await load('core/util/digest');
	const { readCsv } = await firstOf('core/readers/csv', 'core/frame/csv');
	const { db } = await load('persistence/db');
	const projects = await load('persistence/projects');
	const datasets = await load('persistence/datasets');

	// A pipeline of the era, made with its own edit commands: penguins → split → boosted trees → evaluate.
	let doc = createDocument('Penguin species');
	const ids = {};
	const add = (key, type, params = {}) => {
		const added = addNode(doc, kit.registry, type, { x: Object.keys(ids).length * 220, y: 40 }, params);
		doc = added.doc;
		ids[key] = added.id;
	};
	const link = (from, fromPort, to, toPort) => {
		const linked = connect(doc, kit.registry, { node: ids[from], port: fromPort }, { node: ids[to], port: toPort });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	};
	add('source', 'io.dataset', { source: 'sample', sample: 'penguins' });
	add('split', 'split.train-test', { target: 'Species' });
	add('model', 'model.gbdt', { maxIter: 15 });
	add('evaluate', 'evaluate.metrics');
	link('source', 'data', 'split', 'data');
	link('split', 'data', 'model', 'data');
	link('model', 'model', 'evaluate', 'model');
	link('split', 'data', 'evaluate', 'data');

	const project = await projects.createProject(doc);
	const empty = await projects.createProject(createDocument('Empty sketch'));
	await projects.renameProject(empty.id, 'Empty sketch (renamed)');

	// Two datasets as an import stores them: numbers with missing values and categories; dates.
	for (const name of ['penguins', 'seattle-weather']) {
		const bytes = new Uint8Array(readFileSync(join(kit.SAMPLES, `${name}.csv`)));
		const frame = readCsv(new TextDecoder().decode(bytes));
		await datasets.storeDataset(
			{
				name: `${name}.csv`,
				hash: await contentHash(bytes),
				rows: frame.rowCount,
				columns: frame.columns.length,
				bytes: bytes.length,
				schema: schemaOf(frame)
			},
			frame
		);
	}

	const result = await kit.run(doc);
	expect(Object.fromEntries(result.errors)).toEqual({});
	const started = Date.parse('2026-12-01T09:00:00Z');
	const datasetHashes = (await datasets.listDatasets()).map((d) => d.hash);

	if (SCHEMA === 1 || SCHEMA === 2 || SCHEMA === 3) {
		// Version 1's runs table (its repository existed; the studio never called it).
		const { recordRun } = await load('persistence/runs');
		const metrics = {};
		for (const [node, out] of result.outputs) for (const v of Object.values(out)) if (v.kind === 'metrics') metrics[node] = v;
		await recordRun({
			id: 'run-1',
			project: project.id,
			docHash: 'h',
			started: new Date(started).toISOString(),
			ms: 1234,
			backend: 'cpu',
			cancelled: false,
			datasets: datasetHashes,
			params: Object.fromEntries(doc.nodes.map((n) => [n.id, n.params])),
			metrics,
			errors: {}
		});
	}

	if (SCHEMA >= 2) {
		const { experimentsOfRun } = await firstOf('core/experiments/records', 'core/engine/experiments');
		const { saveExperiments, updateExperiment } = await load('persistence/experiments');
		const registry = await load('persistence/registry');
		const { modelNodeMetrics } = await load('core/engine/run-metrics');
		const ran = new Map(doc.nodes.map((n) => [n.id, { ms: 10 }]));
		const facts = {
			doc,
			registry: kit.registry,
			outputs: result.outputs,
			ran,
			errors: result.errors,
			startedNodes: new Set(ran.keys()),
			runId: 'run-1',
			started,
			backend: 'cpu',
			datasets: datasetHashes,
			project: project.id,
			projectName: doc.meta.name,
			...(result.signatures ? { signatures: result.signatures } : {}),
			...(result.notConfigured ? { notConfigured: result.notConfigured } : {})
		};
		const saved = await saveExperiments(experimentsOfRun(facts));
		expect(saved.length).toBeGreaterThan(0);
		await updateExperiment(saved[0].id, { notes: 'first boosted trees', tags: ['baseline', 'trees'], starred: true });

		const model = Object.values(result.outputs.get(ids.model)).find((v) => v.kind === 'model');
		const input = (notes) => ({
			name: 'penguin-species',
			model,
			doc,
			node: ids.model,
			project: project.id,
			metrics: modelNodeMetrics(doc, result.outputs, ids.model),
			notes
		});
		await registry.saveModelVersion(input('first'));
		await registry.saveModelVersion(input('second'));
		await registry.setInUse('penguin-species', 2);
		if (registry.setLimitations) await registry.setLimitations('penguin-species', 1, 'Trained on three islands only.');
	}

	if (SCHEMA >= 3) {
		const { putResults } = await load('persistence/results');
		const { storedResult } = await load('core/engine/summaries');
		const put = [];
		for (const [id, out] of result.outputs) {
			const key = result.keys.get(id);
			if (key && !key.volatile) put.push({ signature: key.signature, project: project.id, body: storedResult(out) });
		}
		expect(await putResults(put)).toHaveLength(put.length);
	}

	db().close();
	const { dumpDatabase } = await import(join(ROOT, 'idb-dump.ts'));
	const dump = await dumpDatabase(indexedDB, 'tessera', {
		commit: process.env.IDB_FIXTURE_COMMIT,
		schemaVersion: SCHEMA,
		note: "written by scripts/idb-fixtures/writer.fixture.mjs with this commit's own persistence code under fake-indexeddb"
	});
	expect(dump.idbVersion).toBe(SCHEMA * 10);
	writeFileSync(process.env.IDB_FIXTURE_OUT, JSON.stringify(dump));
}, 300_000);

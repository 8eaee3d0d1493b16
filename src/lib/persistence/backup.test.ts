import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addNode, connect } from '../core/doc/commands';
import type { PipelineDocument } from '../core/doc/types';
import { modelNodeMetrics } from '../core/engine/run-metrics';
import type { Experiment } from '../core/experiments/records';
import { schemaOf } from '../core/frame/frame';
import type { Frame } from '../core/frame/types';
import { modelMatrix } from '../core/nodes/modeling';
import type { ModelValue } from '../core/nodes/ports';
import { predict } from '../core/nodes/predictors';
import { emptyDoc, registry, run, sampleDataset } from '../core/nodes/test-kit';
import { readCsv } from '../core/readers/csv';
import { openWorkspace, planImport, resolveImport, type ConflictChoice } from '../core/backup';
import { db } from './db';
import { exportWorkspace, importWorkspace, localInventory } from './backup';
import { findDataset, loadDatasetFrame, storeDataset } from './datasets';
import { saveExperiments, updateExperiment } from './experiments';
import { createProject, getProject, listProjects, saveProject } from './projects';
import { getModelName, getVersion, saveModelVersion } from './registry';

/** penguins → split → boosted trees → Evaluate: a real trained model. */
let trained: { doc: PipelineDocument; model: ModelValue; node: string; metrics: Record<string, number> };
/** 150,000 rows of every column kind: three chunks per column. */
let wide: Frame;

beforeAll(async () => {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	const add = (key: string, type: string, p: Record<string, string | number> = {}) => {
		const added = addNode(doc, registry, type, { x: Object.keys(ids).length * 200, y: 0 }, p);
		doc = added.doc;
		ids[key] = added.id;
	};
	const link = (a: string, ap: string, b: string, bp: string) => {
		const linked = connect(doc, registry, { node: ids[a], port: ap }, { node: ids[b], port: bp });
		if (!linked.ok) throw new Error(linked.reason);
		doc = linked.doc;
	};
	add('source', 'io.dataset', { source: 'sample', sample: 'penguins' });
	add('split', 'split.train-test', { target: 'Species' });
	add('model', 'model.gbdt', { maxIter: 10 });
	add('evaluate', 'evaluate.metrics');
	link('source', 'data', 'split', 'data');
	link('split', 'data', 'model', 'data');
	link('model', 'model', 'evaluate', 'model');
	link('split', 'data', 'evaluate', 'data');
	const result = await run(doc);
	trained = {
		doc,
		model: result.outputs.get(ids.model)!.model as ModelValue,
		node: ids.model,
		metrics: modelNodeMetrics(doc, result.outputs, ids.model)
	};
	const lines = ['x,label,flag,when,note'];
	for (let i = 0; i < 150_000; i++)
		lines.push(
			`${i % 7 === 0 ? '' : (i * 0.37 - 11).toString()},${['a', 'b', 'c'][i % 3]},${i % 2 ? 'true' : 'false'},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 1000 === 0 ? '' : `"n""${i},"`}`
		);
	wide = readCsv(lines.join('\n'));
});

beforeEach(async () => {
	await db().delete();
	await db().open();
});

function experiment(run: string, project: string): Experiment {
	return {
		id: `${run}:m`,
		run,
		project,
		projectName: 'Penguins',
		node: trained.node,
		nodeType: 'model.gbdt',
		title: 'Boosted trees',
		kind: 'model',
		family: 'gbdt',
		task: 'classification',
		started: '2026-12-01T10:00:00.000Z',
		ms: 40,
		backend: 'typed-arrays',
		status: 'done',
		doc: trained.doc,
		docHash: 'h',
		datasets: ['fp-wide'],
		params: { maxIter: 10, columns: ['a', 'b'] },
		metrics: { ...trained.metrics, odd: NaN },
		curves: { loss: [0.7, 0.5, 0.4, 0.35, 0.3, 0.28, 0.27, 0.26, 0.25] }
	};
}

/** Two projects, two datasets (one of three chunks per column), an annotated experiment, two versions of a model. */
async function fillWorkspace() {
	const a = await createProject({ ...trained.doc, meta: { ...trained.doc.meta, name: 'Penguins' } });
	const b = await createProject({ ...emptyDoc(), meta: { ...emptyDoc().meta, name: 'Wide data' } });
	await storeDataset({ name: 'wide.csv', hash: 'fp-wide', rows: wide.rowCount, columns: 5, bytes: 1, schema: schemaOf(wide) }, wide);
	const penguins = sampleDataset('penguins').frame;
	await storeDataset(
		{
			name: 'penguins.csv',
			hash: 'fp-penguins',
			rows: penguins.rowCount,
			columns: penguins.columns.length,
			bytes: 2,
			schema: schemaOf(penguins)
		},
		penguins
	);
	await saveExperiments([experiment('r1', a.id)]);
	await updateExperiment('r1:m', { notes: 'first go', tags: ['baseline'], starred: true });
	for (const notes of ['v1', 'v2'])
		await saveModelVersion({
			name: 'species',
			model: trained.model,
			doc: trained.doc,
			node: trained.node,
			project: a.id,
			metrics: trained.metrics,
			notes
		});
	return { a, b };
}

/** Everything stored, as plain values to compare (chunks as numbers, records whole). */
async function snapshot() {
	const d = db();
	const datasets = await d.datasets.orderBy('hash').toArray();
	const frames = await Promise.all(datasets.map((r) => loadDatasetFrame(r)));
	return {
		projects: await d.projects.orderBy('id').toArray(),
		datasets: datasets.map(({ id: _id, ...rest }) => rest),
		frames,
		experiments: await d.experiments.orderBy('id').toArray(),
		models: await d.modelVersions.orderBy('id').toArray(),
		names: (await d.modelNames.toArray()).map(({ modified: _m, ...rest }) => rest)
	};
}

async function archive(): Promise<Uint8Array> {
	const { parts } = await exportWorkspace({ created: '2026-12-07T00:00:00.000Z', tessera: '0.1.0' });
	return new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}

async function importInto(bytes: Uint8Array, choice: ConflictChoice = 'skip') {
	const opened = await openWorkspace(bytes, registry);
	const local = await localInventory();
	const plan = planImport(opened.manifest, local);
	let n = 0;
	const counts = await importWorkspace(
		opened,
		resolveImport(plan, choice, local, () => `new-${++n}`)
	);
	return { plan, counts };
}

describe('workspace backup: export → import into an empty browser', () => {
	it('brings back every project, dataset chunk, experiment and model exactly', async () => {
		await fillWorkspace();
		const before = await snapshot();
		const bytes = await archive();
		const opened = await openWorkspace(bytes, registry);
		expect(opened.manifest.counts).toEqual({ projects: 2, datasets: 2, experiments: 1, models: 2 });
		// 5 columns × 3 chunks of the wide dataset, and a single chunk per penguins column.
		expect(Object.keys(opened.manifest.files).filter((f) => f.startsWith('datasets/1/') && f !== 'datasets/1/meta.json')).toHaveLength(15);

		await db().delete();
		await db().open();
		const { plan, counts } = await importInto(bytes);
		expect(plan.tally.project).toEqual({ new: 2, same: 0, differs: 0 });
		expect(counts.dataset).toEqual({ added: 2, replaced: 0, skipped: 0 });
		const after = await snapshot();
		expect(after.projects).toEqual(before.projects);
		expect(after.datasets).toEqual(before.datasets);
		expect(after.frames).toEqual(before.frames);
		expect(after.experiments).toEqual(before.experiments);
		expect(after.experiments[0].metrics.odd).toBeNaN();
		expect(after.models).toEqual(before.models);
		expect(after.names).toEqual(before.names);
		// The restored model predicts every penguin exactly as the original.
		const frame = sampleDataset('penguins').frame;
		const rows = Uint32Array.from({ length: frame.rowCount }, (_, i) => i);
		const restored = (await getVersion('species', 2))!.model;
		const p0 = await predict(trained.model, modelMatrix(trained.model, frame, rows));
		const p1 = await predict(restored, modelMatrix(restored, frame, rows));
		expect(Array.from(p1.proba!)).toEqual(Array.from(p0.proba!));
		// The pipelines still find their data by fingerprint.
		expect((await findDataset('wide.csv', 'fp-wide'))!.rows).toBe(150_000);
	});

	it('the same backup imported again is "already here": nothing is duplicated', async () => {
		await fillWorkspace();
		const bytes = await archive();
		const before = await snapshot();
		const { plan, counts } = await importInto(bytes);
		expect(plan.conflicts).toBe(0);
		expect(plan.items.every((i) => i.status === 'same')).toBe(true);
		expect(counts.project).toEqual({ added: 0, replaced: 0, skipped: 2 });
		expect(await snapshot()).toEqual(before);
		expect(await db().chunks.count()).toBe(15 + sampleDataset('penguins').frame.columns.length);
	});
});

describe('workspace backup: a project changed since the backup', () => {
	async function changed() {
		const { a, b } = await fillWorkspace();
		const bytes = await archive();
		const stored = (await getProject(a.id))!;
		const doc = stored.doc;
		expect(await saveProject(a.id, { ...doc, meta: { ...doc.meta, name: 'Penguins, edited' } }, stored.revision ?? 0)).toMatchObject({
			ok: true
		});
		return { a, b, bytes };
	}

	it('is reported as differing, and "skip" leaves it as it is here', async () => {
		const { a, bytes } = await changed();
		const { plan, counts } = await importInto(bytes, 'skip');
		expect(plan.tally.project).toEqual({ new: 0, same: 1, differs: 1 });
		expect(plan.items.find((i) => i.status === 'differs')).toMatchObject({ kind: 'project', id: a.id, name: 'Penguins' });
		expect(counts.project).toEqual({ added: 0, replaced: 0, skipped: 2 });
		expect((await getProject(a.id))!.name).toBe('Penguins, edited');
	});

	it('"replace" puts the backup\'s version back', async () => {
		const { a, bytes } = await changed();
		const { counts } = await importInto(bytes, 'replace');
		expect(counts.project).toEqual({ added: 0, replaced: 1, skipped: 1 });
		const replaced = (await getProject(a.id))!;
		expect(replaced.name).toBe('Penguins');
		// Past the edited revision: a tab that still holds the edited one cannot save over it.
		expect(replaced.revision).toBe(2);
		expect((await listProjects()).length).toBe(2);
	});

	it('"keep both" adds the backup\'s copy as "… (imported)" beside the edited one', async () => {
		const { a, bytes } = await changed();
		const { counts } = await importInto(bytes, 'keep-both');
		expect(counts.project).toEqual({ added: 1, replaced: 0, skipped: 1 });
		expect((await getProject(a.id))!.name).toBe('Penguins, edited');
		const copy = (await getProject('new-1'))!;
		expect(copy.name).toBe('Penguins (imported)');
		expect(copy.doc.meta.name).toBe('Penguins (imported)');
		expect(copy.doc.nodes).toEqual((await getProject(a.id))!.doc.nodes);
		expect((await listProjects()).map((p) => p.name).sort()).toEqual(['Penguins (imported)', 'Penguins, edited', 'Wide data']);
	});

	it('a model version and an experiment that differ: kept as an imported copy, under a new name and id', async () => {
		await fillWorkspace();
		const bytes = await archive();
		await db().modelVersions.update('species@1', { notes: 'edited here' });
		await updateExperiment('r1:m', { notes: 'edited here' });
		const { plan } = await importInto(bytes, 'keep-both');
		expect(plan.tally.model).toEqual({ new: 0, same: 1, differs: 1 });
		expect(plan.tally.experiment).toEqual({ new: 0, same: 0, differs: 1 });
		expect((await getVersion('species', 1))!.notes).toBe('edited here');
		const copy = (await getVersion('species (imported)', 1))!;
		expect(copy.notes).toBe('v1');
		expect(await getModelName('species (imported)')).toMatchObject({ inUse: 1, lastVersion: 2 });
		expect((await db().experiments.get('new-1'))!.notes).toBe('first go');
		expect((await db().experiments.get('r1:m'))!.notes).toBe('edited here');
	});
});

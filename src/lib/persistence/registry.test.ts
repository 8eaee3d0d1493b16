import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addNode, connect } from '../core/doc/commands';
import type { PipelineDocument } from '../core/doc/types';
import { modelNodeMetrics } from '../core/engine/run-metrics';
import type { RunResult } from '../core/engine/run';
import { modelMatrix } from '../core/nodes/modeling';
import type { DatasetValue, ModelValue } from '../core/nodes/ports';
import { predict } from '../core/nodes/predictors';
import { emptyDoc, registry, run, sampleDataset } from '../core/nodes/test-kit';
import { db } from './db';
import {
	checkModelName,
	deleteVersion,
	getModelName,
	getVersion,
	inUseVersion,
	listModelNames,
	listVersions,
	rollBack,
	saveModelVersion,
	setInUse,
	setLimitations,
	type SaveModelVersionInput
} from './registry';
import { storableIssue } from './storable';

type Params = Record<string, string | number | boolean | string[]>;

/** Builds a document node by node; `link` wires ports by key. */
function builder() {
	let doc = emptyDoc();
	const ids: Record<string, string> = {};
	return {
		add(key: string, type: string, p: Params = {}) {
			const added = addNode(doc, registry, type, { x: Object.keys(ids).length * 200, y: 0 }, p);
			doc = added.doc;
			ids[key] = added.id;
		},
		link(from: string, fromPort: string, to: string, toPort: string) {
			const linked = connect(doc, registry, { node: ids[from], port: fromPort }, { node: ids[to], port: toPort });
			if (!linked.ok) throw new Error(linked.reason);
			doc = linked.doc;
		},
		get doc(): PipelineDocument {
			return doc;
		},
		ids
	};
}

/** penguins → split → boosted trees → Evaluate: a real trained model with test metrics. */
let trained: { doc: PipelineDocument; result: RunResult; model: ModelValue; node: string };

beforeAll(async () => {
	const b = builder();
	b.add('source', 'io.dataset', { source: 'sample', sample: 'penguins' });
	b.add('split', 'split.train-test', { target: 'Species' });
	b.add('model', 'model.gbdt', { maxIter: 20 });
	b.add('evaluate', 'evaluate.metrics');
	b.link('source', 'data', 'split', 'data');
	b.link('split', 'data', 'model', 'data');
	b.link('model', 'model', 'evaluate', 'model');
	b.link('split', 'data', 'evaluate', 'data');
	const result = await run(b.doc);
	expect(Object.fromEntries(result.errors)).toEqual({});
	trained = { doc: b.doc, result, model: result.outputs.get(b.ids.model)!.model as ModelValue, node: b.ids.model };
});

beforeEach(async () => {
	await db().delete();
	await db().open();
});

const input = (name: string, notes = ''): SaveModelVersionInput => ({
	name,
	model: trained.model,
	doc: trained.doc,
	node: trained.node,
	project: 'p1',
	metrics: modelNodeMetrics(trained.doc, trained.result.outputs, trained.node),
	notes
});

async function rawPredictions(model: ModelValue): Promise<Awaited<ReturnType<typeof predict>>> {
	// Every penguin row, through the model's own feature layout (no recipe steps in this pipeline).
	const data: DatasetValue = sampleDataset('penguins');
	const rows = Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i);
	return predict(model, modelMatrix(model, data.frame, rows));
}

describe('model registry: saving', () => {
	it('a stored boosted model comes back structurally equal and predicts exactly as the original', async () => {
		const saved = await saveModelVersion(input('penguin-species', '  first try  '));
		expect(saved).toEqual({ name: 'penguin-species', version: 1, inUse: true });
		const back = (await getVersion('penguin-species', 1))!;
		expect(back.model).toEqual(trained.model);
		expect(back.doc).toEqual(trained.doc);
		expect(back).toMatchObject({
			id: 'penguin-species@1',
			family: 'gbdt',
			task: 'classification',
			target: 'Species',
			project: 'p1',
			node: trained.node,
			notes: 'first try'
		});
		expect(back.features).toEqual([...trained.model.features]);
		// The metrics are the Evaluate node's test figures, prefixed.
		expect(back.metrics['test accuracy']).toBeGreaterThan(0.9);
		expect(back.metrics['test accuracy']).toBe(input('x').metrics['test accuracy']);
		const original = await rawPredictions(trained.model);
		const stored = await rawPredictions(back.model);
		expect(Array.from(stored.codes!)).toEqual(Array.from(original.codes!));
		expect(Array.from(stored.proba!)).toEqual(Array.from(original.proba!));
		expect(original.codes!.length).toBe(344);
	});

	it('numbers versions per name; only the first version becomes the one in use', async () => {
		expect((await saveModelVersion(input('a'))).version).toBe(1);
		expect(await saveModelVersion(input('a'))).toEqual({ name: 'a', version: 2, inUse: false });
		expect(await saveModelVersion(input('b'))).toEqual({ name: 'b', version: 1, inUse: true });
		expect((await inUseVersion('a'))!.version).toBe(1);
		expect((await listVersions('a')).map((v) => v.version)).toEqual([2, 1]);
		expect(await listVersions('nobody')).toEqual([]);
		// Lists leave out the model and the pipeline.
		expect('model' in (await listVersions('a'))[0]).toBe(false);
		const names = await listModelNames();
		expect(names.map((n) => [n.name, n.versions, n.inUse])).toEqual([
			['b', 1, 1],
			['a', 2, 1]
		]);
	});

	it("keeps a version's model-card limitations with it, listed with the version", async () => {
		await saveModelVersion(input('a'));
		await setLimitations('a', 1, 'Not for chicks.');
		expect((await listVersions('a'))[0].limitations).toBe('Not for chicks.');
		expect((await getVersion('a', 1))!.limitations).toBe('Not for chicks.');
		await expect(setLimitations('a', 9, 'x')).rejects.toThrow('"a" has no version 9.');
	});

	it('validates names: trimmed, 1–80 characters, no control characters', async () => {
		expect(checkModelName('  churn  ')).toBe('churn');
		expect(() => checkModelName('   ')).toThrow(/Give the model a name/);
		expect(() => checkModelName('x'.repeat(81))).toThrow(/81 characters long; use at most 80/);
		expect(checkModelName('x'.repeat(80))).toHaveLength(80);
		expect(() => checkModelName('a\tb')).toThrow(/control character/);
		await expect(saveModelVersion(input('bad\nname'))).rejects.toThrow(/control character/);
		expect((await saveModelVersion(input('  spaced  '))).name).toBe('spaced');
		expect(await listModelNames()).toHaveLength(1);
	});
});

describe('model registry: in use and roll back', () => {
	it('marking versions in use keeps a history that roll back walks back through', async () => {
		for (let i = 0; i < 3; i++) await saveModelVersion(input('m'));
		await setInUse('m', 2);
		await setInUse('m', 3);
		await setInUse('m', 3); // already in use: no history entry
		expect(await getModelName('m')).toMatchObject({ inUse: 3, history: [1, 2] });
		expect(await rollBack('m')).toBe(2);
		expect((await inUseVersion('m'))!.version).toBe(2);
		expect(await rollBack('m')).toBe(1);
		await expect(rollBack('m')).rejects.toThrow(/"m" has no earlier version in use to roll back to/);
		await expect(setInUse('m', 9)).rejects.toThrow(/"m" has no version 9/);
		await expect(setInUse('nope', 1)).rejects.toThrow(/no model named "nope"/);
	});
});

describe('model registry: deleting', () => {
	it('refuses to delete the version in use unless it is the last; never reuses a number', async () => {
		for (let i = 0; i < 3; i++) await saveModelVersion(input('m'));
		await setInUse('m', 2);
		await setInUse('m', 3);
		await expect(deleteVersion('m', 3)).rejects.toThrow(/Version 3 of "m" is in use: mark another version in use/);
		// Deleting a version that is on the history removes it there too: roll back skips it.
		await deleteVersion('m', 2);
		expect(await getModelName('m')).toMatchObject({ inUse: 3, history: [1] });
		await deleteVersion('m', 1);
		expect(await getModelName('m')).toMatchObject({ inUse: 3, history: [] });
		await expect(rollBack('m')).rejects.toThrow(/no earlier version/);
		expect((await saveModelVersion(input('m'))).version).toBe(4);
		await deleteVersion('m', 4);
		// The last version goes with its name.
		await deleteVersion('m', 3);
		expect(await getModelName('m')).toBeUndefined();
		expect(await listModelNames()).toEqual([]);
		expect(await db().modelVersions.count()).toBe(0);
		await expect(deleteVersion('m', 3)).rejects.toThrow(/no model named "m"/);
	});

	it('collapses a history that would roll back to the version already in use', async () => {
		for (let i = 0; i < 3; i++) await saveModelVersion(input('m'));
		await setInUse('m', 2); // history [1]
		await setInUse('m', 1); // history [1, 2]
		await setInUse('m', 3); // history [1, 2, 1]
		await setInUse('m', 1); // history [1, 2, 1, 3]
		await deleteVersion('m', 3); // [1, 2, 1] → ends with the version in use → [1, 2]
		expect(await getModelName('m')).toMatchObject({ inUse: 1, history: [1, 2] });
		expect(await rollBack('m')).toBe(2);
	});
});

describe('what can be stored', () => {
	it('every model family the catalog trains on tabular data is plain data', async () => {
		const b = builder();
		b.add('source', 'io.dataset', { source: 'sample', sample: 'iris' });
		b.add('split', 'split.train-test', { target: 'species' });
		b.link('source', 'data', 'split', 'data');
		const models: [string, Params][] = [
			['model.logistic', {}],
			['model.tree', { maxDepth: 3 }],
			['model.forest', { trees: 3 }],
			['model.knn', {}],
			['model.naive-bayes', {}],
			['model.mlp', { epochs: 2, engine: 'tensorflow.js' }],
			['model.mlp', { epochs: 2, engine: 'auto' }]
		];
		models.forEach(([type, params], i) => {
			b.add(`m${i}`, type, params);
			b.link('split', 'data', `m${i}`, 'data');
		});
		b.add('diabetes', 'io.dataset', { source: 'sample', sample: 'diabetes' });
		b.add('split2', 'split.train-test', { target: 'progression' });
		b.add('linear', 'model.linear');
		b.link('diabetes', 'data', 'split2', 'data');
		b.link('split2', 'data', 'linear', 'data');
		const result = await run(b.doc);
		expect(Object.fromEntries(result.errors)).toEqual({});
		const keys = [...models.map((_, i) => `m${i}`), 'linear'];
		const families = keys.map((k) => (result.outputs.get(b.ids[k])!.model as ModelValue).family);
		expect(families).toEqual(['logistic', 'tree', 'forest', 'knn', 'naive-bayes', 'mlp', 'mlp', 'linear']);
		for (const k of keys) {
			const model = result.outputs.get(b.ids[k])!.model as ModelValue;
			expect({ family: model.family, issue: storableIssue(model) }).toEqual({ family: model.family, issue: null });
			expect(structuredClone(model)).toEqual(model);
		}
	});

	it('refuses a model holding a function or a class instance (a tensor, say), and says where', async () => {
		class Tensor {
			constructor(readonly id: number) {}
		}
		expect(storableIssue({ a: [1, { f: () => 1 }] })).toBe('model.a[1].f is a function');
		expect(storableIssue({ weights: new Tensor(1) })).toBe('model.weights is a Tensor object, not plain data');
		expect(storableIssue({ ok: new Float32Array(2), m: new Map([['k', [1]]]), d: new Date(0), n: null })).toBeNull();
		const model = { ...trained.model, estimator: { kernel: new Tensor(3) } };
		await expect(saveModelVersion({ ...input('t'), model })).rejects.toThrow(
			'This gbdt model cannot be stored in the registry: model.estimator.kernel is a Tensor object, not plain data.'
		);
		expect(await listModelNames()).toEqual([]);
	});

	it('a full quota says what to do, and the name is not left half-saved', async () => {
		await saveModelVersion(input('q'));
		const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
		const add = vi.spyOn(db().modelVersions, 'add').mockRejectedValueOnce(quota);
		await expect(saveModelVersion(input('q'))).rejects.toThrow(/storage quota is full.*nothing saved earlier was lost/);
		add.mockRestore();
		expect(await getModelName('q')).toMatchObject({ inUse: 1, lastVersion: 1 });
		expect((await listVersions('q')).map((v) => v.version)).toEqual([1]);
	});
});

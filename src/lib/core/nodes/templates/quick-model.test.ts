import { describe, expect, it } from 'vitest';
import { setParam } from '../../doc/commands';
import { OutputCache } from '../../engine/cache';
import type { EngineEvent } from '../../engine/events';
import { runPipeline } from '../../engine/run';
import { addNode, connect } from '../../doc/commands';
import type { ClassificationMetrics, DatasetValue, MetricsValue } from '../ports';
import { emptyDoc, host, registry, run } from '../test-kit';
import { quickModel } from './quick-model';
import { getColumn } from '../../frame/frame';
import type { Column } from '../../frame/types';

const metricsOf = (res: Awaited<ReturnType<typeof run>>, doc: ReturnType<typeof emptyDoc>) => {
	const id = doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id;
	return res.outputs.get(id)!.metrics as MetricsValue;
};

describe('Quick model', () => {
	it('penguins → Species: a logistic model with test accuracy ≥ 0.90', async () => {
		const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification' });
		expect(doc.nodes.map((n) => n.type)).toEqual([
			'io.dataset', 'explore.table', 'split.train-test', 'explore.profile', 'clean.missing',
			'features.one-hot', 'clean.scale', 'model.logistic', 'evaluate.metrics'
		]);
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const m = metricsOf(res, doc);
		const test = m.test as ClassificationMetrics;
		expect(test.rows).toBe(51);
		expect(test.accuracy).toBeGreaterThanOrEqual(0.9);
		expect(test.labels).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		expect(test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(51);
	});

	it('iris → species: logistic regression reaches ≥ 0.93 test accuracy with a fixed seed', async () => {
		const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'iris' }, target: 'species', task: 'classification', seed: 42 });
		const m = metricsOf(await run(doc), doc);
		expect((m.test as ClassificationMetrics).accuracy).toBeGreaterThanOrEqual(0.93);
	});

	it('changing the split seed re-runs only the split and what follows it', async () => {
		const cache = new OutputCache();
		let doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification' });
		await runPipeline({ doc, registry, cache, host });
		const splitId = doc.nodes.find((n) => n.type === 'split.train-test')!.id;
		const r = setParam(doc, registry, splitId, 'seed', 7);
		if (!r.ok) throw new Error(r.error);
		doc = r.doc;
		const events: EngineEvent[] = [];
		await runPipeline({ doc, registry, cache, host, onEvent: (e) => events.push(e) });
		const typeOf = (id: string) => doc.nodes.find((n) => n.id === id)!.type;
		const cached = events.filter((e) => e.type === 'cached').map((e) => typeOf(e.node)).sort();
		const ran = events.filter((e) => e.type === 'started').map((e) => typeOf(e.node)).sort();
		expect(cached).toEqual(['explore.profile', 'explore.table', 'io.dataset']);
		expect(ran).toEqual(['clean.missing', 'clean.scale', 'evaluate.metrics', 'features.one-hot', 'model.logistic', 'split.train-test']);
	});

	it('Predict replays the fitted recipe on raw rows and agrees with the trained pipeline', async () => {
		let doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification' });
		const dataId = doc.nodes.find((n) => n.type === 'io.dataset')!.id;
		const modelId = doc.nodes.find((n) => n.type === 'model.logistic')!.id;
		const added = addNode(doc, registry, 'deploy.predict', { x: 0, y: 0 });
		doc = added.doc;
		for (const [from, fp, tp] of [[modelId, 'model', 'model'], [dataId, 'data', 'data']] as const) {
			const c = connect(doc, registry, { node: from, port: fp }, { node: added.id, port: tp });
			if (!c.ok) throw new Error(c.reason);
			doc = c.doc;
		}
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const out = res.outputs.get(added.id)!.data as DatasetValue;
		expect(out.frame.rowCount).toBe(344);
		const pred = getColumn(out.frame, 'prediction') as Extract<Column, { kind: 'category' }>;
		const truth = getColumn(out.frame, 'Species') as Extract<Column, { kind: 'category' }>;
		let agree = 0;
		for (let i = 0; i < 344; i++) if (pred.dictionary[pred.codes[i]] === truth.dictionary[truth.codes[i]]) agree++;
		expect(agree / 344).toBeGreaterThan(0.95);
		// the raw columns are kept beside the prediction and the class probabilities
		expect(out.frame.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['Island', 'Sex', 'p(Adelie)', 'p(Gentoo)']));
	});

	it('seattle-weather → temp_max: linear regression with R² close to 1', async () => {
		const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'seattle-weather' }, target: 'temp_max', task: 'regression' });
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const m = metricsOf(res, doc);
		expect(m.test!.task).toBe('regression');
		if (m.test!.task === 'regression') expect(m.test!.r2).toBeGreaterThan(0.7);
	});
});

import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { getColumn } from '../../../frame/frame';
import { readCsv } from '../../../readers/csv';
import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import { modelMatrix } from '../../modeling';
import type { ClassificationMetrics, DatasetValue, MetricsValue, ModelValue, RegressionMetrics } from '../../ports';
import { predict } from '../../predictors';
import { quickModel, type ModelFamily } from '../../templates/quick-model';
import { emptyDoc, registry, run, sampleDataset, testContext } from '../../test-kit';
import split from '../split/split';
import knn from './knn';
import naiveBayes from './naive-bayes';
import type { TableReport } from '../../reports';
import type { ReportValue } from '../../ports';

const ctx = testContext();

async function splitOf(data: DatasetValue, target: string): Promise<DatasetValue> {
	return (await split.run!({ data }, { target, train: 0.7, validation: 0.15, stratify: false, seed: 1 } as never, ctx))
		.data as DatasetValue;
}

const KNN = { task: 'auto', features: [], k: 5, weights: 'uniform', metric: 'euclidean', power: 3, maxRows: 100_000, seed: 0 };
const NB = { variant: 'gaussian', features: [], varSmoothing: 1e-9, alpha: 1 };

async function quick(sample: string, target: string, task: 'classification' | 'regression', model: ModelFamily) {
	const doc = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 42 });
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	return { doc, res, id, metrics: res.outputs.get(id('evaluate.metrics'))!.metrics as MetricsValue };
}

describe('model.knn and model.naive-bayes in a pipeline', () => {
	it('Quick model with k-NN on penguins: Evaluate scores it and Predict replays the recipe on raw rows', async () => {
		const { doc, metrics, id } = await quick('penguins', 'Species', 'classification', 'knn');
		expect(metrics.model).toBe('knn');
		expect((metrics.test as ClassificationMetrics).accuracy).toBeGreaterThanOrEqual(0.95);
		let d: PipelineDocument = doc;
		const added = addNode(d, registry, 'deploy.predict', { x: 0, y: 0 });
		d = added.doc;
		for (const [from, fp, tp] of [
			[id('model.knn'), 'model', 'model'],
			[id('io.dataset'), 'data', 'data']
		] as const) {
			const c = connect(d, registry, { node: from, port: fp }, { node: added.id, port: tp });
			if (!c.ok) throw new Error(c.reason);
			d = c.doc;
		}
		const res = await run(d);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const out = res.outputs.get(added.id)!.data as DatasetValue;
		const pred = getColumn(out.frame, 'prediction') as Extract<Column, { kind: 'category' }>;
		const truth = getColumn(out.frame, 'Species') as Extract<Column, { kind: 'category' }>;
		let agree = 0;
		for (let i = 0; i < out.frame.rowCount; i++) if (pred.dictionary[pred.codes[i]] === truth.dictionary[truth.codes[i]]) agree++;
		expect(agree / out.frame.rowCount).toBeGreaterThan(0.95);
		expect(out.frame.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['p(Adelie)', 'p(Chinstrap)', 'p(Gentoo)']));
	});

	it('Quick model with k-NN regression on diabetes, and naive Bayes on iris', async () => {
		const reg = await quick('diabetes', 'progression', 'regression', 'knn');
		expect((reg.metrics.test as RegressionMetrics).r2).toBeGreaterThan(0.2);
		const nb = await quick('iris', 'species', 'classification', 'naive-bayes');
		expect(nb.metrics.model).toBe('naive-bayes');
		expect((nb.metrics.test as ClassificationMetrics).accuracy).toBeGreaterThanOrEqual(0.9);
	});
});

describe('model.knn', () => {
	it('keeps a seeded sample above Max stored rows and says so; the state survives JSON', async () => {
		const data = await splitOf(sampleDataset('iris'), 'species');
		const a = await knn.run!({ data }, { ...KNN, maxRows: 100 } as never, ctx);
		const b = await knn.run!({ data }, { ...KNN, maxRows: 100 } as never, ctx);
		const model = a.model as ModelValue;
		const state = model.estimator as { rows: number; X: number[] };
		expect(state.rows).toBe(100);
		expect(state.X).toEqual((b.model as ModelValue).estimator && (b.model as ModelValue & { estimator: { X: number[] } }).estimator.X);
		expect(JSON.stringify(a.report)).toMatch(/100 of 105 \(a seeded sample/);
		const restored = { ...model, estimator: JSON.parse(JSON.stringify(model.estimator)) };
		const X = modelMatrix(model, data.frame, Uint32Array.from([0, 60, 120]));
		expect(await predict(restored, X)).toEqual(await predict(model, X));
	});

	it('explains k above the training rows, a text target, a missing value and one class', async () => {
		const data = await splitOf(sampleDataset('iris'), 'species');
		await expect(async () => knn.run!({ data }, { ...KNN, k: 200 } as never, ctx)).rejects.toThrow(
			/k is 200 but there are only 105 training rows: set Neighbours \(k\) to 105/
		);
		await expect(async () => knn.run!({ data }, { ...KNN, task: 'regression' } as never, ctx)).rejects.toThrow(
			/target "species" is category; regression needs a number/
		);
		const penguins = await splitOf(sampleDataset('penguins'), 'Species');
		await expect(async () => knn.run!({ data: penguins }, { ...KNN, features: ['Beak Length (mm)'] } as never, ctx)).rejects.toThrow(
			/feature "Beak Length \(mm\)" has \d+ missing values?: add a Missing values node/
		);
		const one = await splitOf(datasetOf(readCsv('x,y\n' + Array.from({ length: 20 }, (_, i) => `${i},a`).join('\n')), 't'), 'y');
		await expect(async () => knn.run!({ data: one }, KNN as never, ctx)).rejects.toThrow(/only one class \(a\)/);
	});

	it('a Cancel before the rows are stored is an AbortError', async () => {
		const data = await splitOf(sampleDataset('iris'), 'species');
		const controller = new AbortController();
		controller.abort();
		await expect(async () => knn.run!({ data }, KNN as never, { ...ctx, signal: controller.signal })).rejects.toMatchObject({
			name: 'AbortError'
		});
	});
});

describe('model.naive-bayes', () => {
	it('Gaussian reads missing values natively; the class table reports the priors', async () => {
		const data = await splitOf(sampleDataset('penguins'), 'Species');
		const out = await naiveBayes.run!({ data }, { ...NB, features: ['Beak Length (mm)', 'Flipper Length (mm)'] } as never, ctx);
		const model = out.model as ModelValue;
		expect(model.nativeMissing).toBe(true);
		expect(model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		const all = Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i);
		const p = await predict(model, modelMatrix(model, data.frame, all));
		expect(p.proba!.every(Number.isFinite)).toBe(true);
		const report = (out.report as ReportValue).report as TableReport & { rows: (string | number)[][] };
		expect(report.rows.reduce((s, r) => s + (r[2] as number), 0)).toBeCloseTo(1, 12);
	});

	it('multinomial learns counts and names a column with negative values', async () => {
		const lines = ['w1,w2,w3,label'];
		for (let i = 0; i < 40; i++) lines.push(i % 2 ? `${i % 5},0,${1 + (i % 3)},spam` : `0,${1 + (i % 4)},${i % 2},ham`);
		const data = await splitOf(datasetOf(readCsv(lines.join('\n')), 'counts'), 'label');
		const out = await naiveBayes.run!({ data }, { ...NB, variant: 'multinomial' } as never, ctx);
		const model = out.model as ModelValue;
		const X = modelMatrix(model, data.frame, Uint32Array.from([0, 1]));
		expect(Array.from((await predict(model, X)).codes!).map((c) => model.classes![c])).toEqual(['ham', 'spam']);
		const negative = await splitOf(datasetOf(readCsv(lines.join('\n').replaceAll('\n0,1,', '\n0,-1,')), 'neg'), 'label');
		await expect(async () => naiveBayes.run!({ data: negative }, { ...NB, variant: 'multinomial' } as never, ctx)).rejects.toThrow(
			/feature "w2" has negative values; multinomial naive Bayes reads counts/
		);
	});
});

import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { getColumn } from '../../../frame/frame';
import { accuracyOf } from '../../../ml/reference/reference-data';
import type { GbdtState } from '../../../ml/trees/hist-gbdt';
import { classCodes, modelMatrix } from '../../modeling';
import { defaultParams } from '../../params';
import { Role, type DatasetValue, type MetricsValue, type ModelValue, type ReportValue } from '../../ports';
import { predict } from '../../predictors';
import { emptyDoc, registry, run, sampleDataset, testContext } from '../../test-kit';
import gbdt from './gbdt';
import type { TableReport } from '../../reports';

const MEASURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

/** Penguins under the shared split protocol (rows with all four measurements; every fourth a test row). */
function penguinsProtocol(): { data: DatasetValue; test: Uint32Array } {
	const base = sampleDataset('penguins');
	const roles = new Uint8Array(base.frame.rowCount);
	const test: number[] = [];
	let k = 0;
	for (let r = 0; r < roles.length; r++) {
		const complete = MEASURES.every((m) => {
			const col = getColumn(base.frame, m);
			return col.kind === 'number' && !Number.isNaN(col.values[r]);
		});
		if (!complete) continue;
		roles[r] = k % 4 === 3 ? Role.test : Role.train;
		if (roles[r] === Role.test) test.push(r);
		k++;
	}
	return { data: { ...base, target: 'Species', roles }, test: Uint32Array.from(test) };
}

async function train(data: DatasetValue, params: Record<string, unknown> = {}, signal?: AbortSignal) {
	const ctx = { ...testContext(), ...(signal ? { signal } : {}) };
	const out = await gbdt.run!({ data }, { ...defaultParams(gbdt.params), ...params } as never, ctx);
	return { model: out.model as ModelValue, report: out.report as ReportValue };
}

describe('model.gbdt', () => {
	/*
	 * scikit-learn 1.2.1, penguins with Island and Sex as categorical features (ordinal codes, NaN missing),
	 * rows with all four measurements, every fourth a test row:
	 * /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); import numpy as np, pandas as pd
	 * from protocol import SAMPLES, SETS; from sklearn.ensemble import HistGradientBoostingClassifier as C
	 * df = pd.read_csv(SAMPLES + '/penguins.csv'); num = SETS['penguins'][0]
	 * df = df.dropna(subset=num + ['Species']).reset_index(drop=True); X = df[num].copy()
	 * for c in ['Island', 'Sex']: cats = sorted(df[c].dropna().unique()); X[c] = df[c].map({v: i for i, v in enumerate(cats)})
	 * X = X.to_numpy(dtype=float); y = df['Species'].to_numpy(); test = np.arange(len(df)) % 4 == 3
	 * print(C(categorical_features=[4, 5], random_state=0).fit(X[~test], y[~test]).score(X[test], y[test]))"
	 * → 0.9882352941176471
	 */
	it('penguins with Island and Sex as categories: test accuracy within 0.02 of scikit-learn', async () => {
		const { data, test } = penguinsProtocol();
		const { model, report } = await train(data, { features: [...MEASURES, 'Island', 'Sex'] });
		expect(model.levels?.Island).toHaveLength(3);
		expect(model.nativeMissing).toBe(true);
		const state = model.estimator as GbdtState;
		expect(state.categorical).toEqual([false, false, false, false, true, true]);
		expect(state.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
		const truth = classCodes(data.frame, 'Species', test, model.classes!);
		const pred = await predict(model, modelMatrix(model, data.frame, test));
		const accuracy = accuracyOf(pred.codes!, truth);
		expect(Math.abs(accuracy - 0.9882352941176471)).toBeLessThanOrEqual(0.02);
		expect(JSON.parse(JSON.stringify(model.estimator))).toEqual(model.estimator);
		const rows = (report.report as TableReport).rows as (string | number)[][];
		expect(rows).toHaveLength(6);
		expect(rows[0][2]).toBeGreaterThanOrEqual(rows[5][2] as number);
	});

	it('takes every number, boolean and category column by default and records the loss per round', async () => {
		const { data } = penguinsProtocol();
		const { model } = await train(data, { maxIter: 5 });
		expect(model.features).toEqual(['Island', ...MEASURES, 'Sex']);
		expect(model.curves.loss).toHaveLength(5);
		expect(model.curves.loss[4]).toBeLessThan(model.curves.loss[0]);
	});

	it('Cancel after some rounds returns the model so far, noted as cancelled; before any round it throws', async () => {
		const { data } = penguinsProtocol();
		const controller = new AbortController();
		let rounds = 0;
		const ctx = { ...testContext(), signal: controller.signal, progress: () => ++rounds >= 2 && controller.abort() };
		const out = await gbdt.run!({ data }, { ...defaultParams(gbdt.params), maxIter: 1000 } as never, ctx);
		const model = out.model as ModelValue;
		expect(model.stopped?.reason).toBe('cancelled');
		expect(model.stopped!.completed).toBeGreaterThanOrEqual(1);
		expect((model.estimator as GbdtState).trees.length).toBe(model.stopped!.completed * 3);
		await expect(train(data, {}, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('refuses a missing target, a one-class target and regression on classes, naming them', async () => {
		const { data } = penguinsProtocol();
		await expect(train({ ...data, target: null })).rejects.toThrow(/no target/);
		const adelie = new Uint8Array(data.roles!);
		const species = getColumn(data.frame, 'Species');
		if (species.kind !== 'category') throw new Error('Species should read as a category');
		adelie.forEach((role, r) => role === Role.train && species.dictionary[species.codes[r]] !== 'Adelie' && (adelie[r] = Role.test));
		await expect(train({ ...data, roles: adelie })).rejects.toThrow(/only one class \(Adelie\)/);
		await expect(train(data, { task: 'regression' })).rejects.toThrow(/regression needs a number target/);
	});

	it('runs in a pipeline: Split → gradient-boosted trees (early stopping on the validation rows) → Evaluate and Predict', async () => {
		let doc: PipelineDocument = emptyDoc();
		const ids: Record<string, string> = {};
		const add = (key: string, type: string, params: Record<string, string | number> = {}) => {
			const r = addNode(doc, registry, type, { x: 0, y: 0 }, params);
			doc = r.doc;
			ids[key] = r.id;
		};
		add('data', 'io.dataset', { source: 'sample', sample: 'penguins' });
		add('split', 'split.train-test', { target: 'Species' });
		add('model', 'model.gbdt', { earlyStopping: 'on', learningRate: 0.3 });
		add('evaluate', 'evaluate.metrics');
		add('predict', 'deploy.predict');
		for (const [from, fp, to, tp] of [
			[ids.data, 'data', ids.split, 'data'],
			[ids.split, 'data', ids.model, 'data'],
			[ids.model, 'model', ids.evaluate, 'model'],
			[ids.split, 'data', ids.evaluate, 'data'],
			[ids.model, 'model', ids.predict, 'model'],
			[ids.data, 'data', ids.predict, 'data']
		]) {
			const r = connect(doc, registry, { node: from, port: fp }, { node: to, port: tp });
			if (!r.ok) throw new Error(r.reason);
			doc = r.doc;
		}
		const res = await run(doc);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const model = res.outputs.get(ids.model)!.model as ModelValue;
		expect(model.curves.val_loss!.length).toBe(model.curves.loss.length);
		const metrics = res.outputs.get(ids.evaluate)!.metrics as MetricsValue;
		expect(metrics.test?.task === 'classification' && metrics.test.accuracy).toBeGreaterThan(0.9);
		// Predict scores every raw row, those with missing measurements or Sex included.
		const out = res.outputs.get(ids.predict)!.data as DatasetValue;
		expect(out.frame.rowCount).toBe(344);
		expect(getColumn(out.frame, 'prediction').kind).toBe('category');
	});
});

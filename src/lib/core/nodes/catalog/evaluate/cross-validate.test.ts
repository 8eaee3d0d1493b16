import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import { retrain } from '../../../engine/recipe';
import type { Column } from '../../../frame/types';
import type { DatasetValue, ModelValue, ReportValue } from '../../ports';
import type { TableReport } from '../../reports';
import { emptyDoc, registry, run, testContext } from '../../test-kit';
import { quickModel } from '../../templates/quick-model';

async function penguinsWithCv(
	params: Record<string, string | number> = {},
	sample = { name: 'penguins', target: 'Species', model: 'logistic' as const }
) {
	const task = sample.name === 'penguins' ? 'classification' : 'regression';
	let doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: sample.name },
		target: sample.target,
		task,
		model: sample.model,
		seed: 42
	});
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	const cv = addNode(doc, registry, 'evaluate.cross-validate', { x: 0, y: 0 }, params);
	doc = cv.doc;
	for (const [from, fp, tp] of [
		[id(`model.${sample.model}`), 'model', 'model'],
		[id('split.train-test'), 'data', 'data']
	] as const) {
		const c = connect(doc, registry, { node: from, port: fp }, { node: cv.id, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await run(doc);
	return {
		res,
		cv: cv.id,
		split: res.outputs.get(id('split.train-test'))!.data as DatasetValue,
		model: res.outputs.get(id(`model.${sample.model}`))!.model as ModelValue
	};
}

describe('evaluate.cross-validate', () => {
	it('holds each non-test row out once and reports every fold with mean ± std', async () => {
		const { res, cv, split } = await penguinsWithCv({ folds: 5 });
		expect(Object.fromEntries(res.errors)).toEqual({});
		const report = (res.outputs.get(cv)!.report as ReportValue).report as TableReport;
		expect(report.columns).toEqual(['fold', 'training rows', 'held-out rows', 'accuracy', 'macro F1', 'ROC-AUC']);
		expect(report.rows.map((r) => r[0])).toEqual(['fold 1', 'fold 2', 'fold 3', 'fold 4', 'fold 5', 'mean', 'std']);
		const nonTest = split.roles!.filter((r) => r !== 3).length;
		expect(report.rows.slice(0, 5).reduce((a, r) => a + (r[2] as number), 0)).toBe(nonTest);
		for (const r of report.rows.slice(0, 5)) expect((r[1] as number) + (r[2] as number)).toBe(nonTest);
		const mean = report.rows[5][3] as number;
		expect(mean).toBeGreaterThanOrEqual(0.95);
		expect(report.title).toMatch(/^5-fold stratified cross-validation of logistic: accuracy 0\.9\d{3} ± 0\.\d{4}$/);
		// The chart's figures are the table's.
		expect(report.folds!.metrics).toEqual(['accuracy', 'macro F1', 'ROC-AUC']);
		expect(report.folds!.values.map((v) => v[0])).toEqual(report.rows.slice(0, 5).map((r) => r[3]));
		expect(report.folds!.mean[0]).toBe(mean);
	});

	it('refits the recipe on the training rows only: changing the held-out rows changes nothing learnt', async () => {
		const { split, model } = await penguinsWithCv();
		const roles = new Uint8Array(split.frame.rowCount).map((_, i) => (i % 5 === 0 ? 2 : 1));
		const scrambled = split.frame.columns.map((c): Column => {
			if (c.kind !== 'number') return c;
			// Held-out rows get absurd values: a leaking imputer or scaler would move.
			return { ...c, values: c.values.map((v, i) => (roles[i] === 2 ? v * 1000 + 7 : v)) };
		});
		const a = await retrain(registry, { ...split, roles }, model, testContext());
		const b = await retrain(registry, { ...split, frame: { ...split.frame, columns: scrambled }, roles }, model, testContext());
		expect(b.data.recipe.map((s) => s.state)).toEqual(a.data.recipe.map((s) => s.state));
		expect(b.model.estimator).toEqual(a.model.estimator);
		// ...while the original fit (other training rows) differs: the fold really refitted.
		expect(a.data.recipe.map((s) => s.state)).not.toEqual(model.recipe.map((s) => s.state));
	});

	it('grouped folds need a group column; time-series folds train on the past only (Seattle weather, by date)', async () => {
		const grouped = await penguinsWithCv({ scheme: 'grouped' });
		expect(grouped.res.errors.get(grouped.cv)).toBe('Cross-validate: Grouped folds need a Group column');
		const { res, cv } = await penguinsWithCv(
			{ scheme: 'time-series', folds: 3 },
			{ name: 'seattle-weather', target: 'temp_max', model: 'linear' as never }
		);
		expect(Object.fromEntries(res.errors)).toEqual({});
		const report = (res.outputs.get(cv)!.report as ReportValue).report as TableReport;
		expect(report.columns.slice(3)).toEqual(['RMSE', 'MAE', 'R²']);
		const training = report.rows.slice(0, 3).map((r) => r[1] as number);
		expect(training[0]).toBeLessThan(training[1]);
		expect(training[1]).toBeLessThan(training[2]);
		expect(report.rows[3][5] as number).toBeGreaterThan(0.5);
	});
});

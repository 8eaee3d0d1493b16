import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import type { LinearState } from '../../../ml/models/linear';
import type { ModelValue, ReportValue } from '../../ports';
import { quickModel, type ModelFamily } from '../../templates/quick-model';
import { emptyDoc, registry, run } from '../../test-kit';
import type { ExplainReport } from './explain';

type Task = 'classification' | 'regression';

async function explain(sample: string, target: string, task: Task, model: ModelFamily, params: Record<string, string | number>) {
	return (await explainWithModel(sample, target, task, model, params)).report;
}

/** Quick model plus Explain model, fed the same model and data as Evaluate. */
async function explainWithModel(sample: string, target: string, task: Task, model: ModelFamily, params: Record<string, string | number>) {
	let doc: PipelineDocument = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 42 });
	const evaluate = doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id;
	const feeds = (port: string) => doc.edges.find((e) => e.to.node === evaluate && e.to.port === port)!.from;
	const [modelFrom, dataFrom] = [feeds('model'), feeds('data')];
	const added = addNode(doc, registry, 'evaluate.explain', { x: 960, y: 370 }, params);
	doc = added.doc;
	for (const [from, to] of [
		[modelFrom, 'model'],
		[dataFrom, 'data']
	] as const) {
		const c = connect(doc, registry, from, { node: added.id, port: to });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	return {
		report: (res.outputs.get(added.id)!.report as ReportValue).report as ExplainReport,
		model: res.outputs.get(modelFrom.node)![modelFrom.port] as ModelValue
	};
}

/** Each explained row's SHAP values sum, per output, to the same total less the expected value. */
function additive(r: ExplainReport, rows = Math.min(200, r.explained)): void {
	const shap = r.shap!;
	expect(shap.values.length).toBe(rows);
	let worst = 0;
	shap.values.forEach((row, i) =>
		shap.outputs.forEach((_, k) => {
			const sum = row.reduce((a, f) => a + f[k], shap.expected[k]);
			worst = Math.max(worst, Math.abs(sum - shap.predictions[i][k]));
		})
	);
	expect(worst).toBeLessThan(1e-6);
}

describe('Explain model node', () => {
	it('is in the catalog with a label and help for every param', () => {
		const def = registry.get('evaluate.explain')!;
		expect(def).toMatchObject({ category: 'evaluate', title: 'Explain model', version: 1 });
		for (const spec of Object.values(def.params)) expect(spec.label && spec.help).toBeTruthy();
	});

	it('penguins, gradient boosting: permutation importances, TreeSHAP on the class margins, partial dependence', async () => {
		const r = await explain('penguins', 'Species', 'classification', 'gbdt', { repeats: 3, feature: 'Flipper Length (mm)' });
		expect(r.type).toBe('explain');
		expect(r.baseline.metric).toBe('accuracy');
		expect(r.baseline.score).toBeGreaterThan(0.9);
		expect(r.rows.length).toBe(r.shap!.meanAbs.length);
		expect(r.columns.at(-1)).toBe('mean |SHAP|');
		expect(r.shap!.outputs).toEqual(['margin of Adelie', 'margin of Chinstrap', 'margin of Gentoo']);
		additive(r);
		for (const row of r.rows) expect(row[3] as number).toBeLessThanOrEqual(row[4] as number);
		expect(r.partialDependence!.outputs.length).toBe(3);
		expect(r.partialDependence!.average.length).toBe(r.partialDependence!.grid.length);
		expect(JSON.parse(JSON.stringify(r)).shap.values.length).toBe(r.shap!.values.length);
	});

	it('diabetes, random forest: SHAP on the prediction; expected value near the mean target', async () => {
		const r = await explain('diabetes', 'progression', 'regression', 'forest', { rows: 'test', repeats: 2 });
		expect(r.split).toBe('test');
		expect(r.baseline.metric).toBe('r2');
		expect(r.shap!.outputs).toEqual(['prediction']);
		expect(r.shap!.expected[0]).toBeGreaterThan(120);
		expect(r.shap!.expected[0]).toBeLessThan(180);
		additive(r);
		// bmi carries much of diabetes' signal.
		const meanAbs = r.shap!.meanAbs;
		const order = [...meanAbs.keys()].sort((a, b) => meanAbs[b] - meanAbs[a]);
		const names = r.rows.map((row) => row[0]);
		expect(names).toContain('bmi');
		expect(order.length).toBe(names.length);
		// The table is sorted by permutation importance.
		expect(names.slice(0, 3)).toContain('bmi');
		expect(r.partialDependence).toBeNull();
	});

	it('diabetes, linear regression: KernelSHAP, exact for a linear model: φ_j(a) − φ_j(b) = coef_j (x_aj − x_bj)', async () => {
		const { report: r, model } = await explainWithModel('diabetes', 'progression', 'regression', 'linear', {
			repeats: 2,
			shapRows: 20,
			background: 30
		});
		const shap = r.shap!;
		// 10 features: all 2^10 − 2 coalitions are enumerated, so these are exact Shapley values.
		expect(shap).toMatchObject({ method: 'kernel', coalitions: 1022, exact: true, background: 30, outputs: ['prediction'] });
		expect(r.note).toBeNull();
		expect(r.columns.at(-1)).toBe('mean |SHAP|');
		additive(r, 20);
		// For f = b + w·x the interventional Shapley value is w_j (x_j − mean of the background's x_j).
		const coef = (model.estimator as LinearState).coef;
		let worst = 0;
		for (let i = 1; i < 20; i++)
			coef.forEach((w, j) => {
				const expected = w * (shap.features[i][j] - shap.features[0][j]);
				worst = Math.max(worst, Math.abs(shap.values[i][j][0] - shap.values[0][j][0] - expected));
			});
		expect(worst).toBeLessThan(1e-9);
	});

	it('penguins, logistic regression: KernelSHAP on each class probability sums to the prediction', async () => {
		const r = await explain('penguins', 'Species', 'classification', 'logistic', {
			repeats: 2,
			shapRows: 30,
			background: 20,
			feature: 'Beak Length (mm)'
		});
		const shap = r.shap!;
		expect(shap.method).toBe('kernel');
		expect(shap.outputs).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		additive(r, Math.min(30, r.explained));
		// Probabilities: the expected values and each row's predictions sum to 1 over the classes.
		expect(shap.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
		for (const p of shap.predictions) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
		// Beak length separates Adelie from Chinstrap: it carries SHAP weight.
		const j = r.rows.findIndex((row) => row[0] === 'Beak Length (mm)');
		expect(r.rows[j].at(-1) as number).toBeGreaterThan(0.01);
		expect(r.partialDependence!.outputs).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
	});

	it('the same seed gives the same KernelSHAP values', async () => {
		const params = { repeats: 1, shapRows: 5, background: 10, seed: 3 };
		const a = await explain('penguins', 'Species', 'classification', 'logistic', params);
		const b = await explain('penguins', 'Species', 'classification', 'logistic', params);
		expect(a.shap!.values).toEqual(b.shap!.values);
	});
});

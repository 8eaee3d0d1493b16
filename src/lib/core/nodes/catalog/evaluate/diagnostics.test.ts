import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../doc/commands';
import type { PipelineDocument } from '../../../doc/types';
import { metricsAtThreshold } from '../../../ml/evaluation/threshold';
import type { ClassificationMetrics, MetricsValue, RegressionMetrics, ReportValue } from '../../../nodes/ports';
import { quickModel, type ModelFamily } from '../../templates/quick-model';
import { emptyDoc, registry, run } from '../../test-kit';
import type { ClassificationDiagnosticsReport, RegressionDiagnosticsReport } from './diagnostics';

/** Quick model plus Evaluation charts fed by the same model and data as Evaluate. */
async function charts(
	sample: string,
	target: string,
	task: 'classification' | 'regression',
	model: ModelFamily,
	rows: 'validation' | 'test'
) {
	let doc: PipelineDocument = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: sample }, target, task, model, seed: 42 });
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	const added = addNode(doc, registry, 'evaluate.diagnostics', { x: 960, y: 370 }, { rows });
	doc = added.doc;
	for (const [from, fp, tp] of [
		[id(`model.${model}`), 'model', 'model'],
		[id('clean.scale'), 'data', 'data']
	] as const) {
		const c = connect(doc, registry, { node: from, port: fp }, { node: added.id, port: tp });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
	}
	const res = await run(doc);
	expect(Object.fromEntries(res.errors)).toEqual({});
	const metrics = res.outputs.get(id('evaluate.metrics'))!.metrics as MetricsValue;
	const report = (res.outputs.get(added.id)!.report as ReportValue).report;
	return { metrics, report };
}

describe('Evaluation charts node', () => {
	it('is in the catalog with a label and help for every param', () => {
		const def = registry.get('evaluate.diagnostics')!;
		expect(def.category).toBe('evaluate');
		expect(def.title).toBe('Evaluation charts');
		for (const spec of Object.values(def.params)) expect(spec.label && spec.help).toBeTruthy();
	});

	it('penguins (3 classes): per-class report and one-vs-rest curves agree with Evaluate', async () => {
		const { metrics, report } = await charts('penguins', 'Species', 'classification', 'logistic', 'test');
		const r = report as ClassificationDiagnosticsReport;
		const m = metrics.test as ClassificationMetrics;
		expect(r).toMatchObject({ type: 'diagnostics', task: 'classification', split: 'test', count: m.rows });
		expect(r.report.accuracy).toBeCloseTo(m.accuracy, 12);
		expect(r.report.macro.f1).toBeCloseTo(m.f1Macro, 12);
		expect(r.report.confusion).toEqual(m.confusion);
		expect(r.auc!.macro).toBeCloseTo(m.rocAuc!, 10);
		expect(r.curves.map((c) => c.label)).toEqual(r.labels);
		for (const c of r.curves) {
			expect(c.roc.fpr[0]).toBe(0);
			expect(c.roc.tpr.at(-1)).toBe(1);
			expect(c.averagePrecision).toBeGreaterThan(0.8);
			expect(c.lift.at(-1)!.cumulativeGain).toBeCloseTo(1, 12);
		}
		expect(r.pairs!.truth.length).toBe(m.rows);
		expect(r.pairs!.scores.length).toBe(3);
		// The page's live recomputation from the pairs gives the counts a class-vs-rest split would.
		const c0 = r.curves[0];
		const at = metricsAtThreshold(
			r.pairs!.scores[0],
			r.pairs!.truth.map((t) => t === c0.code),
			0
		);
		expect(at.tp + at.fn).toBe(c0.positives);
		expect(JSON.parse(JSON.stringify(r)).curves.length).toBe(3);
	});

	it('diabetes (regression): predicted vs actual, residuals and deciles agree with Evaluate', async () => {
		const { metrics, report } = await charts('diabetes', 'progression', 'regression', 'linear', 'validation');
		const r = report as RegressionDiagnosticsReport;
		const m = metrics.validation as RegressionMetrics;
		expect(r).toMatchObject({ type: 'diagnostics', task: 'regression', split: 'validation', rows: m.rows });
		expect(r.r2).toBeCloseTo(m.r2, 10);
		expect(r.rmse).toBeCloseTo(m.rmse, 10);
		expect(r.mae).toBeCloseTo(m.mae, 10);
		expect(r.points.actual.length).toBe(m.rows);
		expect(r.residualHistogram.counts.reduce((a, b) => a + b, 0)).toBe(m.rows);
		expect(r.byDecile.length).toBe(10);
		expect(r.byDecile.reduce((a, b) => a + b.rows, 0)).toBe(m.rows);
	});
});

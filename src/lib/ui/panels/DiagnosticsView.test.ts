import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { calibrationCurve } from '../../core/ml/evaluation/calibration';
import { liftByDecile } from '../../core/ml/evaluation/lift';
import { classificationReport } from '../../core/ml/evaluation/per-class';
import { averagePrecision, precisionRecallCurve } from '../../core/ml/evaluation/precision-recall';
import { regressionDiagnostics } from '../../core/ml/evaluation/regression';
import { binaryRocAuc, rocCurve } from '../../core/ml/evaluation/roc';
import type { ClassificationDiagnosticsReport, RegressionDiagnosticsReport } from '../../core/nodes/catalog/evaluate/diagnostics';
import DiagnosticsView from './DiagnosticsView.svelte';

const Y = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0];
const S = [0.1, 0.8, 0.4, 0.4, 0.9, 0.6, 0.8, 0.7, 0.2, 0.6, 0.4, 0.1];

/** Server-rendered once: the views mount with the figures at the default threshold 0.5. */
describe('DiagnosticsView (server render)', () => {
	it('classification: slider, threshold figures, curves and per-class table', () => {
		const roc = rocCurve(S, Y);
		const pr = precisionRecallCurve(S, Y);
		const report: ClassificationDiagnosticsReport = {
			type: 'diagnostics',
			task: 'classification',
			split: 'test',
			model: 'logistic',
			count: 12,
			labels: ['no', 'yes'],
			report: classificationReport(
				Y,
				S.map((s) => (s >= 0.5 ? 1 : 0)),
				['no', 'yes']
			),
			auc: null,
			curves: [
				{
					label: 'yes',
					code: 1,
					positives: 6,
					auc: binaryRocAuc(S, Y),
					averagePrecision: averagePrecision(S, Y),
					roc,
					pr,
					calibration: calibrationCurve(S, Y, 10),
					lift: liftByDecile(S, Y)
				}
			],
			pairs: { truth: Y, scores: [S] }
		};
		const { body } = render(DiagnosticsView, { props: { report } });
		for (const id of [
			'threshold-slider',
			'roc-chart',
			'pr-chart',
			'calibration-chart',
			'gain-chart',
			'per-class-table',
			'confusion-matrix'
		])
			expect(body, id).toContain(`data-testid="${id}"`);
		// At 0.5: tp 4, fp 2, fn 2 → precision = recall = 66.7%, F1 0.667.
		expect(body).toMatch(/data-testid="threshold-precision"[^>]*>66\.7%/);
		expect(body).toMatch(/data-testid="threshold-f1"[^>]*>0\.667/);
		expect(body).toMatch(/data-testid="threshold-tp"[^>]*>4</);
	});

	it('regression: the four charts', () => {
		const actual = Array.from({ length: 50 }, (_, i) => i);
		const report: RegressionDiagnosticsReport = {
			type: 'diagnostics',
			task: 'regression',
			split: 'validation',
			model: 'linear',
			...regressionDiagnostics(
				actual,
				actual.map((v) => v * 0.9 + 2)
			)
		};
		const { body } = render(DiagnosticsView, { props: { report } });
		for (const id of ['predicted-vs-actual', 'residuals-vs-predicted', 'residual-histogram', 'error-by-decile', 'decile-table'])
			expect(body, id).toContain(`data-testid="${id}"`);
	});
});

/**
 * The model's metrics in a window, on the rows whose labels arrived, scored as Evaluate
 * scores (core/ml/metrics.ts), and the metric names the alert rules and charts use.
 */
import { classificationMetrics, regressionMetrics } from '../ml/metrics';
import type { Metrics } from '../nodes/ports';

export type MetricName = 'accuracy' | 'f1' | 'precision' | 'recall' | 'rmse' | 'mae' | 'r2';
export const CLASSIFICATION_METRICS: readonly MetricName[] = ['accuracy', 'f1', 'precision', 'recall'];
export const REGRESSION_METRICS: readonly MetricName[] = ['rmse', 'mae', 'r2'];
/** Metrics where lower is better (rules on them fire above a limit). */
export const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set(['rmse', 'mae']);

export type MetricValues = Partial<Record<MetricName, number>>;

/** The named figures of a Metrics record. */
export function metricValues(m: Metrics): MetricValues {
	return m.task === 'classification'
		? { accuracy: m.accuracy, f1: m.f1Macro, precision: m.precisionMacro, recall: m.recallMacro }
		: { rmse: m.rmse, mae: m.mae, r2: m.r2 };
}

export function windowMetrics(
	rows: Int32Array,
	labels: readonly (string | null)[],
	task: 'classification' | 'regression',
	classes: readonly string[],
	classIndex: ReadonlyMap<string, number>,
	predCodes: Int32Array,
	predClass: Int32Array,
	predNumber: Float64Array
): { labelled: number; metrics: MetricValues | null } {
	const truth: number[] = [];
	const predicted: number[] = [];
	for (const r of rows) {
		const label = labels[r];
		const c = predCodes[r];
		if (label === null || c < 0) continue;
		if (task === 'classification') {
			truth.push(classIndex.get(label)!);
			predicted.push(predClass[c]);
		} else {
			const y = Number(label);
			const p = predNumber[c];
			if (label.trim() === '' || Number.isNaN(y) || Number.isNaN(p)) continue;
			truth.push(y);
			predicted.push(p);
		}
	}
	if (!truth.length) return { labelled: 0, metrics: null };
	const m =
		task === 'classification'
			? classificationMetrics(Int32Array.from(truth), Int32Array.from(predicted), null, [...classes])
			: regressionMetrics(truth, predicted);
	return { labelled: truth.length, metrics: metricValues(m) };
}

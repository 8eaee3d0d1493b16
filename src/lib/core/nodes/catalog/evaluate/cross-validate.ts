import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { foldRoles } from '../../validation';
import { p, seedOf } from '../../params';
import { port, Role, type Metrics, type ModelValue } from '../../ports';
import { tableReport, type FoldFigures, type TableReport } from '../../reports';
import { metricsFor } from './evaluate';
import { abortError } from '../../../util/abort';

/** The figures a fold reports, by task. */
function figures(m: Metrics): number[] {
	return 'accuracy' in m ? [m.accuracy, m.f1Macro, m.rocAuc ?? NaN] : [m.rmse, m.mae, m.r2];
}

/** The table report with its per-fold figures for the chart above it. */
function withFolds(value: { kind: 'report'; report: TableReport }, folds: FoldFigures): { kind: 'report'; report: TableReport } {
	return { kind: 'report', report: { ...value.report, folds } };
}

/** `cv <metric> mean` / `cv <metric> std` of an experiment, from the report's fold figures. */
export function crossValidationMetrics(folds: FoldFigures): Record<string, number> {
	const out: Record<string, number> = {};
	folds.metrics.forEach((name, j) => {
		out[`cv ${name} mean`] = folds.mean[j];
		out[`cv ${name} std`] = folds.std[j];
	});
	return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

export default defineNode({
	type: 'evaluate.cross-validate',
	version: 1,
	category: 'evaluate',
	title: 'Cross-validate',
	description:
		"Trains the connected model again in every fold — its whole recipe (imputers, encoders, scalers…) refitted on the fold's training rows only, so nothing leaks from the held-out rows — and reports each fold's metrics with their mean ± standard deviation. Connect the model and the data its pipeline starts from (e.g. the Split output); test rows stay out.",
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('folds') },
	params: {
		scheme: p.choice(['stratified', 'k-fold', 'grouped', 'time-series'], {
			default: 'stratified',
			label: 'Folds',
			help: 'Stratified: each fold keeps the class shares (classification; k-fold for regression). Grouped: rows of one group (e.g. a customer) stay in one fold. Time series: each fold trains on the rows before it, in row order'
		}),
		folds: p.int({
			default: 5,
			min: 2,
			max: 50,
			label: 'Number of folds',
			help: 'k: each row is held out once (time series: k later blocks)'
		}),
		group: p.column({ label: 'Group column', help: 'Grouped folds only: the column whose values must not be split across folds' }),
		seed: p.seed({ help: 'How rows are shuffled into folds' })
	},
	experiment: {
		kind: 'cross-validation',
		record: (outputs, fed) => {
			const report = outputs.report?.kind === 'report' ? outputs.report.report : null;
			return {
				metrics: report?.type === 'table' && report.folds ? crossValidationMetrics(report.folds) : {},
				params: Object.fromEntries(Object.entries(fed?.trainedBy?.params ?? {}).map(([k, v]) => [`model.${k}`, v]))
			};
		}
	},
	run: async (inputs, params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!ctx.retrain) throw new Error('cross-validation runs inside a pipeline run');
		if (!data.frame.columns.some((c) => c.name === model.target))
			throw new Error(
				`the data has no "${model.target}" column: connect the data the model's pipeline starts from (e.g. the Split output)`
			);
		const k = params.folds;
		const scheme = params.scheme;
		const allRoles = foldRoles(data, model, { scheme, folds: k, seed: seedOf(params.seed, ctx.seed), group: params.group || undefined });
		const rows: (string | number | null)[][] = [];
		const perFold: number[][] = [];
		const training: number[] = [];
		const heldOut: number[] = [];
		for (let f = 0; f < k; f++) {
			if (ctx.signal.aborted) throw abortError();
			ctx.progress(f / k, `fold ${f + 1}/${k}`);
			const roles = allRoles[f];
			const held = roles.filter((r) => r === Role.validation).length;
			const { data: prepared, model: trained } = await ctx.retrain({ ...data, roles }, model);
			const m = await metricsFor(trained, prepared, Role.validation);
			if (!m) throw new Error(`fold ${f + 1} has no held-out rows with a "${model.target}" value`);
			perFold.push(figures(m));
			training.push(roles.filter((r) => r === Role.train).length);
			heldOut.push(held);
			rows.push([`fold ${f + 1}`, training[f], held, ...figures(m)]);
		}
		const columns = model.task === 'classification' ? ['accuracy', 'macro F1', 'ROC-AUC'] : ['RMSE', 'MAE', 'R²'];
		const means = columns.map((_, j) => mean(perFold.map((r) => r[j])));
		const stds = columns.map((_, j) => std(perFold.map((r) => r[j])));
		rows.push(['mean', null, null, ...means], ['std', null, null, ...stds]);
		ctx.progress(1, `${k} folds`);
		return {
			report: withFolds(
				tableReport(
					`${k}-fold ${scheme === 'stratified' && model.task === 'regression' ? 'k-fold' : scheme} cross-validation of ${model.family}: ${columns[0]} ${means[0].toFixed(4)} ± ${stds[0].toFixed(4)}`,
					['fold', 'training rows', 'held-out rows', ...columns],
					rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)))
				),
				{ metrics: columns, values: perFold, mean: means, std: stds, training, heldOut }
			)
		};
	}
});

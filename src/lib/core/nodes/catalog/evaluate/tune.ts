import { createSearch } from '../../../ml/search/search';
import { formatSearchSpace, parseSearchSpace } from '../../../ml/search/space';
import type { Config, SearchSpace, StrategyKind } from '../../../ml/search/types';
import { expectDataset } from '../../dataset';
import { defineNode, type NodeOutputs } from '../../define';
import { p, seedOf, type ParamValue, type ParamValues } from '../../params';
import { port, type ModelValue, type TrainingStop } from '../../ports';
import { runSearch, type TrialRecord } from '../../search-loop';
import { defaultSpace, toParams, validateAgainstSchema } from '../../tuning';
import { LOWER_IS_BETTER } from '../../validation';
import { csvText } from '../../../util/csv-text';
import { abortError } from '../../../util/abort';

export const TUNE_METRICS = ['auto', 'accuracy', 'f1Macro', 'rocAuc', 'precisionMacro', 'recallMacro', 'r2', 'rmse', 'mae'] as const;

/** What the Tune node reports: every trial, the best, and how the search was set up. */
export interface TuneReport {
	readonly type: 'tune';
	readonly title: string;
	readonly strategy: StrategyKind;
	readonly metric: string;
	/** 'max' unless the metric is an error (RMSE, MAE). */
	readonly direction: 'max' | 'min';
	readonly budget: number;
	/** 0: scored on the validation rows; k: mean over k folds per trial. */
	readonly folds: number;
	/** Trials that ran at once. */
	readonly parallel: number;
	/** The model node searched, and the space in its text form. */
	readonly modelType: string;
	readonly space: string;
	readonly dimensions: readonly string[];
	readonly trials: readonly TunedTrial[];
	readonly best: { readonly n: number; readonly value: number; readonly params: Readonly<Record<string, ParamValue>> } | null;
	/** The search stopped on Cancel: finished trials are kept. */
	readonly stopped?: TrainingStop;
}

export interface TunedTrial extends Omit<TrialRecord, 'config'> {
	/** The searched params' values (after rounding integers, booleans as booleans). */
	readonly params: Readonly<Record<string, ParamValue>>;
}

/** `best <metric>` and the curve of trial scores, for the search's experiment. */
export function searchResults(report: TuneReport): { metrics: Record<string, number>; curves: Record<string, number[]> } {
	const metrics: Record<string, number> = {};
	if (report.best && Number.isFinite(report.best.value)) metrics[`best ${report.metric}`] = report.best.value;
	const scores = report.trials.map((t) => (typeof t.value === 'number' && Number.isFinite(t.value) ? t.value : NaN));
	const curves = scores.some(Number.isFinite) ? { [`${report.metric} by trial`]: scores } : {};
	return { metrics, curves };
}

/** The trials as CSV: trial, the metric, each searched setting, every figure measured, time, status. */
export function trialsCsv(report: TuneReport): string {
	const figures = [...new Set(report.trials.flatMap((t) => Object.keys(t.metrics)))].filter((m) => m !== report.metric).sort();
	const header = ['trial', report.metric, ...report.dimensions, ...figures, 'seconds', 'status', 'error'];
	const rows = report.trials.map((t) => [
		t.n,
		t.value,
		...report.dimensions.map((d) =>
			Array.isArray(t.params[d]) ? (t.params[d] as string[]).join(', ') : ((t.params[d] as string | number | boolean | null) ?? null)
		),
		...figures.map((m) => t.metrics[m] ?? null),
		t.ms / 1000,
		t.status,
		t.error ?? null
	]);
	return csvText(header, rows);
}

/** "learningRate=0.03, maxDepth=5" for a live list. */
const describe = (params: Readonly<Record<string, ParamValue>>) =>
	Object.entries(params)
		.map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
		.join(', ');

export default defineNode({
	type: 'evaluate.tune',
	version: 1,
	category: 'evaluate',
	title: 'Tune hyperparameters',
	description:
		"Searches the connected model node's settings: each trial trains the model — its whole recipe refitted on the training rows — with one configuration and scores it on the validation rows (or by cross-validation of the non-test rows); test rows stay unseen. Grid, random or Bayesian search (TPE, Gaussian process) over the ranges you declare; trials run in parallel workers; the best configuration is trained again and comes out as the model. Connect the model and the data its pipeline starts from (e.g. the Split output).",
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('trials'), model: port.model('best model') },
	params: {
		strategy: p.choice(['tpe', 'gp', 'random', 'grid'], {
			default: 'tpe',
			label: 'Search',
			help: 'TPE and Gaussian process are Bayesian: after a few random trials they propose configurations likely to beat the best so far. Grid tries every combination of a few values per range'
		}),
		space: p.searchSpace({
			label: 'Search space',
			help: "One setting per line: `learningRate: 0.001 .. 0.3 log`, `maxDepth: 2 .. 10 int`, `penalty: l1 | l2`. Empty: the model node's default ranges"
		}),
		budget: p.int({ default: 20, min: 1, max: 500, label: 'Trials', help: 'How many configurations to train and score' }),
		metric: p.choice(TUNE_METRICS, {
			default: 'auto',
			label: 'Optimise',
			help: 'Auto: accuracy for classification, R² for regression. RMSE and MAE are minimised'
		}),
		folds: p.int({
			default: 0,
			min: 0,
			max: 20,
			label: 'Cross-validate each trial',
			help: '0: score each trial on the validation rows (give the Split a validation share). k ≥ 2: mean over k stratified folds of the non-test rows — slower, steadier'
		}),
		gridPoints: p.int({ default: 4, min: 2, max: 20, label: 'Grid points', help: 'Grid search: values per range' }),
		seed: p.seed({ help: 'Random and Bayesian proposals, and folds' })
	},
	experiment: {
		kind: 'search',
		record: (outputs) =>
			outputs.report?.kind === 'report' && outputs.report.report.type === 'tune' ? searchResults(outputs.report.report) : {}
	},
	run: async (inputs, params, ctx): Promise<NodeOutputs> => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!ctx.trials || !ctx.retrain || !ctx.paramsOf) throw new Error('a search runs inside a pipeline run');
		if (!model.trainedBy) throw new Error('this model does not say which node trained it: run its pipeline again');
		if (!data.frame.columns.some((c) => c.name === model.target))
			throw new Error(
				`the data has no "${model.target}" column: connect the data the model's pipeline starts from (e.g. the Split output)`
			);
		const schema = ctx.paramsOf(model.trainedBy.type);
		if (!schema) throw new Error(`this app has no "${model.trainedBy.type}" node to tune`);

		let space: SearchSpace;
		const text = params.space.trim();
		if (text) {
			const parsed = parseSearchSpace(text);
			if (parsed.errors.length) throw new Error(`search space: ${parsed.errors.join('; ')}`);
			space = parsed.space;
		} else space = defaultSpace(schema);
		if (space.length === 0) throw new Error('nothing to search: declare ranges in Search space (e.g. `learningRate: 0.01 .. 0.3 log`)');
		const wrong = validateAgainstSchema(space, schema);
		if (wrong.length) throw new Error(`search space: ${wrong.join('; ')}`);

		const metric = params.metric === 'auto' ? (model.task === 'classification' ? 'accuracy' : 'r2') : params.metric;
		const classificationMetric = !['r2', 'rmse', 'mae'].includes(metric);
		if (classificationMetric !== (model.task === 'classification'))
			throw new Error(
				`"${metric}" does not measure a ${model.task} model: pick ${model.task === 'classification' ? 'accuracy, f1Macro or rocAuc' : 'r2, rmse or mae'}`
			);
		const sign = LOWER_IS_BETTER.has(metric) ? -1 : 1;
		const budget = params.budget;
		const folds = params.folds;
		const seed = seedOf(params.seed, ctx.seed);
		const strategy = params.strategy;

		const searcher = createSearch(strategy, space, { seed, budget, gridPoints: params.gridPoints });
		// The estimator is not needed to train again, and may be large: trials get the recipe and the node's params.
		const session = await ctx.trials.open(data, { ...model, estimator: null }, { metric, folds: folds >= 2 ? folds : 0, seed });
		const paramsOf = (config: Config): ParamValues => toParams(config, space, schema);
		const searched = (config: Config): Record<string, ParamValue> => {
			const all = paramsOf(config);
			return Object.fromEntries(space.map((d) => [d.name, all[d.name]]));
		};
		let records: TrialRecord[];
		try {
			records = await runSearch(searcher, {
				budget,
				sign,
				signal: ctx.signal,
				run: (config) => session.run(paramsOf(config), ctx.signal),
				onTrial: (trial, finished, best) =>
					ctx.progress(
						finished / budget,
						`trial ${finished}/${budget}${best?.value != null ? `, best ${metric} ${best.value.toFixed(4)}` : ''}`,
						{
							step: finished,
							values: {
								[metric]: trial.value ?? NaN,
								...(best?.value != null ? { [`best ${metric}`]: best.value } : {})
							},
							note: `#${trial.n} ${trial.status === 'failed' ? 'failed' : (trial.value?.toFixed(4) ?? '')}: ${describe(searched(trial.config))}`
						}
					)
			});
		} finally {
			session.close();
		}

		const trials: TunedTrial[] = records.map(({ config, ...rest }) => ({ ...rest, params: searched(config) }));
		let bestRecord: TrialRecord | null = null;
		for (const t of records)
			if (t.status === 'done' && t.value !== null && (bestRecord === null || sign * t.value > sign * bestRecord.value!)) bestRecord = t;
		const done = records.filter((t) => t.status === 'done').length;
		const report: TuneReport = {
			type: 'tune',
			title: bestRecord
				? `${strategy} search over ${space.length} setting${space.length === 1 ? '' : 's'} of ${model.family}: best ${metric} ${bestRecord.value!.toFixed(4)} (trial ${bestRecord.n} of ${done})`
				: `${strategy} search of ${model.family}: no trial finished`,
			strategy,
			metric,
			direction: sign > 0 ? 'max' : 'min',
			budget,
			folds: folds >= 2 ? folds : 0,
			parallel: Math.max(1, ctx.trials.parallel),
			modelType: model.trainedBy.type,
			space: formatSearchSpace(space),
			dimensions: space.map((d) => d.name),
			trials,
			best: bestRecord ? { n: bestRecord.n, value: bestRecord.value!, params: searched(bestRecord.config) } : null,
			...(ctx.signal.aborted
				? { stopped: { reason: 'cancelled' as const, completed: done, kept: `${done} finished trial${done === 1 ? '' : 's'}` } }
				: {})
		};
		if (ctx.signal.aborted) return { report: { kind: 'report', report } };
		if (!bestRecord) {
			const failed = records.find((t) => t.error);
			throw new Error(`no trial finished${failed ? `: trial ${failed.n} failed — ${failed.error}` : ''}`);
		}
		// The best configuration, trained again on the training rows, is the node's model.
		ctx.progress(1, `training the best configuration (trial ${bestRecord.n})`);
		const { model: best } = await ctx.retrain(data, model, paramsOf(bestRecord.config));
		if (ctx.signal.aborted) throw abortError();
		return { report: { kind: 'report', report }, model: best };
	}
});

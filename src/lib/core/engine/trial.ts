import { metricsFor } from '../nodes/catalog/evaluate/evaluate';
import type { FoldOutcome, NodeContext, TrialOutcome, TrialRunner, TrialSetup } from '../nodes/define';
import type { ParamValues } from '../nodes/params';
import { Role, type DatasetValue, type ModelValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import { flatMetrics, foldRoles } from '../nodes/validation';
import { retrain } from './recipe';
import { abortError } from '../util/abort';

/**
 * Train the model's node again with `params` and score it on held-out rows that are never
 * the test rows: the validation rows (folds 0), or the mean over k stratified folds of the
 * non-test rows. The whole recipe is refitted each time, so nothing leaks.
 */
export async function scoreTrial(
	registry: Registry,
	data: DatasetValue,
	model: ModelValue,
	params: ParamValues,
	setup: TrialSetup,
	ctx: NodeContext
): Promise<TrialOutcome> {
	const started = Date.now();
	const rolesList =
		setup.roles ??
		(setup.folds >= 2
			? foldRoles(data, model, { scheme: 'stratified', folds: setup.folds, seed: setup.seed })
			: [data.roles ?? new Uint8Array(data.frame.rowCount)]);
	const sums: Record<string, number> = {};
	const counts: Record<string, number> = {};
	const folds: FoldOutcome[] = [];
	for (const roles of rolesList) {
		if (ctx.signal.aborted) throw abortError();
		// performance.now: a fold of a small table predicts in well under a millisecond.
		const fitStarted = performance.now();
		const { data: prepared, model: trained } = await retrain(registry, { ...data, roles }, model, ctx, params);
		const predictStarted = performance.now();
		const m = await metricsFor(trained, prepared, Role.validation);
		if (!m)
			throw new Error(
				setup.folds >= 2
					? `a fold has no held-out rows with a "${model.target}" value`
					: 'the data has no validation rows to score a trial on: give the Split a validation share, or cross-validate each trial'
			);
		const figures = flatMetrics(m);
		folds.push({ metrics: figures, fitMs: predictStarted - fitStarted, predictMs: performance.now() - predictStarted });
		for (const [k, v] of Object.entries(figures)) {
			sums[k] = (sums[k] ?? 0) + v;
			counts[k] = (counts[k] ?? 0) + 1;
		}
	}
	const metrics: Record<string, number> = {};
	for (const k of Object.keys(sums)) metrics[k] = sums[k] / counts[k];
	const value = metrics[setup.metric];
	if (value === undefined) throw new Error(`the trial has no "${setup.metric}" figure (it measured ${Object.keys(metrics).join(', ')})`);
	return { value, metrics, ms: Date.now() - started, folds };
}

/** Trials run here, one at a time: the CLI, tests, and hosts without a worker pool. */
export function localTrials(registry: Registry, context: () => NodeContext): TrialRunner {
	return {
		parallel: 1,
		async open(data, model, setup) {
			return {
				run: (params, signal) => scoreTrial(registry, data, model, params, setup, { ...context(), signal, progress: () => {} }),
				close: () => {}
			};
		}
	};
}

import { fitGbdt } from '../../../ml/trees/hist-gbdt';
import { featureImportances } from '../../../ml/trees/hist-predict';
import type { Frame } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, supervisedTask, targetValues } from '../../modeling';
import { p, seedOf } from '../../params';
import { port, Role, type DatasetValue } from '../../ports';
import { tableReport } from '../../reports';

/** Chosen features, or every number, boolean and category column but the target. */
function gbdtFeatures(data: DatasetValue, chosen: readonly string[]): string[] {
	const names = chosen.length
		? [...chosen]
		: data.frame.columns.filter((c) => c.kind !== 'date' && c.kind !== 'text' && c.name !== data.target).map((c) => c.name);
	for (const name of names) {
		const col = requireColumn(data.frame, name);
		if (col.kind === 'date' || col.kind === 'text')
			throw new Error(`feature "${name}" is ${col.kind}: add a Date parts node or convert it to a category before the model`);
	}
	if (names.length === 0) throw new Error('there are no number, boolean or category columns to learn from');
	return names;
}

/**
 * Below this many training cells (rows × features) a fit stays in its thread: a call on the
 * compute pool costs tens of microseconds, more than a small node's histogram. The model is
 * the same either way.
 */
const PARALLEL_FROM_CELLS = 200_000;

/** Category levels from the training rows, most frequent first, at most `max` (the rest read as missing). */
function fitLevels(frame: Frame, features: readonly string[], rows: Uint32Array, max: number): Record<string, string[]> {
	const levels: Record<string, string[]> = {};
	for (const name of features) {
		const col = requireColumn(frame, name);
		if (col.kind !== 'category') continue;
		const counts = new Float64Array(col.dictionary.length);
		for (const r of rows) if (col.codes[r] >= 0) counts[col.codes[r]]++;
		levels[name] = col.dictionary
			.map((label, code) => ({ label, n: counts[code] }))
			.filter((l) => l.n > 0)
			.sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
			.slice(0, max)
			.map((l) => l.label);
	}
	return levels;
}

export default defineNode({
	type: 'model.gbdt',
	version: 1,
	category: 'model',
	title: 'Gradient-boosted trees',
	description:
		"Histogram gradient boosting (as scikit-learn's HistGradientBoosting and LightGBM): leaf-wise trees on binned features, category columns and missing values handled natively, early stopping on the validation rows.",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('feature importance') },
	params: {
		task: p.choice(['auto', 'classification', 'regression'], { default: 'auto', label: 'Task', help: 'Auto: from the target column kind' }),
		features: p.columns({
			kinds: ['number', 'boolean', 'category'],
			label: 'Features',
			help: 'Empty: every number, boolean and category column except the target'
		}),
		learningRate: p.number({
			default: 0.1,
			min: 1e-4,
			max: 1,
			tune: { min: 0.01, max: 0.3, log: true },
			label: 'Learning rate',
			help: 'Shrinks each tree; lower learns slower but often generalises better (raise max iterations with it)'
		}),
		maxIter: p.int({
			default: 100,
			min: 1,
			max: 10_000,
			label: 'Max iterations',
			help: 'Boosting rounds (one tree per round, one per class for three or more classes)'
		}),
		maxLeafNodes: p.int({
			default: 31,
			min: 2,
			max: 1024,
			tune: { min: 8, max: 128, log: true },
			label: 'Max leaves',
			help: 'Leaves per tree; trees grow best split first until they have this many'
		}),
		maxDepth: p.int({ default: 0, min: 0, max: 64, label: 'Max depth', help: '0: no limit (the leaf count limits the tree)' }),
		minSamplesLeaf: p.int({
			default: 20,
			min: 1,
			max: 1_000_000,
			tune: { min: 2, max: 100, log: true },
			label: 'Min rows per leaf',
			help: 'Smallest leaf; raise it against overfitting on noisy data'
		}),
		l2Regularization: p.number({
			default: 0,
			min: 0,
			max: 1e6,
			tune: { min: 1e-3, max: 10, log: true },
			label: 'L2 regularisation',
			help: 'Shrinks leaf values; 0 for none'
		}),
		maxBins: p.int({
			default: 255,
			min: 2,
			max: 255,
			label: 'Max bins',
			help: 'Bins per number feature (quantiles of the training rows) and most categories kept per category feature; rarer categories count as missing'
		}),
		earlyStopping: p.choice(['auto', 'on', 'off'], {
			default: 'auto',
			label: 'Early stopping',
			help: 'Stop when the validation loss stops improving and keep the best round; auto: on above 10,000 training rows'
		}),
		nIterNoChange: p.int({
			default: 10,
			min: 1,
			max: 1000,
			label: 'Patience (rounds)',
			help: 'Early stopping waits this many rounds without improvement'
		}),
		tol: p.number({
			default: 1e-7,
			min: 0,
			max: 1,
			label: 'Tolerance',
			help: 'An improvement of the validation loss smaller than this does not count'
		}),
		validationFraction: p.number({
			default: 0.1,
			min: 0.01,
			max: 0.5,
			label: 'Holdout fraction',
			help: 'Share of the training rows held out for early stopping when the Split made no validation rows'
		}),
		subsample: p.number({
			default: 1,
			min: 0.01,
			max: 1,
			label: 'Row subsample',
			help: 'Share of training rows each round learns from (1: all); below 1 adds randomness against overfitting'
		}),
		colsample: p.number({
			default: 1,
			min: 0.01,
			max: 1,
			label: 'Feature subsample',
			help: 'Share of features each tree may split on (1: all)'
		}),
		seed: p.seed({ help: 'Binning sample, holdout and subsampling; same seed, same model' })
	},
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const { target, task } = supervisedTask(data, params.task);
		const features = gbdtFeatures(data, params.features);
		const rows = labelledRows(data.frame, target, trainingRows(data));
		if (rows.length === 0) throw new Error(`no training rows with a value in "${target}"`);
		const classes = task === 'classification' ? classesIn(data.frame, target, rows) : null;
		if (classes && classes.length < 2)
			throw new Error(`the training rows hold only one class (${classes[0] ?? 'none'}); nothing to separate`);
		const levels = fitLevels(data.frame, features, rows, params.maxBins);
		const encoding = { levels, allowMissing: true };
		const yOf = (r: Uint32Array) => (classes ? classCodes(data.frame, target, r, classes) : targetValues(data.frame, target, r));
		// Validation rows of a class the training rows lack cannot be scored; they stay out of the loss.
		const valAll = labelledRows(data.frame, target, rowsWithRole(data, Role.validation));
		const valCodes = classes ? yOf(valAll) : null;
		const valRows = valCodes ? valAll.filter((_, i) => valCodes[i] >= 0) : valAll;
		const es = params.earlyStopping === 'auto' ? rows.length > 10_000 : params.earlyStopping === 'on';
		const maxIter = params.maxIter;
		const started = Date.now();
		const fit = await fitGbdt(featureMatrix(data.frame, features, rows, encoding), yOf(rows), {
			loss: task === 'regression' ? 'squared' : classes!.length > 2 ? 'multiclass' : 'binary',
			nClasses: classes?.length ?? 1,
			categorical: features.map((f) => f in levels),
			learningRate: params.learningRate,
			maxIter,
			maxLeafNodes: params.maxLeafNodes,
			maxDepth: params.maxDepth,
			minSamplesLeaf: params.minSamplesLeaf,
			l2: params.l2Regularization as number,
			maxBins: params.maxBins,
			earlyStopping: es,
			nIterNoChange: params.nIterNoChange,
			tol: params.tol,
			validationFraction: params.validationFraction,
			subsample: params.subsample,
			colsample: params.colsample,
			seed: seedOf(params.seed, ctx.seed),
			validation: valRows.length ? { X: featureMatrix(data.frame, features, valRows, encoding), y: yOf(valRows) } : undefined,
			signal: ctx.signal,
			...(ctx.compute && rows.length * features.length >= PARALLEL_FROM_CELLS ? { pool: ctx.compute } : {}),
			onRound: (round, loss, valLoss) => {
				// Every round adds a point to the live chart (one small message each).
				ctx.progress(
					round / maxIter,
					`round ${round}/${maxIter} · loss ${loss.toFixed(4)}${valLoss !== undefined ? ` · validation ${valLoss.toFixed(4)}` : ''}`,
					{
						step: round,
						values: valLoss !== undefined ? { loss, val_loss: valLoss } : { loss }
					}
				);
			}
		});
		const stopped =
			fit.stop === 'cancelled'
				? { reason: 'cancelled' as const, completed: fit.completed, kept: `${fit.kept} boosting round${fit.kept === 1 ? '' : 's'}` }
				: fit.stop === 'early-stopping'
					? { reason: 'early-stopping' as const, completed: fit.completed, kept: `best validation loss at round ${fit.kept}` }
					: undefined;
		const imp = featureImportances(fit.state);
		const totalGain = imp.gain.reduce((a, b) => a + b, 0) || 1;
		const order = features.map((_, j) => j).sort((a, b) => imp.gain[b] - imp.gain[a] || a - b);
		return {
			model: {
				kind: 'model',
				family: 'gbdt',
				task,
				target,
				features,
				classes,
				recipe: data.recipe,
				estimator: fit.state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				...(fit.threads > 1 ? { threads: fit.threads } : {}),
				curves: fit.curves,
				levels,
				nativeMissing: true,
				...(stopped ? { stopped } : {})
			},
			report: tableReport(
				'Feature importance (split gain)',
				['feature', 'splits', 'gain', 'share of gain'],
				order.map((j) => [features[j], imp.splits[j], imp.gain[j], imp.gain[j] / totalGain])
			)
		};
	}
});

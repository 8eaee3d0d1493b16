import { fitForest } from '../../../ml/trees/forest';
import { defineNode } from '../../define';
import { p, seedOf } from '../../params';
import { port } from '../../ports';
import { featureFractionParam, importanceReport, resolveMaxFeaturesParam, treeParams, treeTraining } from './tree';

export default defineNode({
	type: 'model.forest',
	version: 1,
	category: 'model',
	title: 'Random forest',
	description:
		"Decision trees on bootstrap samples with random features per split, averaged (as scikit-learn's RandomForestClassifier / Regressor). Shows out-of-bag and validation accuracy (or R²) after each tree; Cancel keeps the trees trained so far.",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('feature importances') },
	params: {
		...treeParams,
		// Forests average deep trees: search deeper than a single tree, with smaller leaves.
		maxDepth: { ...treeParams.maxDepth, tune: { min: 4, max: 32 } },
		minSamplesLeaf: { ...treeParams.minSamplesLeaf, tune: { min: 1, max: 32, log: true } },
		trees: p.int({
			default: 100,
			min: 1,
			max: 10_000,
			tune: { min: 50, max: 500, log: true },
			label: 'Trees',
			help: 'More trees: steadier predictions, longer training; the curve shows when more stop helping'
		}),
		bootstrap: p.boolean({
			default: true,
			label: 'Bootstrap',
			help: 'Train each tree on rows drawn with replacement; also gives the out-of-bag score'
		}),
		maxFeatures: p.choice(['auto', 'sqrt', 'log2', 'all', 'fraction'], {
			default: 'auto',
			tune: ['sqrt', 'log2', 'fraction'],
			label: 'Max features',
			help: "Features tried at each split; auto: square root of the count for classification, all for regression (scikit-learn's defaults)"
		}),
		featureFraction: { ...featureFractionParam, tune: { min: 0.1, max: 0.9 } },
		seed: p.seed({ help: 'Bootstrap samples and features tried; the same seed gives the same forest' })
	},
	run: async (inputs, params, ctx) => {
		const t = treeTraining(inputs, params);
		const total = params.trees;
		const started = Date.now();
		const fit = await fitForest(t.X, t.y, {
			classes: t.classes?.length ?? 0,
			criterion: t.task === 'classification' ? params.criterion : 'squared_error',
			trees: total,
			bootstrap: params.bootstrap,
			maxDepth: params.maxDepth,
			minSamplesSplit: params.minSamplesSplit,
			minSamplesLeaf: params.minSamplesLeaf,
			maxFeatures: resolveMaxFeaturesParam(params, t.task, t.features.length, 'Random forest'),
			seed: seedOf(params.seed, ctx.seed),
			signal: ctx.signal,
			validation: t.validation,
			onTree: (done, latest) => {
				// Every tree adds a point to the live chart; it is one small message per tree.
				const scores = Object.entries(latest).map(([k, v]) => `${k.replace('_', ' ')} ${v.toFixed(3)}`);
				ctx.progress(done / total, [`tree ${done}/${total}`, ...scores].join(' · '), { step: done, values: latest });
			}
		});
		return {
			model: {
				kind: 'model',
				family: 'forest',
				task: t.task,
				target: t.data.target,
				features: t.features,
				classes: t.classes,
				recipe: t.data.recipe,
				estimator: fit.state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: fit.curves,
				nativeMissing: true,
				...(fit.cancelled
					? { stopped: { reason: 'cancelled' as const, completed: fit.completed, kept: `the ${fit.completed} of ${total} trees trained` } }
					: {})
			},
			report: importanceReport(t.features, fit.state.importances)
		};
	}
});

import { fitKnn } from '../../../ml/neighbours/knn';
import { createRandom, shuffleInPlace } from '../../../util/random';
import { expectDataset, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures, supervisedTask, targetValues } from '../../modeling';
import { p, seedOf } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';
import { abortError } from '../../../util/abort';

/** A seeded sample of `keep` rows, in their original order (so neighbour ties still follow row order). */
function sampleRows(rows: Uint32Array, keep: number, seed: number): Uint32Array {
	const picked = shuffleInPlace(Uint32Array.from(rows), createRandom(seed)).subarray(0, keep);
	return Uint32Array.from(picked).sort();
}

export default defineNode({
	type: 'model.knn',
	version: 1,
	category: 'model',
	title: 'k-nearest neighbours',
	description:
		"Predicts from the k training rows closest to each row: their majority class (with class shares as probabilities) or their mean value, as scikit-learn's KNeighborsClassifier / KNeighborsRegressor. Distances mix the features' units, so scale the features first (add a Scale node before it).",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('report') },
	params: {
		task: p.choice(['auto', 'classification', 'regression'], {
			default: 'auto',
			label: 'Task',
			help: 'Auto: classification for a category or boolean target, regression for a number target'
		}),
		features: p.columns({
			kinds: ['number', 'boolean'],
			label: 'Features',
			help: 'Empty: every number and boolean column except the target. Scale them first, or the widest column decides the distances'
		}),
		k: p.int({
			default: 5,
			min: 1,
			max: 1000,
			tune: { min: 1, max: 50, log: true },
			label: 'Neighbours (k)',
			help: 'How many nearest training rows vote; larger k gives smoother, less local predictions. At most the number of training rows'
		}),
		weights: p.choice(['uniform', 'distance'], {
			default: 'uniform',
			tune: ['uniform', 'distance'],
			label: 'Weights',
			help: 'Uniform: every neighbour counts the same. Distance: nearer neighbours count more (1 / distance)'
		}),
		metric: p.choice(['euclidean', 'manhattan', 'minkowski'], {
			default: 'euclidean',
			tune: ['euclidean', 'manhattan'],
			label: 'Distance',
			help: 'Euclidean: straight line. Manhattan: sum of absolute differences, less swayed by one large difference. Minkowski: order p below'
		}),
		power: p.number({
			default: 3,
			min: 1,
			max: 100,
			label: 'Minkowski p',
			help: 'Order of the Minkowski distance (used only when Distance is minkowski): 1 is Manhattan, 2 is Euclidean'
		}),
		maxRows: p.int({
			default: 100_000,
			min: 100,
			max: 500_000,
			label: 'Max stored rows',
			help: 'The model keeps its training rows to compare against, and is saved with them. Above this many, it keeps a seeded random sample of this size (shown in the report); or reduce rows with a Sample rows node'
		}),
		seed: p.seed({ help: 'Which rows are kept when the training rows exceed Max stored rows' })
	},
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const { target, task } = supervisedTask(data, params.task);
		const features = resolveFeatures(data, params.features);
		const all = labelledRows(data.frame, target, trainingRows(data));
		const maxRows = params.maxRows;
		const rows = all.length > maxRows ? sampleRows(all, maxRows, seedOf(params.seed, ctx.seed)) : all;
		const classes = task === 'classification' ? classesIn(data.frame, target, rows) : null;
		if (classes && classes.length < 2)
			throw new Error(`the training rows hold only one class (${classes[0] ?? 'none'}); nothing to tell apart`);
		const k = params.k;
		if (k > rows.length)
			throw new Error(`k is ${k} but there are only ${rows.length} training rows: set Neighbours (k) to ${rows.length} or less`);
		if (ctx.signal.aborted) throw abortError();
		const started = Date.now();
		const X = featureMatrix(data.frame, features, rows);
		const y = classes ? classCodes(data.frame, target, rows, classes) : targetValues(data.frame, target, rows);
		const metric = params.metric;
		const state = fitKnn(X, y, task, classes?.length ?? 0, {
			k,
			weights: params.weights,
			metric,
			power: metric === 'minkowski' ? params.power : 2
		});
		ctx.progress(1, `stored ${rows.length.toLocaleString('en')} training rows`);
		const stored = rows.length < all.length ? `${rows.length} of ${all.length} (a seeded sample: Max stored rows)` : rows.length;
		return {
			model: {
				kind: 'model',
				family: 'knn',
				task,
				target: target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: {}
			},
			report: factsReport('k-nearest neighbours', [
				{ label: 'Training rows stored', value: stored },
				{ label: 'Features', value: features.length },
				{ label: 'Neighbours (k)', value: k },
				{ label: 'Distance', value: metric === 'minkowski' ? `minkowski, p = ${params.power}` : metric },
				{ label: 'Weights', value: params.weights }
			])
		};
	}
});

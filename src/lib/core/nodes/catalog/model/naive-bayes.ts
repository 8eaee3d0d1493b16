import { fitGaussianNbColumns } from '../../../ml/bayes/gaussian';
import { classCounts } from '../../../ml/bayes/joint';
import { firstInvalidColumn, fitMultinomialNb } from '../../../ml/bayes/multinomial';
import { requireColumn } from '../../columns';
import { expectDataset, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureValues, featureMatrix, labelledRows, resolveFeatures } from '../../modeling';
import { p } from '../../params';
import { port } from '../../ports';
import { tableReport } from '../../reports';
import { abortError } from '../../../util/abort';

export default defineNode({
	type: 'model.naive-bayes',
	version: 1,
	category: 'model',
	title: 'Naive Bayes',
	description:
		"A fast probabilistic classifier that treats features as independent given the class: Gaussian for measurements (scikit-learn's GaussianNB), multinomial for counts such as word counts from Text features (MultinomialNB).",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('report') },
	params: {
		variant: p.choice(['gaussian', 'multinomial'], {
			default: 'gaussian',
			label: 'Variant',
			help: 'Gaussian: each feature is bell-shaped within a class; missing values are skipped. Multinomial: features are counts (0 or more), e.g. bag-of-words columns'
		}),
		features: p.columns({
			kinds: ['number', 'boolean'],
			label: 'Features',
			help: 'Empty: every number and boolean column except the target'
		}),
		varSmoothing: p.number({
			default: 1e-9,
			min: 0,
			max: 1,
			tune: { min: 1e-11, max: 1e-1, log: true },
			label: 'Variance smoothing',
			help: 'Gaussian only: this share of the largest feature variance is added to every variance, so a constant feature cannot divide by zero'
		}),
		alpha: p.number({
			default: 1,
			min: 0,
			max: 1e6,
			tune: { min: 1e-3, max: 10, log: true },
			label: 'Alpha (count smoothing)',
			help: 'Multinomial only: added to every count, so a word never seen with a class does not rule that class out (1: Laplace smoothing)'
		})
	},
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		const target = requireColumn(data.frame, data.target);
		if (target.kind === 'date' || target.kind === 'text')
			throw new Error(`target "${data.target}" is ${target.kind}; naive Bayes needs classes (a category, boolean or whole-number column)`);
		const features = resolveFeatures(data, params.features);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const classes = classesIn(data.frame, data.target, rows);
		if (classes.length < 2) throw new Error(`the training rows hold only one class (${classes[0] ?? 'none'}); nothing to tell apart`);
		if (ctx.signal.aborted) throw abortError();
		const gaussian = params.variant === 'gaussian';
		const started = Date.now();
		const y = classCodes(data.frame, data.target, rows, classes);
		const fitMultinomial = () => {
			const X = featureMatrix(data.frame, features, rows);
			const bad = firstInvalidColumn(X);
			if (bad >= 0)
				throw new Error(
					`feature "${features[bad]}" has negative values; multinomial naive Bayes reads counts — choose the Gaussian variant or leave the column out of Features`
				);
			return fitMultinomialNb(X, y, classes.length, { alpha: params.alpha });
		};
		// Gaussian reads the frame's columns through the row list: no matrix (gaussian.ts).
		const state = gaussian
			? fitGaussianNbColumns(featureValues(data.frame, features), rows, y, classes.length, {
					varSmoothing: params.varSmoothing
				})
			: fitMultinomial();
		ctx.progress(1, `fitted on ${rows.length.toLocaleString('en')} rows`);
		const counts = classCounts(y, classes.length);
		return {
			model: {
				kind: 'model',
				family: 'naive-bayes',
				task: 'classification',
				target: data.target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: {},
				...(gaussian ? { nativeMissing: true } : {})
			},
			report: tableReport(
				`Naive Bayes (${params.variant}): classes`,
				['class', 'training rows', 'prior'],
				classes.map((c, i) => [c, counts[i], counts[i] / rows.length])
			)
		};
	}
});

import { fitLogistic } from '../../../ml/models/logistic';
import { expectDataset, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures } from '../../modeling';
import { requireColumn } from '../../columns';
import { p } from '../../params';
import { port } from '../../ports';

export default defineNode({
	type: 'model.logistic',
	version: 1,
	category: 'model',
	title: 'Logistic regression',
	description:
		'A linear classifier for two or more classes with L2 regularisation, fitted exactly by L-BFGS (the same model as scikit-learn\'s LogisticRegression).',
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		C: p.number({ default: 1, min: 1e-6, max: 1e6, label: 'C (inverse regularisation)', help: 'Smaller C: stronger regularisation' }),
		maxIter: p.int({ default: 200, min: 1, max: 10_000, label: 'Max iterations', help: 'Upper limit on L-BFGS iterations; the fit usually converges long before' })
	},
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		const target = requireColumn(data.frame, data.target);
		if (target.kind === 'date' || target.kind === 'text')
			throw new Error(`target "${data.target}" is ${target.kind}; logistic regression needs classes (a category, boolean or whole-number column)`);
		const features = resolveFeatures(data, params.features as string[]);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const classes = classesIn(data.frame, data.target, rows);
		if (classes.length < 2) throw new Error(`the training rows hold only one class (${classes[0] ?? 'none'}); nothing to separate`);
		const X = featureMatrix(data.frame, features, rows);
		const y = classCodes(data.frame, data.target, rows, classes);
		const started = Date.now();
		const loss: number[] = [];
		const maxIter = params.maxIter as number;
		const state = fitLogistic(X, y, classes.length, {
			C: params.C as number,
			maxIter,
			signal: ctx.signal,
			onIteration: (it, f) => {
				loss.push(f);
				if (it % 10 === 0) ctx.progress(Math.min(1, it / maxIter), `iteration ${it}`);
			}
		});
		return {
			model: {
				kind: 'model',
				family: 'logistic',
				task: 'classification',
				target: data.target,
				features,
				classes,
				recipe: data.recipe,
				estimator: state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: { loss }
			}
		};
	}
});

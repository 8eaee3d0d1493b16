import { fitLinear } from '../../../ml/models/linear';
import { requireColumn } from '../../columns';
import { expectDataset, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { featureMatrix, labelledRows, resolveFeatures, targetValues } from '../../modeling';
import { p } from '../../params';
import { port } from '../../ports';

export default defineNode({
	type: 'model.linear',
	version: 1,
	category: 'model',
	title: 'Linear regression',
	description: 'Least-squares linear regression solved exactly by QR decomposition, with optional ridge (L2) penalty.',
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model') },
	params: {
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		alpha: p.number({ default: 0, min: 0, max: 1e9, label: 'Ridge alpha', help: '0: ordinary least squares' })
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		if (requireColumn(data.frame, data.target).kind !== 'number')
			throw new Error(`target "${data.target}" is not a number column; use Logistic regression for classes`);
		const features = resolveFeatures(data, params.features as string[]);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const started = Date.now();
		const state = fitLinear(featureMatrix(data.frame, features, rows), targetValues(data.frame, data.target, rows), {
			alpha: params.alpha as number
		});
		return {
			model: {
				kind: 'model',
				family: 'linear',
				task: 'regression',
				target: data.target,
				features,
				classes: null,
				recipe: data.recipe,
				estimator: state,
				backend: 'typed-arrays',
				trainMs: Date.now() - started,
				curves: {}
			}
		};
	}
});

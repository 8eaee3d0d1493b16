import { predictLinear, type LinearState } from '../../ml/models/linear';
import { predictLogistic, predictProbaLogistic, type LogisticState } from '../../ml/models/logistic';
import type { ModelFamilyDescriptor } from './types';

export const linearFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'logistic',
		node: 'model.logistic',
		tasks: ['classification'],
		quickModel: true,
		predict: (s, X) => ({
			codes: predictLogistic(s as LogisticState, X),
			proba: predictProbaLogistic(s as LogisticState, X)
		}),
		shap: { method: 'kernel' },
		curveStep: 'iteration'
	},
	{
		name: 'linear',
		node: 'model.linear',
		tasks: ['regression'],
		quickModel: true,
		predict: (s, X) => ({ values: predictLinear(s as LinearState, X) }),
		shap: { method: 'kernel' },
		curveStep: 'iteration'
	}
];

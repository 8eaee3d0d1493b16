import type { GaussianNbState } from '../../ml/bayes/gaussian';
import { predictGaussianNb } from '../../ml/bayes/gaussian';
import { predictMultinomialNb, type MultinomialNbState } from '../../ml/bayes/multinomial';
import { predictKnn, type KnnState } from '../../ml/neighbours/knn';
import type { ModelFamilyDescriptor } from './types';

export const neighboursFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'knn',
		node: 'model.knn',
		tasks: ['classification', 'regression'],
		quickModel: true,
		predict: (s, X, opts) => predictKnn(s as KnnState, X, opts?.compute),
		shap: { method: 'kernel' }
	},
	{
		name: 'naive-bayes',
		node: 'model.naive-bayes',
		tasks: ['classification'],
		quickModel: true,
		predict: (s, X) => {
			const state = s as GaussianNbState | MultinomialNbState;
			return state.variant === 'gaussian' ? predictGaussianNb(state, X) : predictMultinomialNb(state, X);
		},
		shap: { method: 'kernel' }
	}
];

import type { GaussianNbState } from '../../ml/bayes/gaussian';
import { predictGaussianNb } from '../../ml/bayes/gaussian';
import { predictMultinomialNb, type MultinomialNbState } from '../../ml/bayes/multinomial';
import { predictKnn, type KnnState } from '../../ml/neighbours/knn';
import type { FamilyPredictors } from './types';

export const neighboursPredictors: FamilyPredictors = {
	knn: (s, X) => predictKnn(s as KnnState, X),
	'naive-bayes': (s, X) => {
		const state = s as GaussianNbState | MultinomialNbState;
		return state.variant === 'gaussian' ? predictGaussianNb(state, X) : predictMultinomialNb(state, X);
	}
};

import { predictLinear, type LinearState } from '../../ml/models/linear';
import { predictLogistic, predictProbaLogistic, type LogisticState } from '../../ml/models/logistic';
import type { FamilyPredictors } from './types';

export const linearPredictors: FamilyPredictors = {
	logistic: (s, X) => ({
		codes: predictLogistic(s as LogisticState, X),
		proba: predictProbaLogistic(s as LogisticState, X)
	}),
	linear: (s, X) => ({ values: predictLinear(s as LinearState, X) })
};

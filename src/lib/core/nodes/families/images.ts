import type { CnnState } from '../../ml/models/cnn';
import { argmaxRows } from '../../ml/models/argmax';
import type { FamilyPredictors } from './types';

export const imagesPredictors: FamilyPredictors = {
	cnn: async (s, X) => {
		const state = s as CnnState;
		// Loaded on demand: tfjs stays out of anything that only reads the catalog.
		const { predictCnn } = await import('../../ml/models/cnn');
		const proba = await predictCnn(state, X);
		return { proba, codes: argmaxRows(proba, state.classes) };
	}
};

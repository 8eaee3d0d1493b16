import type { TextNnState } from '../../ml/models/text-nn';
import { argmaxRows } from '../../ml/models/argmax';
import type { FamilyPredictors } from './types';

export const textPredictors: FamilyPredictors = {
	'text-nn': async (s, X) => {
		const state = s as TextNnState;
		// Loaded on demand: tfjs stays out of anything that only reads the catalog.
		const { predictTextNn } = await import('../../ml/models/text-nn');
		const proba = await predictTextNn(state, X);
		return { proba, codes: argmaxRows(proba, state.classes) };
	}
};

import type { MlpState } from '../../ml/models/mlp';
import { argmaxRows } from '../../ml/models/argmax';
import type { FamilyPredictors } from './types';

export const neuralPredictors: FamilyPredictors = {
	mlp: async (s, X) => {
		const state = s as MlpState;
		// Loaded on demand: tfjs stays out of anything that only reads the catalog.
		const { predictMlp } = await import('../../ml/models/mlp');
		const out = await predictMlp(state, X);
		if (state.task === 'regression') return { values: out };
		return { proba: out, codes: argmaxRows(out, state.classes!) };
	}
};

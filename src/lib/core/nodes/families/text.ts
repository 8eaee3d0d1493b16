import type { TextNnState } from '../../ml/models/text-nn';
import { argmaxRows } from '../../ml/models/argmax';
import type { ModelFamilyDescriptor } from './types';

export const textFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'text-nn',
		node: 'model.text-nn',
		tasks: ['classification'],
		// It learns from a token sequence (Text to sequence), not from a table's columns.
		quickModel: false,
		predict: async (s, X) => {
			const state = s as TextNnState;
			// Loaded on demand: tfjs stays out of anything that only reads the catalog.
			const { predictTextNn } = await import('../../ml/models/text-nn');
			const proba = await predictTextNn(state, X);
			return { proba, codes: argmaxRows(proba, state.classes) };
		},
		// Token-count features number in the hundreds: KernelSHAP over them would say little at great cost.
		shap: { method: 'none', kind: 'text', features: 'token counts' }
	}
];

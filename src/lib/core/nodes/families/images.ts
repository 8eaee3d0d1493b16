import type { CnnState } from '../../ml/models/cnn';
import { argmaxRows } from '../../ml/models/argmax';
import type { ModelFamilyDescriptor } from './types';

export const imagesFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'cnn',
		node: 'model.cnn',
		tasks: ['classification'],
		// It learns from images (an image dataset), not from a table's columns.
		quickModel: false,
		predict: async (s, X) => {
			const state = s as CnnState;
			// Loaded on demand: tfjs stays out of anything that only reads the catalog.
			const { predictCnn } = await import('../../ml/models/cnn');
			const proba = await predictCnn(state, X);
			return { proba, codes: argmaxRows(proba, state.classes) };
		},
		// Pixel features number in the hundreds: KernelSHAP over them would say little at great cost.
		shap: { method: 'none', kind: 'image', features: 'pixels' }
	}
];

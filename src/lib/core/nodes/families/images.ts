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
			// A network trained on our kernels predicts on them (no tfjs to load, no backend to
			// activate); one trained by tfjs predicts on tfjs, loaded on demand so that tfjs stays
			// out of anything that only reads the catalog.
			const proba = state.backend.startsWith('tessera-')
				? (await import('../../ml/conv/cnn-train')).predictCnnKernels(state, X)
				: await (await import('../../ml/models/cnn')).predictCnn(state, X);
			return { proba, codes: argmaxRows(proba, state.classes) };
		},
		// Pixel features number in the hundreds: KernelSHAP over them would say little at great cost.
		shap: { method: 'none', kind: 'image', features: 'pixels' }
	}
];

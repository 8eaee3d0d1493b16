import type { DenseLayerState } from '../../ml/dense/mlp-state';
import type { MlpState } from '../../ml/models/mlp';
import { argmaxRows } from '../../ml/models/argmax';
import type { ModelFamilyDescriptor } from './types';

export const neuralFamilies: readonly ModelFamilyDescriptor[] = [
	{
		name: 'mlp',
		node: 'model.mlp',
		tasks: ['classification', 'regression'],
		quickModel: true,
		predict: async (s, X) => {
			const state = s as MlpState;
			let out: Float64Array;
			if (state.activation === 'relu' || state.activation === 'tanh') {
				// Our dense kernels run these layers without tfjs (whichever trainer fitted them),
				// so scoring never depends on a tfjs backend being active in this worker.
				const { predictDenseMlp } = await import('../../ml/dense/predict');
				// With relu/tanh hidden layers every layer is relu, tanh, softmax or linear: the dense layout.
				out = predictDenseMlp({ layers: state.layers as DenseLayerState[], activation: state.activation, target: state.target }, X);
			} else {
				// Loaded on demand: tfjs stays out of anything that only reads the catalog.
				const { predictMlp } = await import('../../ml/models/mlp');
				out = await predictMlp(state, X);
			}
			if (state.task === 'regression') return { values: out };
			return { proba: out, codes: argmaxRows(out, state.classes!) };
		},
		shap: { method: 'kernel' }
	}
];

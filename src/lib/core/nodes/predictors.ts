import type { Matrix } from '../ml/matrix';
import { predictLinear, type LinearState } from '../ml/models/linear';
import { predictLogistic, predictProbaLogistic, type LogisticState } from '../ml/models/logistic';
import type { MlpState } from '../ml/models/mlp';
import { argmaxRows } from '../ml/models/argmax';
import type { Prediction } from './modeling';
import type { ModelValue } from './ports';

/** One predictor per model family: the only place that knows every family's state. */
const predictors: Record<string, (estimator: unknown, X: Matrix) => Prediction | Promise<Prediction>> = {
	logistic: (s, X) => ({
		codes: predictLogistic(s as LogisticState, X),
		proba: predictProbaLogistic(s as LogisticState, X)
	}),
	linear: (s, X) => ({ values: predictLinear(s as LinearState, X) }),
	mlp: async (s, X) => {
		const state = s as MlpState;
		// Loaded on demand: tfjs stays out of anything that only reads the catalog.
		const { predictMlp } = await import('../ml/models/mlp');
		const out = await predictMlp(state, X);
		if (state.task === 'regression') return { values: out };
		return { proba: out, codes: argmaxRows(out, state.classes!) };
	}
};

export async function predict(model: ModelValue, X: Matrix): Promise<Prediction> {
	const fn = predictors[model.family];
	if (!fn) throw new Error(`this app cannot run "${model.family}" models`);
	return fn(model.estimator, X);
}

import type { Matrix } from '../ml/matrix';
import { modelFamily } from './families';
import type { Prediction } from './modeling';
import type { ModelValue } from './ports';

/** Scores rows with the model's family's predictor (families/index.ts); each family's file knows its own state. */
export async function predict(model: ModelValue, X: Matrix): Promise<Prediction> {
	const family = modelFamily(model.family);
	if (!family) throw new Error(`this app cannot run "${model.family}" models`);
	return family.predict(model.estimator, X);
}

import type { Matrix } from '../ml/matrix';
import { boostingPredictors } from './families/boosting';
import { imagesPredictors } from './families/images';
import { linearPredictors } from './families/linear-models';
import { neighboursPredictors } from './families/neighbours';
import { neuralPredictors } from './families/neural';
import { textPredictors } from './families/text';
import { treesPredictors } from './families/trees';
import type { PredictFn } from './families/types';
import type { Prediction } from './modeling';
import type { ModelValue } from './ports';

/** One predictor per model family; each family's file knows its own state. */
const predictors: Readonly<Record<string, PredictFn>> = {
	...linearPredictors,
	...neuralPredictors,
	...treesPredictors,
	...boostingPredictors,
	...neighboursPredictors,
	...imagesPredictors,
	...textPredictors
};

export async function predict(model: ModelValue, X: Matrix): Promise<Prediction> {
	const fn = predictors[model.family];
	if (!fn) throw new Error(`this app cannot run "${model.family}" models`);
	return fn(model.estimator, X);
}

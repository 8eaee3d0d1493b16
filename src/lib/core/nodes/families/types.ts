import type { Matrix } from '../../ml/matrix';
import type { Prediction } from '../modeling';

/** Scores rows with one family's fitted state (`ModelValue.estimator`). */
export type PredictFn = (estimator: unknown, X: Matrix) => Prediction | Promise<Prediction>;

/** Predictors keyed by `ModelValue.family`. */
export type FamilyPredictors = Readonly<Record<string, PredictFn>>;

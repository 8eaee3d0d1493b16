import type { Matrix } from '../ml/matrix';
import { modelFamily } from './families';
import type { PredictOptions } from './families/types';
import type { Prediction } from './modeling';
import type { Column, Frame } from '../frame/types';
import type { ModelValue } from './ports';
import { modelMatrix } from './modeling';

/** Scores rows with the model's family's predictor (families/index.ts); each family's file knows its own state. */
export async function predict(model: ModelValue, X: Matrix, opts?: PredictOptions): Promise<Prediction> {
	const family = modelFamily(model.family);
	if (!family) throw new Error(`this app cannot run "${model.family}" models`);
	return family.predict(model.estimator, X, opts);
}

/**
 * The prediction columns for every row of a prepared frame (the recipe already applied):
 * `prediction` (the class label or the number) and, for classifiers with probabilities, one
 * `p(label)` column per class. Predict, `tessera predict` and the predictor page all score here.
 * `opts.compute` spreads the families that can (gbdt, kNN) over the pool: the same numbers.
 */
export async function predictionColumns(model: ModelValue, prepared: Frame, opts?: PredictOptions): Promise<Column[]> {
	const n = prepared.rowCount;
	const all = Uint32Array.from({ length: n }, (_, i) => i);
	const out = await predict(model, modelMatrix(model, prepared, all), opts);
	const added: Column[] = [];
	if (model.task === 'classification') {
		added.push({ kind: 'category', name: 'prediction', codes: out.codes!, dictionary: model.classes! });
		const k = model.classes!.length;
		if (out.proba)
			model.classes!.forEach((label, c) =>
				added.push({ kind: 'number', name: `p(${label})`, values: Float64Array.from({ length: n }, (_, i) => out.proba![i * k + c]) })
			);
	} else added.push({ kind: 'number', name: 'prediction', values: out.values! });
	return added;
}

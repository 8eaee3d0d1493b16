/**
 * Logistic and linear regression with core operators in double, summed as Tessera sums them:
 * s = intercept, then s += w_j · x_j for j = 0, 1, … (predictLinear, predictProbaLogistic). One
 * Mul and Add per feature keep that order (LinearClassifier / LinearRegressor hold float
 * coefficients, and a MatMul sums in an order of its own), so the scores are Tessera's to the
 * last bit and only the probabilities' exp may differ by an ulp.
 */
import type { LinearState } from '../../ml/models/linear';
import type { LogisticState } from '../../ml/models/logistic';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f64, op, sliceColumn } from '../ops';
import type { OnnxFamilyConverter } from './types';

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * Scores [N, k] of X [N, p] (double): row c of `rows` holds output c's weights; each output
 * starts from its intercept and adds w_cj · x_j feature by feature.
 */
function scores(g: GraphBuilder, X: string, p: number, rows: readonly (readonly number[])[], intercepts: readonly number[]): string {
	const k = rows.length;
	let s = f64(g, 'intercept', intercepts, [1, k]);
	for (let j = 0; j < p; j++) {
		const w = f64(
			g,
			`weight${j}`,
			rows.map((r) => r[j]),
			[1, k]
		);
		s = op(g, 'Add', [s, op(g, 'Mul', [w, p === 1 ? X : sliceColumn(g, X, j)])]);
	}
	return s;
}

export const logisticConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as LogisticState;
	const p = model.features.length;
	if (!s || !Array.isArray(s.coef) || !s.coef.every(isNumbers) || !isNumbers(s.intercept) || s.coef[0]?.length !== p)
		throw new OnnxExportError('Logistic regression', 'its fitted coefficients are not in the form this exporter reads');
	const z = scores(g, X, p, s.coef, s.intercept);
	let proba: string;
	if (s.classes === 2) {
		// One score z: [1 − σ(z), σ(z)], as the model writes them.
		const p1 = op(g, 'Sigmoid', [z]);
		proba = op(g, 'Concat', [op(g, 'Sub', [f64(g, 'one', [1], []), p1]), p1], { axis: attr.int(1) });
	} else proba = op(g, 'Softmax', [z], { axis: attr.int(1) });
	// ArgMax keeps the first of equal probabilities, as Tessera's argmaxRows.
	const label = op(g, 'ArgMax', [proba], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) });
	return { label, probabilities: cast(g, proba, 'float') };
};

export const linearConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as LinearState;
	const p = model.features.length;
	if (!s || !isNumbers(s.coef) || typeof s.intercept !== 'number' || s.coef.length !== p)
		throw new OnnxExportError('Linear regression', 'its fitted coefficients are not in the form this exporter reads');
	return { label: cast(g, scores(g, X, p, [s.coef], [s.intercept]), 'float'), probabilities: null };
};

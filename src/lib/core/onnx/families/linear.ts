/** Logistic and linear regression as ai.onnx.ml LinearClassifier / LinearRegressor. */
import type { LinearState } from '../../ml/models/linear';
import type { LogisticState } from '../../ml/models/logistic';
import { attr, OnnxExportError } from '../ir';
import type { OnnxFamilyConverter } from './types';

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

export const logisticConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as LogisticState;
	if (!s || !Array.isArray(s.coef) || !s.coef.every(isNumbers) || !isNumbers(s.intercept) || s.coef[0]?.length !== model.features.length)
		throw new OnnxExportError('Logistic regression', 'its fitted coefficients are not in the form this exporter reads');
	const k = s.classes;
	// Two classes: one score row z, probabilities [1 − σ(z), σ(z)]. Written as the rows (−w, w):
	// LOGISTIC gives σ(−z) = 1 − σ(z) and σ(z), and the label is the larger, as argmax over [1 − p, p].
	const rows = k === 2 ? [s.coef[0].map((w) => -w), s.coef[0]] : s.coef;
	const intercepts = k === 2 ? [-s.intercept[0], s.intercept[0]] : s.intercept;
	const [label, probabilities] = g.node(
		'LinearClassifier',
		[X],
		['label', 'probabilities'],
		{
			coefficients: attr.floats(rows.flat()),
			intercepts: attr.floats(intercepts),
			classlabels_ints: attr.ints(Array.from({ length: k }, (_, i) => i)),
			multi_class: attr.int(0),
			post_transform: attr.string(k === 2 ? 'LOGISTIC' : 'SOFTMAX')
		},
		'ai.onnx.ml'
	);
	return { label, probabilities };
};

export const linearConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as LinearState;
	if (!s || !isNumbers(s.coef) || typeof s.intercept !== 'number' || s.coef.length !== model.features.length)
		throw new OnnxExportError('Linear regression', 'its fitted coefficients are not in the form this exporter reads');
	const [label] = g.node(
		'LinearRegressor',
		[X],
		['prediction'],
		{ coefficients: attr.floats(s.coef), intercepts: attr.floats([s.intercept]), targets: attr.int(1) },
		'ai.onnx.ml'
	);
	return { label, probabilities: null };
};

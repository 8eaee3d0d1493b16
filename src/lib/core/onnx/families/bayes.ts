/**
 * Naive Bayes with core ONNX operators, in double like Tessera (ml/bayes): the joint
 * log-likelihood per class, then class probabilities by log-sum-exp (softmax) and the label as
 * the first largest joint log-likelihood (Tessera's argmaxRows).
 */
import type { GaussianNbState } from '../../ml/bayes/gaussian';
import type { MultinomialNbState } from '../../ml/bayes/multinomial';
import type { ModelValue } from '../../nodes/ports';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f64, i64, op } from '../ops';
import type { OnnxFamilyConverter, OnnxFamilyOutputs } from './types';

/**
 * Gaussian: jll[c] = logPrior[c] − ½ Σ_j log(2π σ²_cj) + Σ_j −½ (x_j − μ_cj)² / σ²_cj, where a
 * missing x_j (NaN) drops feature j's whole term, normaliser included, as gaussianJointLog does.
 * Computed on [N, classes, features] and summed over the features.
 */
function gaussianJointLog(g: GraphBuilder, s: GaussianNbState, Xd: string): string {
	const { classes, cols: p } = s;
	const logNorm = s.variance.map((v) => Math.log(2 * Math.PI * v));
	const constant = Array.from({ length: classes }, (_, c) => {
		let sum = s.logPrior[c];
		for (let j = 0; j < p; j++) sum -= 0.5 * logNorm[c * p + j];
		return sum;
	});
	const x = op(g, 'Unsqueeze', [Xd, i64(g, 'nb_middle', [1])]);
	const e = op(g, 'Sub', [x, f64(g, 'nb_mean', s.mean, [classes, p])]);
	// −½ · e · e · (1/σ²), in Tessera's order.
	const scaled = op(g, 'Mul', [
		op(g, 'Mul', [op(g, 'Mul', [f64(g, 'nb_minus_half', [-0.5], []), e]), e]),
		f64(
			g,
			'nb_inverse',
			s.variance.map((v) => 1 / v),
			[classes, p]
		)
	]);
	const term = op(g, 'Where', [
		op(g, 'IsNaN', [x]),
		f64(
			g,
			'nb_restore',
			logNorm.map((l) => 0.5 * l),
			[classes, p]
		),
		scaled
	]);
	const sum = op(g, 'ReduceSum', [term, i64(g, 'nb_features', [2])], { keepdims: attr.int(0) });
	return op(g, 'Add', [sum, f64(g, 'nb_constant', constant, [1, classes])]);
}

/**
 * Multinomial: jll = logPrior + X · log P(feature | class)ᵀ. Tessera skips x = 0 so that
 * 0 · log 0 is 0; a product would turn it into NaN, so a model with a −∞ log-probability
 * (alpha = 0 and a feature never seen with a class) is refused.
 */
function multinomialJointLog(g: GraphBuilder, s: MultinomialNbState, Xd: string, title: string): string {
	const { classes, cols: p } = s;
	if (!s.featureLogProb.every(Number.isFinite))
		throw new OnnxExportError(
			title,
			'alpha = 0 left a feature never seen with a class (log-probability −∞), which a matrix product turns into NaN; retrain with alpha > 0'
		);
	const transposed = Array.from({ length: p * classes }, (_, at) => s.featureLogProb[(at % classes) * p + Math.floor(at / classes)]);
	const product = op(g, 'MatMul', [Xd, f64(g, 'nb_log_prob', transposed, [p, classes])]);
	return op(g, 'Add', [product, f64(g, 'nb_log_prior', s.logPrior, [1, classes])]);
}

function fromJointLog(g: GraphBuilder, jll: string): OnnxFamilyOutputs {
	// Softmax of the joint log-likelihoods is log-sum-exp normalisation (fromJointLog), in double.
	const proba = op(g, 'Softmax', [jll], { axis: attr.int(1) });
	const label = op(g, 'ArgMax', [jll], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(0) });
	return { label, probabilities: cast(g, proba, 'float') };
}

export const naiveBayesConverter: OnnxFamilyConverter = (g, model: ModelValue, X) => {
	const s = model.estimator as GaussianNbState | MultinomialNbState;
	const title = `naive-bayes model (${s.variant})`;
	if (s.cols !== model.features.length)
		throw new OnnxExportError(title, `it was fitted on ${s.cols} features but the model lists ${model.features.length}`);
	if (model.classes && model.classes.length !== s.classes)
		throw new OnnxExportError(title, `it knows ${s.classes} classes but the model lists ${model.classes.length}`);
	return fromJointLog(g, s.variant === 'gaussian' ? gaussianJointLog(g, s, X) : multinomialJointLog(g, s, X, title));
};

/**
 * Decision tree, random forest and gradient boosting as ai.onnx.ml TreeEnsembleClassifier /
 * TreeEnsembleRegressor (opset 3; the newer TreeEnsemble has open runtime bugs). Splits keep
 * Tessera's rule: x <= threshold goes left (BRANCH_LEQ; which float32 stands for a float64
 * threshold: tree-ensemble.ts), NaN goes the node's missing direction
 * (nodes_missing_value_tracks_true).
 */
import type { TreeState } from '../../ml/trees/cart';
import type { ForestState } from '../../ml/trees/forest';
import type { GbdtState } from '../../ml/trees/hist-gbdt';
import type { HistTree } from '../../ml/trees/hist-tree';
import type { ModelValue } from '../../nodes/ports';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { categorySides } from './category-sides';
import { ensembleAttributes, float32AtOrBelow, float32Nearest, type EnsembleNode, type EnsembleTree } from './tree-ensemble';
import type { OnnxFamilyConverter, OnnxFamilyOutputs } from './types';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Regressors run the ensemble in double (`*_as_tensor` attributes, double input): ONNX Runtime
 * sums leaf values in the threshold type, and a float32 sum of 100 boosted trees drifts by up to
 * 5e-6 of the value (seattle-weather temp_max); in double only the output's float32 rounding
 * remains. The thresholds stay the float32 values chosen for the float32 input (float32 → double
 * is exact, so every branch is taken as in float). Classifiers stay float: their probabilities
 * lie in [0, 1] where float32 sums are within 1e-6, and the post-transforms run in float anyway.
 */
const toDouble = (g: GraphBuilder, X: string) => g.node('Cast', [X], ['trees_double'], { to: attr.int(11) })[0];

function checkWidth(model: ModelValue, features: number): void {
	if (features !== model.features.length)
		throw new OnnxExportError(
			`${model.family} model`,
			`its trees read ${features} features but the model lists ${model.features.length}; the saved model is inconsistent`
		);
}

/** A CART tree's nodes, each leaf voting its value(s) scaled by `scale` (1 / trees for a forest's mean). */
function cartTree(s: TreeState, scale: number): EnsembleTree {
	const width = Math.max(1, s.classes);
	return s.feature.map((feature, node): EnsembleNode => {
		if (feature >= 0)
			return {
				feature,
				threshold: float32AtOrBelow(s.threshold[node]),
				left: s.left[node],
				right: s.right[node],
				missingLeft: s.missingLeft[node] === 1
			};
		return { votes: range(width).map((k) => ({ target: k, weight: s.value[node * width + k] * scale })) };
	});
}

/**
 * The mean of CART trees' outputs: class probabilities (weights divided by the tree count, so the
 * ensemble's SUM is the mean, as scikit-learn-onnx exports RandomForest) or values.
 */
function cartEnsemble(g: GraphBuilder, model: ModelValue, X: string, trees: readonly TreeState[], classes: number): OnnxFamilyOutputs {
	const ensemble = trees.map((t) => cartTree(t, 1 / trees.length));
	if (classes === 0) {
		const [value] = g.node(
			'TreeEnsembleRegressor',
			[toDouble(g, X)],
			['trees_value'],
			{ ...ensembleAttributes(ensemble, 'target', true, 'double'), n_targets: attr.int(1), aggregate_function: attr.string('SUM') },
			'ai.onnx.ml'
		);
		return { label: value, probabilities: null };
	}
	if (model.classes && model.classes.length !== classes)
		throw new OnnxExportError(`${model.family} model`, `its trees know ${classes} classes but the model lists ${model.classes.length}`);
	const [, probabilities] = g.node(
		'TreeEnsembleClassifier',
		[X],
		['trees_votes', 'trees_probabilities'],
		{
			...ensembleAttributes(ensemble, 'class', classes === 2),
			classlabels_int64s: attr.ints(range(classes)),
			post_transform: attr.string('NONE')
		},
		'ai.onnx.ml'
	);
	// Not the ensemble's own label: for two classes ONNX Runtime labels by "score of class 1 > 0",
	// not by the larger probability. ArgMax keeps the first of equal probabilities, as Tessera's argmaxRows.
	const [label] = g.node('ArgMax', [probabilities], ['trees_label'], {
		axis: attr.int(1),
		keepdims: attr.int(0),
		select_last_index: attr.int(0)
	});
	return { label, probabilities };
}

export const treeConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as TreeState;
	checkWidth(model, s.features);
	return cartEnsemble(g, model, X, [s], s.classes);
};

export const forestConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as ForestState;
	checkWidth(model, s.features);
	if (s.trees.length === 0) throw new OnnxExportError('forest model', 'it holds no trees');
	return cartEnsemble(g, model, X, s.trees, s.classes);
};

/** A boosted tree's nodes; categorical splits read their membership column (category-sides.ts) at 0.5. */
function histTree(t: HistTree, target: number, column: (node: number) => number | undefined, shift: number): EnsembleTree {
	return t.feature.map((feature, node): EnsembleNode => {
		if (feature < 0) return { votes: [{ target, weight: t.value[node] - shift }] };
		const side = t.categories[node] ? column(node) : undefined;
		return {
			feature: side ?? feature,
			threshold: side === undefined ? float32Nearest(t.threshold[node]) : 0.5,
			left: t.left[node],
			right: t.right[node],
			missingLeft: t.missingLeft[node] === 1
		};
	});
}

/**
 * Gradient boosting as scikit-learn-onnx exports HistGradientBoosting: leaf values summed onto
 * the baseline (base_values), then LOGISTIC (binary: one score, class 1's log-odds) or SOFTMAX
 * (multiclass: one tree per class per round, round-major as GbdtState stores them).
 */
export const gbdtConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as GbdtState;
	checkWidth(model, s.nBins.length);
	if (s.trees.length === 0) throw new OnnxExportError('gbdt model', 'it holds no trees');
	const p = s.nBins.length;
	const sides = categorySides(g, X, p, s.trees, s.nBins);
	const K = s.outputs;
	const binary = s.loss === 'binary';
	// ONNX Runtime reads a one-score binary ensemble whose weights are all ≥ 0 as probabilities
	// ([1 − s, s], no LOGISTIC). In that (rare) case move (largest leaf of the first tree + 1) from
	// that tree's leaves to the base value: the sum is unchanged and its weights turn negative.
	// Checked on the float32 weights ONNX Runtime reads: a tiny negative leaf rounds to −0, which is not < 0.
	const allPositive = binary && s.trees.every((t) => t.feature.every((f, node) => f >= 0 || Math.fround(t.value[node]) >= 0));
	const shift = allPositive ? Math.max(...s.trees[0].value.filter((_, node) => s.trees[0].feature[node] < 0)) + 1 : 0;
	const ensemble = s.trees.map((t, i) => histTree(t, binary ? 0 : i % K, (node) => sides.column(i, node), i === 0 ? shift : 0));
	const base = s.baseline.map((b) => b + shift);
	if (s.loss === 'squared') {
		const [value] = g.node(
			'TreeEnsembleRegressor',
			[toDouble(g, sides.features)],
			['gbdt_value'],
			{
				...ensembleAttributes(ensemble, 'target', true, 'double'),
				n_targets: attr.int(1),
				aggregate_function: attr.string('SUM'),
				base_values_as_tensor: attr.tensor({ type: 'double', dims: [1], data: Float64Array.from(base) })
			},
			'ai.onnx.ml'
		);
		return { label: value, probabilities: null };
	}
	const classes = s.nClasses;
	if (model.classes && model.classes.length !== classes)
		throw new OnnxExportError('gbdt model', `its trees know ${classes} classes but the model lists ${model.classes.length}`);
	// The ensemble's label is the one Tessera gives: binary, raw score > 0 (probability of class 1
	// above ½); multiclass, the first largest raw score.
	const [label, probabilities] = g.node(
		'TreeEnsembleClassifier',
		[sides.features],
		['gbdt_label', 'gbdt_probabilities'],
		{
			// Every leaf votes, zeros included: a row whose leaves all lack a vote would get no score.
			...ensembleAttributes(ensemble, 'class', true),
			classlabels_int64s: attr.ints(range(classes)),
			base_values: attr.floats(base),
			post_transform: attr.string(binary ? 'LOGISTIC' : 'SOFTMAX')
		},
		'ai.onnx.ml'
	);
	return { label, probabilities };
};

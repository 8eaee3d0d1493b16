/**
 * Decision tree, random forest and gradient boosting as ai.onnx.ml TreeEnsembleClassifier /
 * TreeEnsembleRegressor (opset 3; the newer TreeEnsemble has open runtime bugs), on a double
 * input with double thresholds and weights (tree-ensemble.ts), so every comparison and every sum
 * is Tessera's own:
 *
 * - CART trees (tree, forest) round each feature to float32 before comparing it with a float64
 *   threshold (tree-predict.ts): the graph does the same, Cast to float and back to double
 *   (exact), and compares with the threshold as fitted.
 * - Gradient boosting compares the float64 value itself with the float64 bin edge (hist-tree.ts).
 * - Leaf values are summed in Tessera's order: ONNX Runtime adds trees in order from 0 (one row
 *   at a time when the batch has more than 50 rows or the ensemble at most 80 trees; smaller
 *   batches of larger ensembles are split by tree across threads, which may move a sum by an ulp).
 *
 * x <= threshold goes left (BRANCH_LEQ), NaN goes the node's missing direction
 * (nodes_missing_value_tracks_true).
 */
import type { TreeState } from '../../ml/trees/cart';
import type { ForestState } from '../../ml/trees/forest';
import type { GbdtState } from '../../ml/trees/hist-gbdt';
import type { HistTree } from '../../ml/trees/hist-tree';
import type { ModelValue } from '../../nodes/ports';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f64, i64, op } from '../ops';
import { categorySides } from './category-sides';
import { ensembleAttributes, type EnsembleNode, type EnsembleTree } from './tree-ensemble';
import type { OnnxFamilyConverter, OnnxFamilyOutputs } from './types';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const doubles = (values: readonly number[]) => attr.tensor({ type: 'double', dims: [values.length], data: Float64Array.from(values) });

function checkWidth(model: ModelValue, features: number): void {
	if (features !== model.features.length)
		throw new OnnxExportError(
			`${model.family} model`,
			`its trees read ${features} features but the model lists ${model.features.length}; the saved model is inconsistent`
		);
}

/** A CART tree's nodes, each leaf voting its value(s); `dummy` adds a vote of −1 for one more class (see cartEnsemble). */
function cartTree(s: TreeState, dummy: number | null): EnsembleTree {
	const width = Math.max(1, s.classes);
	return s.feature.map((feature, node): EnsembleNode => {
		if (feature >= 0)
			return {
				feature,
				threshold: s.threshold[node],
				left: s.left[node],
				right: s.right[node],
				missingLeft: s.missingLeft[node] === 1
			};
		const votes = range(width).map((k) => ({ target: k, weight: s.value[node * width + k] }));
		return { votes: dummy === null ? votes : [...votes, { target: dummy, weight: -1 }] };
	});
}

/**
 * The mean of CART trees' outputs, as predictForestOutput: leaf values summed over the trees in
 * double, then divided by the tree count (after the ensemble's float output: its rounding,
 * 2⁻²⁴ of the value, is all that is left in the probabilities).
 *
 * The label is the ensemble's own, which ONNX Runtime takes as the first largest double sum
 * before any rounding (Tessera: the first largest mean). With two classes it would instead label
 * by "score of class 1 > 0", so a binary model gets a third class that every leaf votes −1 for
 * (its sum, −trees, is never the largest) and its column is sliced off the probabilities.
 */
function cartEnsemble(g: GraphBuilder, model: ModelValue, X: string, trees: readonly TreeState[], classes: number): OnnxFamilyOutputs {
	// Tessera reads each feature as Math.fround(x): Cast to float and back is that value, exactly.
	const rounded = cast(g, cast(g, X, 'float'), 'double');
	const mean = (sum: string) =>
		trees.length === 1 ? sum : cast(g, op(g, 'Div', [cast(g, sum, 'double'), f64(g, 'tree_count', [trees.length], [])]), 'float');
	if (classes === 0) {
		const [value] = g.node(
			'TreeEnsembleRegressor',
			[rounded],
			['trees_value'],
			{
				...ensembleAttributes(
					trees.map((t) => cartTree(t, null)),
					'target',
					true
				),
				n_targets: attr.int(1),
				aggregate_function: attr.string('SUM')
			},
			'ai.onnx.ml'
		);
		return { label: mean(value), probabilities: null };
	}
	if (model.classes && model.classes.length !== classes)
		throw new OnnxExportError(`${model.family} model`, `its trees know ${classes} classes but the model lists ${model.classes.length}`);
	const width = classes === 2 ? 3 : classes;
	const [label, sums] = g.node(
		'TreeEnsembleClassifier',
		[rounded],
		['trees_label', 'trees_sums'],
		{
			...ensembleAttributes(
				trees.map((t) => cartTree(t, classes === 2 ? 2 : null)),
				'class',
				true
			),
			classlabels_int64s: attr.ints(range(width)),
			post_transform: attr.string('NONE')
		},
		'ai.onnx.ml'
	);
	const kept = classes === 2 ? op(g, 'Slice', [sums, i64(g, 'first', [0]), i64(g, 'classes', [2]), i64(g, 'class_axis', [1])]) : sums;
	return { label, probabilities: mean(kept) };
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
function histTree(t: HistTree, target: number, column: (node: number) => number | undefined): EnsembleTree {
	return t.feature.map((feature, node): EnsembleNode => {
		if (feature < 0) return { votes: [{ target, weight: t.value[node] }] };
		const side = t.categories[node] ? column(node) : undefined;
		return {
			feature: side ?? feature,
			threshold: side === undefined ? t.threshold[node] : 0.5,
			left: t.left[node],
			right: t.right[node],
			missingLeft: t.missingLeft[node] === 1
		};
	});
}

/**
 * Gradient boosting as scikit-learn-onnx exports HistGradientBoosting: leaf values summed, then
 * LOGISTIC (binary: one score, class 1's log-odds) or SOFTMAX (multiclass: one tree per class per
 * round, round-major as GbdtState stores them). Tessera starts each score from the baseline and
 * adds the trees in order; ONNX Runtime adds base_values after the trees, a different rounding,
 * so the baseline goes in as a first single-leaf tree per score and base_values are 0.
 */
export const gbdtConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as GbdtState;
	checkWidth(model, s.nBins.length);
	if (s.trees.length === 0) throw new OnnxExportError('gbdt model', 'it holds no trees');
	const p = s.nBins.length;
	const sides = categorySides(g, X, p, s.trees, s.nBins);
	const K = s.outputs;
	const binary = s.loss === 'binary';
	const baselines: EnsembleTree[] = range(K).map((k) => [{ votes: [{ target: k, weight: s.baseline[k] }] }]);
	const ensemble = [...baselines, ...s.trees.map((t, i) => histTree(t, binary ? 0 : i % K, (node) => sides.column(i, node)))];
	// ONNX Runtime reads a one-score binary ensemble whose weights are all ≥ 0 as probabilities
	// ([1 − s, s], no LOGISTIC). In that (rare) case add a tree whose −1 leaf no row reaches
	// (x <= NaN is false, and NaN is sent the same way): the weights are no longer all ≥ 0 and
	// every score gains +0, which changes nothing.
	const allPositive = binary && ensemble.every((t) => t.every((node) => !('votes' in node) || node.votes.every((v) => v.weight >= 0)));
	if (allPositive)
		ensemble.push([
			{ feature: 0, threshold: NaN, left: 1, right: 2, missingLeft: false },
			{ votes: [{ target: 0, weight: -1 }] },
			{ votes: [{ target: 0, weight: 0 }] }
		]);
	const base = doubles(new Array<number>(K).fill(0));
	if (s.loss === 'squared') {
		const [value] = g.node(
			'TreeEnsembleRegressor',
			[sides.features],
			['gbdt_value'],
			{
				...ensembleAttributes(ensemble, 'target', true),
				n_targets: attr.int(1),
				aggregate_function: attr.string('SUM'),
				base_values_as_tensor: base
			},
			'ai.onnx.ml'
		);
		return { label: value, probabilities: null };
	}
	const classes = s.nClasses;
	if (model.classes && model.classes.length !== classes)
		throw new OnnxExportError('gbdt model', `its trees know ${classes} classes but the model lists ${model.classes.length}`);
	// The ensemble's label is the one Tessera gives: binary, raw score > 0 (probability of class 1
	// above ½); multiclass, the first largest raw score, both on the double sums.
	const [label, probabilities] = g.node(
		'TreeEnsembleClassifier',
		[sides.features],
		['gbdt_label', 'gbdt_probabilities'],
		{
			// Every leaf votes, zeros included: a row whose leaves all lack a vote would get no score.
			...ensembleAttributes(ensemble, 'class', true),
			classlabels_int64s: attr.ints(range(classes)),
			base_values_as_tensor: base,
			post_transform: attr.string(binary ? 'LOGISTIC' : 'SOFTMAX')
		},
		'ai.onnx.ml'
	);
	return { label, probabilities };
};

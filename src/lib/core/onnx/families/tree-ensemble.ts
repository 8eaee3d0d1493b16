/**
 * The attribute tables of ai.onnx.ml's TreeEnsembleRegressor / TreeEnsembleClassifier (opset 3),
 * built from Tessera's trees: one row per node (`nodes_*`) and one per leaf vote
 * (`target_*` / `class_*`). Shared by the CART, forest and gradient-boosting converters.
 */
import { attr, type OnnxAttr } from '../ir';

/**
 * Thresholds and weights are written as double tensors (`nodes_values_as_tensor`,
 * `*_weights_as_tensor`, `base_values_as_tensor`) and the ensembles read a double input: ONNX
 * Runtime then compares x <= t in double and sums leaf values in double, as Tessera does
 * (float thresholds would round a gradient-boosting bin edge, often a training value itself, and
 * send that value the other way). Verified in trees.test.ts with values float32 cannot tell apart.
 */

/**
 * One node of a tree: a split (x <= threshold goes left, NaN goes where `missingLeft` says) or
 * a leaf.
 */
export type EnsembleNode =
	| {
			readonly feature: number;
			readonly threshold: number;
			readonly left: number;
			readonly right: number;
			readonly missingLeft: boolean;
	  }
	| { readonly votes: readonly { readonly target: number; readonly weight: number }[] };

/** A tree as its nodes, node 0 the root, children referred to by index (ONNX wants ids 0..n-1 per tree). */
export type EnsembleTree = readonly EnsembleNode[];

/**
 * The node and vote attributes of an ensemble, thresholds and weights as double tensors (see
 * above). `votes` is 'target' (regressor) or 'class' (classifier). Leaves keep no vote whose
 * weight is 0 unless `keepZeroVotes` (every class needs a score on every row, or ONNX Runtime
 * leaves it out of its label).
 */
export function ensembleAttributes(
	trees: readonly EnsembleTree[],
	votes: 'target' | 'class',
	keepZeroVotes = false
): Record<string, OnnxAttr> {
	const n = {
		treeids: [] as number[],
		nodeids: [] as number[],
		featureids: [] as number[],
		modes: [] as string[],
		values: [] as number[],
		truenodeids: [] as number[],
		falsenodeids: [] as number[],
		missing: [] as number[]
	};
	const v = { treeids: [] as number[], nodeids: [] as number[], ids: [] as number[], weights: [] as number[] };
	trees.forEach((tree, t) =>
		tree.forEach((node, id) => {
			n.treeids.push(t);
			n.nodeids.push(id);
			if ('votes' in node) {
				n.featureids.push(0);
				n.modes.push('LEAF');
				n.values.push(0);
				n.truenodeids.push(0);
				n.falsenodeids.push(0);
				n.missing.push(0);
				for (const { target, weight } of node.votes) {
					if (weight === 0 && !keepZeroVotes) continue;
					v.treeids.push(t);
					v.nodeids.push(id);
					v.ids.push(target);
					v.weights.push(weight);
				}
				return;
			}
			n.featureids.push(node.feature);
			n.modes.push('BRANCH_LEQ');
			n.values.push(node.threshold);
			n.truenodeids.push(node.left);
			n.falsenodeids.push(node.right);
			n.missing.push(node.missingLeft ? 1 : 0);
		})
	);
	return {
		nodes_treeids: attr.ints(n.treeids),
		nodes_nodeids: attr.ints(n.nodeids),
		nodes_featureids: attr.ints(n.featureids),
		nodes_modes: attr.strings(n.modes),
		nodes_values_as_tensor: attr.tensor({ type: 'double', dims: [n.values.length], data: Float64Array.from(n.values) }),
		nodes_truenodeids: attr.ints(n.truenodeids),
		nodes_falsenodeids: attr.ints(n.falsenodeids),
		nodes_missing_value_tracks_true: attr.ints(n.missing),
		[`${votes}_treeids`]: attr.ints(v.treeids),
		[`${votes}_nodeids`]: attr.ints(v.nodeids),
		[`${votes}_ids`]: attr.ints(v.ids),
		[`${votes}_weights_as_tensor`]: attr.tensor({ type: 'double', dims: [v.weights.length], data: Float64Array.from(v.weights) })
	};
}

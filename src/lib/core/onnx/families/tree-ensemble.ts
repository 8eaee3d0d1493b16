/**
 * The attribute tables of ai.onnx.ml's TreeEnsembleRegressor / TreeEnsembleClassifier (opset 3),
 * built from Tessera's trees: one row per node (`nodes_*`) and one per leaf vote
 * (`target_*` / `class_*`). Shared by the CART, forest and gradient-boosting converters.
 */
import { attr, type OnnxAttr } from '../ir';

/**
 * ONNX Runtime compares a float32 feature with a float32 threshold; Tessera compares in float64.
 * Which float32 reproduces Tessera depends on what the model compares:
 *
 * - CART trees (tree, forest) round the feature to float32 themselves (tree-predict.ts) and
 *   compare it with a float64 threshold, the midpoint of two float32 training values. For every
 *   float32 x, `x <= t` ⇔ `x <= float32AtOrBelow(t)` (no float32 lies in between), so this is
 *   exact for every input; rounding t to the nearest float32 could land on the upper training
 *   value (midpoints of adjacent float32 values round to either side) and send it left.
 * - Gradient boosting compares the raw float64 value with a float64 threshold that is a bin edge:
 *   a midpoint of two training values, or (past max bins distinct values) a quantile that is often
 *   a training value itself (e.g. 93.4). The deployed graph receives that value as float32, so the
 *   threshold must be `Math.fround(t)`: every v <= t has fround(v) <= fround(t) (rounding is
 *   monotone), and every training value above t rounds above it unless it lies within a float32
 *   rounding step of t (two training values that float32 cannot tell apart). The float32 just at
 *   or below t would send a training value equal to t (93.4 → 93.40000153) right.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const FLOAT32_MAX = 3.4028234663852886e38;

/** The largest float32 at or below `t` (CART thresholds; see above). */
export function float32AtOrBelow(t: number): number {
	f32[0] = t;
	if (!(f32[0] > t)) return f32[0];
	// f32[0] is above t, so it is not -Infinity: step one float32 towards -Infinity.
	if (f32[0] === 0) return -1.401298464324817e-45;
	u32[0] += f32[0] > 0 ? -1 : 1;
	return f32[0];
}

/**
 * The float32 nearest `t` (gradient-boosting bin edges; see above), kept finite for a finite t:
 * the 1e300 edge of the last bin must still send +Infinity right.
 */
export function float32Nearest(t: number): number {
	const r = Math.fround(t);
	return Number.isFinite(t) && !Number.isFinite(r) ? Math.sign(t) * FLOAT32_MAX : r;
}

/**
 * One node of a tree: a split (x <= threshold goes left, NaN goes where `missingLeft` says;
 * threshold already a float32 value, chosen as above) or a leaf.
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
 * The node and vote attributes of an ensemble. `votes` is 'target' (regressor) or 'class'
 * (classifier); `precision` 'double' writes thresholds and weights as double tensors
 * (`*_as_tensor`, for a double input; the trees then sum in double). Leaves keep no vote whose weight is 0
 * unless `keepZeroVotes` (a binary classifier needs votes for both classes on every leaf, or
 * ONNX Runtime takes it for a one-score binary model).
 */
export function ensembleAttributes(
	trees: readonly EnsembleTree[],
	votes: 'target' | 'class',
	keepZeroVotes = false,
	precision: 'float' | 'double' = 'float'
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
		...(precision === 'float'
			? { nodes_values: attr.floats(Float32Array.from(n.values)) }
			: { nodes_values_as_tensor: attr.tensor({ type: 'double', dims: [n.values.length], data: Float64Array.from(n.values) }) }),
		nodes_truenodeids: attr.ints(n.truenodeids),
		nodes_falsenodeids: attr.ints(n.falsenodeids),
		nodes_missing_value_tracks_true: attr.ints(n.missing),
		[`${votes}_treeids`]: attr.ints(v.treeids),
		[`${votes}_nodeids`]: attr.ints(v.nodeids),
		[`${votes}_ids`]: attr.ints(v.ids),
		...(precision === 'float'
			? { [`${votes}_weights`]: attr.floats(Float32Array.from(v.weights)) }
			: { [`${votes}_weights_as_tensor`]: attr.tensor({ type: 'double', dims: [v.weights.length], data: Float64Array.from(v.weights) }) })
	};
}

import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import { checkTreeInput, growTree, type CriterionName, type TreeState } from './cart';
import { presortMatrix, restrictOrder } from './presort';
import { argmaxRows } from '../models/argmax';
import { addTreeOutput } from './tree-predict';
import { scoreOf } from './scores';
import { abortError, isAbort } from '../../util/abort';

/** A fitted random forest: its trees and the mean of their feature importances. */
export interface ForestState {
	readonly classes: number;
	readonly features: number;
	readonly trees: TreeState[];
	readonly importances: number[];
	/** Out-of-bag accuracy or R² (bootstrap only); null without bootstrap or with no out-of-bag row. */
	readonly oobScore: number | null;
}

export interface ForestOptions {
	/** Classes (codes 0..classes-1), or 0 for regression. */
	readonly classes: number;
	readonly criterion: CriterionName;
	readonly trees: number;
	readonly bootstrap: boolean;
	readonly maxDepth: number;
	readonly minSamplesSplit: number;
	readonly minSamplesLeaf: number;
	readonly maxFeatures: number;
	readonly seed: number;
	readonly signal?: AbortSignal;
	/** Rows scored after every tree for the validation curve. */
	readonly validation?: { readonly X: Matrix; readonly y: Int32Array | Float64Array };
	/** After each tree: trees done and the latest point of each curve. */
	readonly onTree?: (done: number, latest: Readonly<Record<string, number>>) => void;
}

export interface ForestFit {
	readonly state: ForestState;
	/** Per tree: out-of-bag and validation accuracy (classification) or R² (regression). */
	readonly curves: Record<string, number[]>;
	/** Trees trained; fewer than asked when cancelled. */
	readonly completed: number;
	readonly cancelled: boolean;
}

/**
 * Trains tree by tree on bootstrap samples (as scikit-learn's RandomForest*), scoring the
 * out-of-bag and validation rows as it goes. A Cancel after the first tree keeps the trees
 * trained so far; before it, the AbortError propagates.
 */
export async function fitForest(X: Matrix, y: Int32Array | Float64Array, o: ForestOptions): Promise<ForestFit> {
	checkTreeInput(X, y, o.classes);
	const n = X.rows;
	const width = Math.max(1, o.classes);
	const p = X.cols;
	const { order: sorted, vals: sortedVals } = presortMatrix(X);
	// Each tree partitions its own copy in place; the copies reuse these two buffers.
	// A bootstrap sample holds about 63% of the rows; size for that (grown if a draw needs more).
	let treeOrder = new Int32Array((o.bootstrap ? Math.min(n, Math.ceil(0.64 * n) + 64) : n) * p);
	let treeVals = new Float32Array(treeOrder.length);
	const random = createRandom(o.seed);
	const tick = yielder();
	const trees: TreeState[] = [];
	const kind = o.classes > 0 ? 'accuracy' : 'r2';
	const curves: Record<string, number[]> = {};
	const oobSum = new Float64Array(n * width);
	const oobVotes = new Int32Array(n);
	const val = o.validation && o.validation.X.rows > 0 ? o.validation : null;
	const valSum = val ? new Float64Array(val.X.rows * width) : null;
	let cancelled = false;
	for (let t = 0; t < o.trees; t++) {
		if (o.signal?.aborted) {
			cancelled = true;
			break;
		}
		const treeSeed = Math.floor(random() * 2 ** 31);
		let w: Int32Array | null = null;
		let m = n;
		if (o.bootstrap) {
			w = new Int32Array(n);
			for (let i = 0; i < n; i++) w[Math.floor(random() * n)]++;
			let kept = 0;
			for (let i = 0; i < n; i++) if (w[i] > 0) kept++;
			if (kept * p > treeOrder.length) {
				treeOrder = new Int32Array(kept * p);
				treeVals = new Float32Array(kept * p);
			}
			m = restrictOrder(sorted, sortedVals, n, p, w, treeOrder, treeVals);
		} else {
			treeOrder.set(sorted);
			treeVals.set(sortedVals);
		}
		const order = treeOrder.subarray(0, m * p);
		const vals = treeVals.subarray(0, m * p);
		let tree: TreeState;
		try {
			tree = await growTree({ rows: n, features: p, order, vals, m, y, w, totalWeight: n }, { ...o, seed: treeSeed });
		} catch (e) {
			if (isAbort(e) && trees.length > 0) {
				cancelled = true;
				break;
			}
			throw e;
		}
		trees.push(tree);
		const latest: Record<string, number> = {};
		if (w) {
			const oob = Int32Array.from({ length: n - m }, () => 0);
			for (let i = 0, k = 0; i < n; i++) if (w[i] === 0) oob[k++] = i;
			const out = new Float64Array(oob.length * width);
			addTreeOutput(tree, X, out, oob);
			for (let i = 0; i < oob.length; i++) {
				const r = oob[i];
				oobVotes[r]++;
				for (let k = 0; k < width; k++) oobSum[r * width + k] += out[i * width + k];
			}
			const s = scoreOf(oobSum, oobVotes, y, o.classes);
			if (s !== null) (curves[`oob_${kind}`] ??= []).push((latest[`oob_${kind}`] = s));
		}
		if (val && valSum) {
			addTreeOutput(tree, val.X, valSum);
			const s = scoreOf(
				valSum,
				Int32Array.from({ length: val.X.rows }, () => trees.length),
				val.y,
				o.classes
			);
			if (s !== null) (curves[`val_${kind}`] ??= []).push((latest[`val_${kind}`] = s));
		}
		o.onTree?.(trees.length, latest);
		await tick();
	}
	if (trees.length === 0) throw abortError();
	const oobScore = o.bootstrap ? scoreOf(oobSum, oobVotes, y, o.classes) : null;
	return {
		state: { classes: o.classes, features: X.cols, trees, importances: meanImportances(trees, X.cols), oobScore },
		curves,
		completed: trees.length,
		cancelled
	};
}

/** Mean of the trees' normalised importances, normalised again (single-leaf trees left out, as scikit-learn). */
function meanImportances(trees: readonly TreeState[], p: number): number[] {
	const sum = new Array<number>(p).fill(0);
	for (const t of trees) if (t.feature.length > 1) t.importances.forEach((v, j) => (sum[j] += v));
	const total = sum.reduce((a, b) => a + b, 0);
	return total > 0 ? sum.map((v) => v / total) : sum;
}

/** Mean of the trees' outputs: class probabilities (rows × classes) or values. */
export function predictForestOutput(s: ForestState, X: Matrix): Float64Array {
	const width = Math.max(1, s.classes);
	const out = new Float64Array(X.rows * width);
	for (const t of s.trees) addTreeOutput(t, X, out);
	for (let i = 0; i < out.length; i++) out[i] /= s.trees.length;
	return out;
}

export function predictForestClasses(s: ForestState, X: Matrix): { codes: Int32Array; proba: Float64Array } {
	const proba = predictForestOutput(s, X);
	return { codes: argmaxRows(proba, s.classes), proba };
}

import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import { presortMatrix } from './presort';
import { Criterion, emptyBest, scoreTable, splitFeature, type NodeTotals, type SplitWork } from './split';
import { leafTotals, partition, sortedLabels, type PartitionScratch } from './grow';
import { abortError } from '../../util/abort';

/**
 * A fitted CART tree as flat, JSON-ready arrays, one entry per node (the root is node 0).
 * A row goes left when its value is ≤ threshold; a missing value goes the way `missingLeft` says.
 */
export interface TreeState {
	/** Number of classes (classification) or 0 (regression). */
	readonly classes: number;
	readonly features: number;
	/** Split feature, or -1 at a leaf. */
	readonly feature: number[];
	readonly threshold: number[];
	readonly left: number[];
	readonly right: number[];
	/** 1: missing values go left. */
	readonly missingLeft: number[];
	/** Per node: class probabilities (`classes` numbers) or the mean target (one number). */
	readonly value: number[];
	/** Impurity decrease per feature, normalised to sum 1 (scikit-learn's feature_importances_). */
	readonly importances: number[];
}

export type CriterionName = 'gini' | 'entropy' | 'squared_error';

export interface TreeOptions {
	/** Classes for classification (codes 0..classes-1); 0 for regression. */
	readonly classes: number;
	readonly criterion: CriterionName;
	/** 0: grow until the leaves are pure or too small. */
	readonly maxDepth: number;
	readonly minSamplesSplit: number;
	readonly minSamplesLeaf: number;
	/** Features tried per split (scikit-learn's resolved max_features). */
	readonly maxFeatures: number;
	readonly seed: number;
	readonly signal?: AbortSignal;
}

/** A tree's training rows: their presorted order and values (restricted to the rows in use), targets, weights. */
export interface GrowInput {
	/** Rows of the data set (row indices in `order` are below it) and features. */
	readonly rows: number;
	readonly features: number;
	/** Consumed, as `vals`: the builder partitions both in place. */
	readonly order: Int32Array;
	readonly vals: Float32Array;
	readonly m: number;
	readonly y: Int32Array | Float64Array;
	readonly w: Int32Array | null;
	/** Sum of `w` (or m). */
	readonly totalWeight: number;
}

const CRITERIA: Record<CriterionName, Criterion> = {
	gini: Criterion.Gini,
	entropy: Criterion.Entropy,
	squared_error: Criterion.SquaredError
};
const EPSILON = 2.220446049250313e-16;

/** max_features as scikit-learn resolves it: a count between 1 and the number of features. */
export function resolveMaxFeatures(choice: 'sqrt' | 'log2' | 'all' | number, p: number): number {
	const k = choice === 'sqrt' ? Math.sqrt(p) : choice === 'log2' ? Math.log2(p) : choice === 'all' ? p : choice * p;
	return Math.min(p, Math.max(1, Math.floor(k)));
}

export function checkTreeInput(X: Matrix, y: ArrayLike<number>, classes: number): void {
	if (X.rows === 0) throw new Error('no training rows: the tree needs at least one labelled row');
	if (y.length !== X.rows) throw new Error(`${X.rows} rows of features but ${y.length} targets`);
	if (classes > 0)
		for (let i = 0; i < y.length; i++)
			if (!(y[i] >= 0 && y[i] < classes)) throw new Error(`row ${i} has class code ${y[i]}, outside 0..${classes - 1}`);
	if (classes === 0)
		for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`row ${i} has a non-finite target (${y[i]})`);
}

/** Fits one decision tree on every row of X. */
export async function fitTree(X: Matrix, y: Int32Array | Float64Array, options: TreeOptions): Promise<TreeState> {
	checkTreeInput(X, y, options.classes);
	const { order, vals } = presortMatrix(X);
	return growTree({ rows: X.rows, features: X.cols, order, vals, m: X.rows, y, w: null, totalWeight: X.rows }, options);
}

interface Pending {
	readonly start: number;
	readonly end: number;
	readonly depth: number;
	readonly parent: number;
	readonly isLeft: boolean;
	/** Features known constant in this node (constant in an ancestor), never drawn again. */
	readonly constants: readonly number[];
}

/** Depth first, as scikit-learn's DepthFirstTreeBuilder; yields to the event loop as it goes. */
export async function growTree(input: GrowInput, options: TreeOptions): Promise<TreeState> {
	const { m } = input;
	const p = input.features;
	const K = options.classes;
	const criterion = CRITERIA[options.criterion];
	if (K > 0 !== (criterion !== Criterion.SquaredError))
		throw new Error(`criterion "${options.criterion}" does not fit a ${K > 0 ? 'classification' : 'regression'} tree`);
	const W: SplitWork = {
		order: input.order,
		vals: input.vals,
		labels: sortedLabels(input.order, input.y, 2 * Math.min(p, options.maxFeatures) >= p ? K : 0),
		m,
		p,
		y: input.y,
		w: input.w,
		classes: K,
		criterion,
		g: scoreTable(criterion, input.totalWeight),
		minLeaf: Math.max(1, options.minSamplesLeaf),
		countL: new Int32Array(K),
		countR: new Int32Array(K),
		countM: new Int32Array(K)
	};
	const random = createRandom(options.seed);
	const tick = yielder();
	const scratch: PartitionScratch = {
		goLeft: new Uint8Array(input.rows),
		order: new Int32Array(m),
		vals: new Float32Array(m),
		labels: W.labels.length === 0 ? W.labels : W.labels instanceof Uint8Array ? new Uint8Array(m) : new Int32Array(m)
	};
	const candidates = new Int32Array(p);
	const maxFeatures = Math.min(p, Math.max(1, options.maxFeatures));
	const minSplit = Math.max(2, options.minSamplesSplit, 2 * W.minLeaf);
	const tree = {
		feature: [] as number[],
		threshold: [] as number[],
		left: [] as number[],
		right: [] as number[],
		missingLeft: [] as number[],
		value: [] as number[]
	};
	const nodeWeight: number[] = [];
	const nodeImpurity: number[] = [];
	const totals: NodeTotals = { weight: 0, counts: new Int32Array(K), sum: 0, sumSq: 0 };
	const stack: Pending[] = [{ start: 0, end: m, depth: 0, parent: -1, isLeft: false, constants: [] }];
	let work = 0;
	while (stack.length) {
		const node = stack.pop()!;
		const id = tree.feature.length;
		if (node.parent >= 0) (node.isLeft ? tree.left : tree.right)[node.parent] = id;
		const impurity = leafTotals(W, node.start, node.end, totals);
		nodeWeight.push(totals.weight);
		nodeImpurity.push(impurity);
		if (K > 0) for (let k = 0; k < K; k++) tree.value.push(totals.counts[k] / totals.weight);
		else tree.value.push(totals.sum / totals.weight);
		tree.feature.push(-1);
		tree.threshold.push(0);
		tree.left.push(-1);
		tree.right.push(-1);
		tree.missingLeft.push(0);
		const rows = node.end - node.start;
		if ((options.maxDepth > 0 && node.depth >= options.maxDepth) || rows < minSplit || impurity <= EPSILON) continue;

		// Draw features without replacement until maxFeatures were tried and one of them was not constant.
		const best = emptyBest();
		const constants = [...node.constants];
		let n = 0;
		for (let f = 0; f < p; f++) if (!node.constants.includes(f)) candidates[n++] = f;
		let tried = 0;
		let useful = 0;
		for (let i = 0; i < n && (tried < maxFeatures || useful === 0); i++) {
			const j = i + Math.floor(random() * (n - i));
			const f = candidates[j];
			candidates[j] = candidates[i];
			candidates[i] = f;
			tried++;
			if (splitFeature(W, f, node.start, node.end, totals, best)) useful++;
			else constants.push(f);
		}
		work += rows * tried;
		if (best.feature < 0) continue;
		const leafDepth = options.maxDepth > 0 && node.depth + 1 >= options.maxDepth;
		const nLeft = partition(W, best, node.start, node.end, scratch, leafDepth ? 0 : minSplit);
		tree.feature[id] = best.feature;
		tree.threshold[id] = best.threshold;
		tree.missingLeft[id] = best.missingLeft ? 1 : 0;
		const mid = node.start + nLeft;
		stack.push({ start: mid, end: node.end, depth: node.depth + 1, parent: id, isLeft: false, constants });
		stack.push({ start: node.start, end: mid, depth: node.depth + 1, parent: id, isLeft: true, constants });
		work += rows * p;
		if (work > 4_000_000) {
			work = 0;
			await tick();
			if (options.signal?.aborted) throw abortError();
		}
	}
	if (options.signal?.aborted) throw abortError();
	return { classes: K, features: p, ...tree, importances: importances(tree, nodeWeight, nodeImpurity, p) };
}

function importances(
	tree: { feature: number[]; left: number[]; right: number[] },
	weight: number[],
	impurity: number[],
	p: number
): number[] {
	const out = new Array<number>(p).fill(0);
	for (let i = 0; i < tree.feature.length; i++) {
		const f = tree.feature[i];
		if (f < 0) continue;
		const l = tree.left[i];
		const r = tree.right[i];
		out[f] += weight[i] * impurity[i] - weight[l] * impurity[l] - weight[r] * impurity[r];
	}
	const sum = out.reduce((a, b) => a + b, 0);
	return sum > 0 ? out.map((v) => v / sum) : out;
}

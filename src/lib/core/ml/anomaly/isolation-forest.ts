import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { abortError } from '../../util/abort';

/**
 * Isolation forest as scikit-learn's IsolationForest: each tree isolates a random subsample
 * of ψ rows by random splits (a random feature that is not constant in the node, a threshold
 * uniform between its min and max there) down to depth ⌈log₂ ψ⌉. Anomalies are isolated in
 * few splits. score_samples(x) = −2^(−E[h(x)] / c(ψ)), h = depth of the leaf + c(rows left in it).
 */

/** One tree as plain JSON arrays, node 0 the root; a leaf has feature −1 and its path length in `path`. */
export interface IsolationTree {
	readonly feature: number[];
	readonly threshold: number[];
	readonly left: number[];
	readonly right: number[];
	readonly path: number[];
}

export interface IsolationForestModel {
	readonly trees: IsolationTree[];
	/** ψ, the rows each tree saw. */
	readonly sampleSize: number;
	readonly features: number;
}

export interface IsolationForestOptions {
	readonly nEstimators?: number;
	/** ψ = min(maxSamples, rows). */
	readonly maxSamples?: number;
	/** Fraction of the features each tree draws (without replacement). */
	readonly maxFeatures?: number;
	readonly seed?: number;
	readonly signal?: AbortSignal;
	readonly tick?: () => Promise<void>;
}

const EULER_GAMMA = 0.5772156649015329;

/** c(n): the mean path length of an unsuccessful search in a binary search tree of n points (sklearn's _average_path_length). */
export function averagePathLength(n: number): number {
	if (n <= 1) return 0;
	if (n === 2) return 1;
	return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** sklearn's FEATURE_THRESHOLD: a feature whose range in a node is below this is constant there. */
const CONSTANT = 1e-7;

function buildTree(x: Matrix, rows: Uint32Array, features: Int32Array, maxDepth: number, random: () => number): IsolationTree {
	const { cols: p, data } = x;
	const tree: IsolationTree = { feature: [], threshold: [], left: [], right: [], path: [] };
	const order = Int32Array.from(features);
	// Work stack of [node, start, end, depth] over `rows`, partitioned in place.
	const stack: number[] = [];
	const newNode = () => {
		tree.feature.push(-1);
		tree.threshold.push(0);
		tree.left.push(-1);
		tree.right.push(-1);
		tree.path.push(0);
		return tree.feature.length - 1;
	};
	stack.push(newNode(), 0, rows.length, 0);
	while (stack.length) {
		const depth = stack.pop()!;
		const end = stack.pop()!;
		const start = stack.pop()!;
		const node = stack.pop()!;
		const size = end - start;
		let split = -1;
		let lo = 0;
		let hi = 0;
		if (depth < maxDepth && size >= 2) {
			// Draw features in random order until one varies in this node (constants are skipped, as sklearn's splitter does).
			for (let remaining = order.length; remaining > 0 && split < 0; remaining--) {
				const pick = Math.floor(random() * remaining);
				const f = order[pick];
				order[pick] = order[remaining - 1];
				order[remaining - 1] = f;
				lo = Infinity;
				hi = -Infinity;
				for (let r = start; r < end; r++) {
					const v = data[rows[r] * p + f];
					if (v < lo) lo = v;
					if (v > hi) hi = v;
				}
				if (hi > lo + CONSTANT) split = f;
			}
		}
		if (split < 0) {
			tree.path[node] = depth + averagePathLength(size);
			continue;
		}
		let t = lo + random() * (hi - lo);
		if (t >= hi) t = lo; // rounding could put every row left
		let mid = start;
		for (let r = start; r < end; r++) {
			if (data[rows[r] * p + split] <= t) {
				const tmp = rows[mid];
				rows[mid++] = rows[r];
				rows[r] = tmp;
			}
		}
		const left = newNode();
		const right = newNode();
		tree.feature[node] = split;
		tree.threshold[node] = t;
		tree.left[node] = left;
		tree.right[node] = right;
		stack.push(right, mid, end, depth + 1, left, start, mid, depth + 1);
	}
	return tree;
}

export async function fitIsolationForest(x: Matrix, opts: IsolationForestOptions = {}): Promise<IsolationForestModel> {
	const { rows: n, cols: p } = x;
	if (n < 1) throw new Error('an isolation forest needs at least one row');
	if (p < 1) throw new Error('an isolation forest needs at least one feature');
	const nEstimators = opts.nEstimators ?? 100;
	const psi = Math.min(opts.maxSamples ?? 256, n);
	const nFeatures = Math.max(1, Math.floor((opts.maxFeatures ?? 1) * p));
	const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
	const random = createRandom(opts.seed ?? 0);
	const all = Uint32Array.from({ length: n }, (_, i) => i);
	const featureOrder = Int32Array.from({ length: p }, (_, j) => j);
	const trees: IsolationTree[] = [];
	for (let e = 0; e < nEstimators; e++) {
		if (opts.signal?.aborted) throw abortError();
		// Partial Fisher–Yates: the first ψ entries become a uniform sample without replacement.
		partialShuffle(all, psi, random);
		partialShuffle(featureOrder, nFeatures, random);
		trees.push(buildTree(x, all.slice(0, psi), featureOrder.slice(0, nFeatures), maxDepth, random));
		await opts.tick?.();
	}
	return { trees, sampleSize: psi, features: p };
}

function partialShuffle(a: Uint32Array | Int32Array, m: number, random: () => number): void {
	for (let i = 0; i < m; i++) {
		const j = i + Math.floor(random() * (a.length - i));
		const t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/** sklearn's score_samples: −2^(−mean path / c(ψ)), in (−1, 0); lower is more anomalous. */
export function scoreSamples(model: IsolationForestModel, x: Matrix): Float64Array {
	const { rows: n, cols: p, data } = x;
	if (p !== model.features) throw new Error(`the forest was fitted on ${model.features} features; got ${p}`);
	// Pack the JSON trees into flat typed arrays once; the walk below runs n × trees × depth times.
	let total = 0;
	for (const t of model.trees) total += t.feature.length;
	const feature = new Int32Array(total);
	const threshold = new Float64Array(total);
	const left = new Int32Array(total);
	const right = new Int32Array(total);
	const path = new Float64Array(total);
	const roots = new Int32Array(model.trees.length);
	let at = 0;
	model.trees.forEach((t, i) => {
		roots[i] = at;
		for (let j = 0; j < t.feature.length; j++) {
			feature[at + j] = t.feature[j];
			threshold[at + j] = t.threshold[j];
			left[at + j] = t.left[j] + at;
			right[at + j] = t.right[j] + at;
			path[at + j] = t.path[j];
		}
		at += t.feature.length;
	});
	const nTrees = roots.length;
	const norm = averagePathLength(model.sampleSize) * nTrees;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const o = i * p;
		let sum = 0;
		for (let t = 0; t < nTrees; t++) {
			let node = roots[t];
			let f = feature[node];
			while (f >= 0) {
				node = data[o + f] <= threshold[node] ? left[node] : right[node];
				f = feature[node];
			}
			sum += path[node];
		}
		// A single training row gives c(ψ) = 0 and depth 0: sklearn takes the ratio as 1 there (score −0.5).
		out[i] = -Math.pow(2, norm > 0 ? -sum / norm : -1);
	}
	return out;
}

/** numpy.percentile's linear rule: the threshold below which a fraction q of the scores lie. */
export function percentile(values: Float64Array, q: number): number {
	const s = Float64Array.from(values).sort();
	if (s.length === 0) return NaN;
	const h = (s.length - 1) * q;
	const lo = Math.floor(h);
	return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

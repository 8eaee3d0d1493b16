import type { Matrix } from '../matrix';
import type { TreeState } from '../trees/cart';
import type { ForestState } from '../trees/forest';
import type { GbdtState } from '../trees/hist-gbdt';
import type { HistTree } from '../trees/hist-tree';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';

/**
 * One tree as TreeSHAP walks it: routing as its own predictor routes, a cover per node and
 * leaf values that land on outputs [offset, offset + width), multiplied by `scale`.
 */
export interface ShapTree {
	readonly feature: Int32Array;
	readonly left: Int32Array;
	readonly right: Int32Array;
	readonly threshold: Float64Array;
	readonly missingLeft: Uint8Array;
	/** Training rows reaching each node (plus a vanishing share, so no fraction is 0/0). */
	readonly cover: Float64Array;
	/** width numbers per node (only leaves are read). */
	readonly value: Float64Array;
	readonly width: number;
	readonly offset: number;
	readonly scale: number;
	/** CART trees compare the float32 value (they were trained on float32); GBDT trees the raw one. */
	readonly fround: boolean;
	/** GBDT categorical splits: per node 8 × 32 bits of the codes that go left. */
	readonly isCat: Uint8Array | null;
	readonly catBits: Uint32Array | null;
	readonly nBins: Int32Array | null;
	readonly depth: number;
}

/** A sum of trees plus a constant per output (GBDT's baseline; 0 for CART and forests). */
export interface ShapModel {
	readonly features: number;
	readonly outputs: number;
	readonly base: Float64Array;
	readonly trees: readonly ShapTree[];
}

// A node count of 0 (rows that never reached it) would make the cover fractions 0/0; adding
// ε·2^-depth keeps children summing to their parent and splits an unvisited node evenly.
const EPS = 1e-9;

function depthsOf(left: Int32Array, right: Int32Array, feature: Int32Array): { depth: Int32Array; max: number } {
	const depth = new Int32Array(feature.length);
	let max = 0;
	// Children always come after their parent in both tree builders, so one forward pass works.
	for (let node = 0; node < feature.length; node++) {
		if (feature[node] < 0) continue;
		depth[left[node]] = depth[right[node]] = depth[node] + 1;
		max = Math.max(max, depth[node] + 1);
	}
	return { depth, max };
}

function smoothed(count: ArrayLike<number>, depth: Int32Array): Float64Array {
	return Float64Array.from(count, (c, node) => c + EPS * 2 ** -depth[node]);
}

/** True when a row with value v at `node` goes left — the same rule as tree-predict / hist-tree. */
export function goesLeft(t: ShapTree, node: number, v: number): boolean {
	if (v !== v) return t.missingLeft[node] === 1;
	if (t.isCat !== null && t.isCat[node] === 1) {
		const f = t.feature[node];
		// Unknown codes go the missing way, as addTreeRaw does.
		if (!(v >= 0 && v < t.nBins![f])) return t.missingLeft[node] === 1;
		return ((t.catBits![node * 8 + (v >>> 5)] >>> (v & 31)) & 1) === 1;
	}
	return (t.fround ? Math.fround(v) : v) <= t.threshold[node];
}

/**
 * A CART tree with covers counted by passing the training rows down it: TreeState keeps no
 * per-node sample counts. (A forest's bootstrap weights are not stored either, so every
 * tree's covers come from all the training rows.)
 */
export function cartShapTree(s: TreeState, train: Matrix, scale = 1): ShapTree {
	if (train.cols !== s.features) throw new Error(`the tree was trained on ${s.features} features; these rows have ${train.cols}`);
	const feature = Int32Array.from(s.feature);
	const left = Int32Array.from(s.left);
	const right = Int32Array.from(s.right);
	const { depth, max } = depthsOf(left, right, feature);
	const base: ShapTree = {
		feature,
		left,
		right,
		threshold: Float64Array.from(s.threshold),
		missingLeft: Uint8Array.from(s.missingLeft),
		cover: new Float64Array(0),
		value: Float64Array.from(s.value),
		width: Math.max(1, s.classes),
		offset: 0,
		scale,
		fround: true,
		isCat: null,
		catBits: null,
		nBins: null,
		depth: max
	};
	const count = new Float64Array(feature.length);
	const p = train.cols;
	for (let r = 0; r < train.rows; r++) {
		let node = 0;
		count[0]++;
		while (feature[node] >= 0) {
			node = goesLeft(base, node, train.data[r * p + feature[node]]) ? left[node] : right[node];
			count[node]++;
		}
	}
	return { ...base, cover: smoothed(count, depth) };
}

export function treeShapModel(s: TreeState, train: Matrix): ShapModel {
	return {
		features: s.features,
		outputs: Math.max(1, s.classes),
		base: new Float64Array(Math.max(1, s.classes)),
		trees: [cartShapTree(s, train)]
	};
}

/** A forest predicts the mean of its trees: each tree's leaves count 1/trees. */
export function forestShapModel(s: ForestState, train: Matrix): ShapModel {
	const K = Math.max(1, s.classes);
	return {
		features: s.features,
		outputs: K,
		base: new Float64Array(K),
		trees: s.trees.map((t) => cartShapTree(t, train, 1 / s.trees.length))
	};
}

function histShapTree(t: HistTree, offset: number, nBins: Int32Array): ShapTree {
	const feature = Int32Array.from(t.feature);
	const left = Int32Array.from(t.left);
	const right = Int32Array.from(t.right);
	const { depth, max } = depthsOf(left, right, feature);
	const isCat = new Uint8Array(feature.length);
	const catBits = new Uint32Array(feature.length * 8);
	t.categories.forEach((cats, node) => {
		if (!cats) return;
		isCat[node] = 1;
		for (const c of cats) catBits[node * 8 + (c >>> 5)] |= 1 << (c & 31);
	});
	return {
		feature,
		left,
		right,
		threshold: Float64Array.from(t.threshold),
		missingLeft: Uint8Array.from(t.missingLeft),
		cover: smoothed(t.count, depth),
		value: Float64Array.from(t.value),
		width: 1,
		offset,
		scale: 1,
		fround: false,
		isCat,
		catBits,
		nBins,
		depth: max
	};
}

/**
 * GBDT explained on its raw score (log-odds, or one margin per class): the baseline plus
 * every tree's leaf value, already multiplied by the learning rate when the tree was grown.
 * Covers are the rows each node was grown on (HistTree.count).
 */
export function gbdtShapModel(s: GbdtState): ShapModel {
	const nBins = Int32Array.from(s.nBins);
	return {
		features: s.nBins.length,
		outputs: s.outputs,
		base: Float64Array.from(s.baseline),
		trees: s.trees.map((t, i) => histShapTree(t, i % s.outputs, nBins))
	};
}

/** The cover-weighted mean output: what TreeSHAP's values are relative to. */
export function expectedValue(m: ShapModel): Float64Array {
	const out = m.base.slice();
	for (const t of m.trees) {
		const n = t.feature.length;
		const e = new Float64Array(n * t.width);
		// Children come after parents, so a backward pass sees both children first.
		for (let node = n - 1; node >= 0; node--) {
			const o = node * t.width;
			if (t.feature[node] < 0) {
				for (let k = 0; k < t.width; k++) e[o + k] = t.value[o + k];
				continue;
			}
			const l = t.left[node];
			const r = t.right[node];
			const fl = t.cover[l] / t.cover[node];
			const fr = t.cover[r] / t.cover[node];
			for (let k = 0; k < t.width; k++) e[o + k] = fl * e[l * t.width + k] + fr * e[r * t.width + k];
		}
		for (let k = 0; k < t.width; k++) out[t.offset + k] += t.scale * e[k];
	}
	return out;
}

/** The path of unique features from the root (Lundberg et al. 2018, Algorithm 2), in typed arrays. */
class Path {
	readonly d: Int32Array;
	readonly z: Float64Array;
	readonly o: Float64Array;
	readonly w: Float64Array;
	constructor(maxDepth: number) {
		// Each recursion level keeps its own copy of the path after its parent's.
		const size = ((maxDepth + 3) * (maxDepth + 4)) / 2 + 1;
		this.d = new Int32Array(size);
		this.z = new Float64Array(size);
		this.o = new Float64Array(size);
		this.w = new Float64Array(size);
	}

	extend(s: number, depth: number, zero: number, one: number, feature: number): void {
		const { w } = this;
		this.d[s + depth] = feature;
		this.z[s + depth] = zero;
		this.o[s + depth] = one;
		w[s + depth] = depth === 0 ? 1 : 0;
		for (let i = depth - 1; i >= 0; i--) {
			w[s + i + 1] += (one * w[s + i] * (i + 1)) / (depth + 1);
			w[s + i] = (zero * w[s + i] * (depth - i)) / (depth + 1);
		}
	}

	unwind(s: number, depth: number, at: number): void {
		const { w } = this;
		const one = this.o[s + at];
		const zero = this.z[s + at];
		let next = w[s + depth];
		for (let i = depth - 1; i >= 0; i--) {
			if (one !== 0) {
				const tmp = w[s + i];
				w[s + i] = (next * (depth + 1)) / ((i + 1) * one);
				next = tmp - (w[s + i] * zero * (depth - i)) / (depth + 1);
			} else w[s + i] = (w[s + i] * (depth + 1)) / (zero * (depth - i));
		}
		for (let i = at; i < depth; i++) {
			this.d[s + i] = this.d[s + i + 1];
			this.z[s + i] = this.z[s + i + 1];
			this.o[s + i] = this.o[s + i + 1];
		}
	}

	/** Total weight of the path with element `at` removed, without changing it. */
	unwoundSum(s: number, depth: number, at: number): number {
		const { w } = this;
		const one = this.o[s + at];
		const zero = this.z[s + at];
		let total = 0;
		if (one !== 0) {
			let next = w[s + depth];
			for (let i = depth - 1; i >= 0; i--) {
				const tmp = next / ((i + 1) * one);
				total += tmp;
				next = w[s + i] - tmp * zero * (depth - i);
			}
		} else for (let i = depth - 1; i >= 0; i--) total += w[s + i] / (zero * (depth - i));
		return total * (depth + 1);
	}

	copy(from: number, to: number, n: number): void {
		this.d.copyWithin(to, from, from + n);
		this.z.copyWithin(to, from, from + n);
		this.o.copyWithin(to, from, from + n);
		this.w.copyWithin(to, from, from + n);
	}
}

/** Adds one tree's SHAP values for row `row` of X to phi (features × outputs). */
function shapTree(t: ShapTree, X: Matrix, row: number, K: number, phi: Float64Array, path: Path): void {
	const x = row * X.cols;
	const recurse = (node: number, parent: number, depth: number, zero: number, one: number, feature: number): void => {
		const s = parent + depth + 1;
		path.copy(parent, s, depth + 1);
		path.extend(s, depth, zero, one, feature);
		const f = t.feature[node];
		if (f < 0) {
			const v = node * t.width;
			for (let i = 1; i <= depth; i++) {
				const w = path.unwoundSum(s, depth, i) * (path.o[s + i] - path.z[s + i]) * t.scale;
				const at = path.d[s + i] * K + t.offset;
				for (let k = 0; k < t.width; k++) phi[at + k] += w * t.value[v + k];
			}
			return;
		}
		const left = goesLeft(t, node, X.data[x + f]);
		const hot = left ? t.left[node] : t.right[node];
		const cold = left ? t.right[node] : t.left[node];
		let inZero = 1;
		let inOne = 1;
		let k = 0;
		while (k <= depth && path.d[s + k] !== f) k++;
		// A feature met again on the path: undo its earlier entry and carry its fractions on.
		if (k <= depth) {
			inZero = path.z[s + k];
			inOne = path.o[s + k];
			path.unwind(s, depth, k);
			depth--;
		}
		recurse(hot, s, depth + 1, (t.cover[hot] / t.cover[node]) * inZero, inOne, f);
		recurse(cold, s, depth + 1, (t.cover[cold] / t.cover[node]) * inZero, 0, f);
	};
	path.d[0] = -1;
	recurse(0, 0, 0, 1, 1, -1);
}

export interface ShapResult {
	/** rows × features × outputs: value of feature j for output k of row i at (i * features + j) * outputs + k. */
	readonly values: Float64Array;
	readonly expected: Float64Array;
}

/** Exact path-dependent TreeSHAP for every row of X; yields between rows so a Cancel is seen. */
export async function treeShap(m: ShapModel, X: Matrix, signal?: AbortSignal): Promise<ShapResult> {
	if (X.cols !== m.features) throw new Error(`the model reads ${m.features} features; these rows have ${X.cols}`);
	const K = m.outputs;
	const width = m.features * K;
	const values = new Float64Array(X.rows * width);
	const path = new Path(m.trees.reduce((d, t) => Math.max(d, t.depth), 0));
	const tick = yielder();
	for (let i = 0; i < X.rows; i++) {
		const phi = values.subarray(i * width, (i + 1) * width);
		for (const t of m.trees) shapTree(t, X, i, K, phi, path);
		await tick();
		if (signal?.aborted) throw abortError();
	}
	return { values, expected: expectedValue(m) };
}

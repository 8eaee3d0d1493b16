import type { Matrix } from '../matrix';
import { goesLeft, type ShapModel, type ShapTree } from './tree-shap';

/**
 * Shapley values by brute force, for checking TreeSHAP: every subset S of the features, with
 * the same path-dependent value v(S) = E[f(x) | x_S] (Lundberg et al. 2018, Algorithm 1) — a
 * split on a feature in S follows x, any other split averages its children by cover.
 * 2^p subsets per row, so only for a handful of features.
 */
export function conditionalExpectation(m: ShapModel, x: ArrayLike<number>, known: Uint8Array): Float64Array {
	const out = m.base.slice();
	for (const t of m.trees) {
		const v = walk(t, 0, x, known);
		for (let k = 0; k < t.width; k++) out[t.offset + k] += t.scale * v[k];
	}
	return out;
}

function walk(t: ShapTree, node: number, x: ArrayLike<number>, known: Uint8Array): Float64Array {
	const f = t.feature[node];
	if (f < 0) return t.value.slice(node * t.width, (node + 1) * t.width);
	if (known[f]) return walk(t, goesLeft(t, node, x[f]) ? t.left[node] : t.right[node], x, known);
	const l = walk(t, t.left[node], x, known);
	const r = walk(t, t.right[node], x, known);
	const fl = t.cover[t.left[node]] / t.cover[node];
	const fr = t.cover[t.right[node]] / t.cover[node];
	return l.map((v, k) => fl * v + fr * r[k]);
}

/** Exact Shapley values for row `row` of X: features × outputs, as treeShap lays out one row. */
export function bruteShapley(m: ShapModel, X: Matrix, row: number): Float64Array {
	const p = m.features;
	if (p > 16) throw new Error(`brute-force Shapley over ${p} features would take 2^${p} subsets`);
	const K = m.outputs;
	const x = X.data.subarray(row * X.cols, (row + 1) * X.cols);
	const subsets = 1 << p;
	const value: Float64Array[] = [];
	const known = new Uint8Array(p);
	for (let s = 0; s < subsets; s++) {
		for (let j = 0; j < p; j++) known[j] = (s >>> j) & 1;
		value.push(conditionalExpectation(m, x, known));
	}
	// Weight of a subset of size |S| not holding j: |S|! (p - |S| - 1)! / p!
	const fact = [1];
	for (let i = 1; i <= p; i++) fact.push(fact[i - 1] * i);
	const phi = new Float64Array(p * K);
	for (let s = 0; s < subsets; s++) {
		let size = 0;
		for (let j = 0; j < p; j++) size += (s >>> j) & 1;
		if (size === p) continue;
		const w = (fact[size] * fact[p - size - 1]) / fact[p];
		for (let j = 0; j < p; j++) {
			if ((s >>> j) & 1) continue;
			const withJ = value[s | (1 << j)];
			for (let k = 0; k < K; k++) phi[j * K + k] += w * (withJ[k] - value[s][k]);
		}
	}
	return phi;
}

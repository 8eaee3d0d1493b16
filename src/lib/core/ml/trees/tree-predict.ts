import type { Matrix } from '../matrix';
import type { TreeState } from './cart';

interface Compiled {
	readonly feature: Int32Array;
	readonly threshold: Float64Array;
	readonly left: Int32Array;
	readonly right: Int32Array;
	readonly missingLeft: Uint8Array;
	readonly value: Float64Array;
	readonly width: number;
}

// Saved states hold plain arrays; scoring walks typed copies, made once per state.
const compiled = new WeakMap<TreeState, Compiled>();

function compile(s: TreeState): Compiled {
	let c = compiled.get(s);
	if (!c) {
		c = {
			feature: Int32Array.from(s.feature),
			threshold: Float64Array.from(s.threshold),
			left: Int32Array.from(s.left),
			right: Int32Array.from(s.right),
			missingLeft: Uint8Array.from(s.missingLeft),
			value: Float64Array.from(s.value),
			width: Math.max(1, s.classes)
		};
		compiled.set(s, c);
	}
	return c;
}

function checkWidth(s: TreeState, X: Matrix): void {
	if (X.cols !== s.features) throw new Error(`the tree was trained on ${s.features} features; these rows have ${X.cols}`);
}

/**
 * Adds the tree's output for the given rows (all rows when omitted) to `out`, row i of
 * `rows` into out[i*width ..]. Values are read as float32, as the tree was trained on.
 */
export function addTreeOutput(s: TreeState, X: Matrix, out: Float64Array, rows?: ArrayLike<number>): void {
	checkWidth(s, X);
	const { feature, threshold, left, right, missingLeft, value, width } = compile(s);
	const p = X.cols;
	const data = X.data;
	const n = rows ? rows.length : X.rows;
	for (let i = 0; i < n; i++) {
		const r = rows ? rows[i] : i;
		let node = 0;
		let f = feature[0];
		while (f >= 0) {
			const x = Math.fround(data[r * p + f]);
			node = x !== x ? (missingLeft[node] ? left[node] : right[node]) : x <= threshold[node] ? left[node] : right[node];
			f = feature[node];
		}
		const o = i * width;
		const v = node * width;
		for (let k = 0; k < width; k++) out[o + k] += value[v + k];
	}
}

/** Class probabilities, rows × classes (classification trees). */
export function predictTreeProba(s: TreeState, X: Matrix): Float64Array {
	if (s.classes === 0) throw new Error('a regression tree has no class probabilities');
	const out = new Float64Array(X.rows * s.classes);
	addTreeOutput(s, X, out);
	return out;
}

/** Predicted values (regression trees). */
export function predictTreeValues(s: TreeState, X: Matrix): Float64Array {
	if (s.classes !== 0) throw new Error('a classification tree predicts classes, not values');
	const out = new Float64Array(X.rows);
	addTreeOutput(s, X, out);
	return out;
}

import type { Matrix } from '../matrix';

/**
 * One fitted tree as flat, JSON-serialisable arrays indexed by node (node 0 is the root).
 * Leaves have feature −1 and hold their (already shrunk) value.
 */
export interface HistTree {
	readonly feature: number[];
	/** Numeric split on raw values: x <= threshold goes left. */
	readonly threshold: number[];
	/** The same split on bin codes: bin <= bin goes left. */
	readonly bin: number[];
	/** 1 where missing (and, for categories, unseen) values go left. */
	readonly missingLeft: number[];
	readonly left: number[];
	readonly right: number[];
	readonly value: number[];
	/** Categorical splits: the category codes that go left; null elsewhere. */
	readonly categories: (number[] | null)[];
	readonly gain: number[];
	readonly count: number[];
}

/**
 * A tree in typed arrays, ready to score many rows. Children sit in pairs (left at 2·node,
 * right at 2·node + 1); a child that is a leaf is stored as ~leaf, so a walk ends on a
 * negative index without looking the node up again.
 */
export interface CompiledTree {
	readonly feature: Int32Array;
	readonly threshold: Float64Array;
	readonly bin: Int32Array;
	readonly missingLeft: Uint8Array;
	readonly kids: Int32Array;
	/** The child a missing (or unseen) value goes to, encoded as in kids. */
	readonly missingKid: Int32Array;
	readonly value: Float64Array;
	/** 8 × 32 bits per node: the categories that go left (codes are < 256). */
	readonly catBits: Uint32Array;
	readonly isCat: Uint8Array;
	/** Some node splits on categories (else scoring takes the numeric-only walk). */
	readonly anyCat: boolean;
	readonly rootLeaf: boolean;
}

export function compileTree(t: HistTree): CompiledTree {
	const m = t.feature.length;
	const catBits = new Uint32Array(m * 8);
	const isCat = new Uint8Array(m);
	t.categories.forEach((cats, node) => {
		if (!cats) return;
		isCat[node] = 1;
		for (const c of cats) catBits[node * 8 + (c >>> 5)] |= 1 << (c & 31);
	});
	const code = (child: number) => (t.feature[child] < 0 ? ~child : child);
	const kids = new Int32Array(2 * m);
	const missingKid = new Int32Array(m);
	for (let node = 0; node < m; node++) {
		if (t.feature[node] < 0) continue;
		kids[2 * node] = code(t.left[node]);
		kids[2 * node + 1] = code(t.right[node]);
		missingKid[node] = t.missingLeft[node] ? kids[2 * node] : kids[2 * node + 1];
	}
	return {
		feature: Int32Array.from(t.feature),
		threshold: Float64Array.from(t.threshold),
		bin: Int32Array.from(t.bin),
		missingLeft: Uint8Array.from(t.missingLeft),
		kids,
		missingKid,
		value: Float64Array.from(t.value),
		catBits,
		isCat,
		anyCat: isCat.includes(1),
		rootLeaf: t.feature[0] < 0
	};
}

/**
 * Adds the tree's value for rows [from, to) of X (raw values, NaN missing) to out[offset + i].
 * `nBins` bounds each categorical feature's known codes: larger codes go with missing values.
 */
export function addTreeRaw(out: Float64Array, offset: number, t: CompiledTree, X: Matrix, nBins: Int32Array, from = 0, to = X.rows): void {
	const { feature, threshold, kids, missingKid, value, catBits, isCat } = t;
	const { cols: p, data } = X;
	if (t.rootLeaf) {
		for (let i = from; i < to; i++) out[offset + i] += value[0];
		return;
	}
	if (!t.anyCat) {
		addNumericTree(out, offset, t, X, from, to);
		return;
	}
	for (let i = from; i < to; i++) {
		const row = i * p;
		let node = 0;
		while (node >= 0) {
			const f = feature[node];
			const v = data[row + f];
			if (v !== v) node = missingKid[node];
			else if (isCat[node] === 0) node = kids[2 * node + (v <= threshold[node] ? 0 : 1)];
			else if (v >= 0 && v < nBins[f]) node = kids[2 * node + ((catBits[node * 8 + (v >>> 5)] >>> (v & 31)) & 1 ? 0 : 1)];
			else node = missingKid[node];
		}
		out[offset + i] += value[~node];
	}
}

/**
 * addTreeRaw for a tree with numeric splits only (most trees). Four rows walk the tree side by
 * side: each step's comparison depends on the last, so one row at a time leaves the processor
 * waiting, while four independent walks overlap (about 1.4× faster). The child is picked by
 * index, not by a branch, as the comparison is a coin toss the branch predictor cannot learn.
 * NaN (missing) fails `>` too, so it is tested first and goes its learned way. Every row still
 * adds the same leaf values in the same tree order: the sums are bit for bit the general walk's.
 */
function addNumericTree(out: Float64Array, offset: number, t: CompiledTree, X: Matrix, from: number, to: number): void {
	const { feature, threshold, kids, missingKid, value } = t;
	const { cols: p, data } = X;
	let i = from;
	for (; i + 4 <= to; i += 4) {
		const r0 = i * p;
		const r1 = r0 + p;
		const r2 = r1 + p;
		const r3 = r2 + p;
		let a = 0;
		let b = 0;
		let c = 0;
		let d = 0;
		// Leaves are negative (~leaf): go on while any of the four is still at a split.
		while ((a & b & c & d) >= 0) {
			if (a >= 0) {
				const v = data[r0 + feature[a]];
				a = v !== v ? missingKid[a] : kids[2 * a + +(v > threshold[a])];
			}
			if (b >= 0) {
				const v = data[r1 + feature[b]];
				b = v !== v ? missingKid[b] : kids[2 * b + +(v > threshold[b])];
			}
			if (c >= 0) {
				const v = data[r2 + feature[c]];
				c = v !== v ? missingKid[c] : kids[2 * c + +(v > threshold[c])];
			}
			if (d >= 0) {
				const v = data[r3 + feature[d]];
				d = v !== v ? missingKid[d] : kids[2 * d + +(v > threshold[d])];
			}
		}
		out[offset + i] += value[~a];
		out[offset + i + 1] += value[~b];
		out[offset + i + 2] += value[~c];
		out[offset + i + 3] += value[~d];
	}
	for (; i < to; i++) {
		const row = i * p;
		let node = 0;
		while (node >= 0) {
			const v = data[row + feature[node]];
			node = v !== v ? missingKid[node] : kids[2 * node + +(v > threshold[node])];
		}
		out[offset + i] += value[~node];
	}
}

/** As addTreeRaw, on column-major bin codes (missing code of feature f: nBins[f]), for rows [from, to) of n. */
export function addTreeBinned(
	out: Float64Array,
	offset: number,
	t: CompiledTree,
	bins: Uint8Array,
	n: number,
	nBins: ArrayLike<number>,
	from = 0,
	to = n
): void {
	const { feature, bin, kids, missingKid, value, catBits, isCat } = t;
	if (t.rootLeaf) {
		for (let i = from; i < to; i++) out[offset + i] += value[0];
		return;
	}
	for (let i = from; i < to; i++) {
		let node = 0;
		while (node >= 0) {
			const f = feature[node];
			const b = bins[f * n + i];
			if (b === nBins[f]) node = missingKid[node];
			else if (isCat[node] === 0) node = kids[2 * node + (b <= bin[node] ? 0 : 1)];
			else node = kids[2 * node + ((catBits[node * 8 + (b >>> 5)] >>> (b & 31)) & 1 ? 0 : 1)];
		}
		out[offset + i] += value[~node];
	}
}

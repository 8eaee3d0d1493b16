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

/** A tree in typed arrays, ready to score many rows. */
export interface CompiledTree {
	readonly feature: Int32Array;
	readonly threshold: Float64Array;
	readonly bin: Int32Array;
	readonly missingLeft: Uint8Array;
	readonly left: Int32Array;
	readonly right: Int32Array;
	readonly value: Float64Array;
	/** 8 × 32 bits per node: the categories that go left (codes are < 256). */
	readonly catBits: Uint32Array;
	readonly isCat: Uint8Array;
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
	return {
		feature: Int32Array.from(t.feature),
		threshold: Float64Array.from(t.threshold),
		bin: Int32Array.from(t.bin),
		missingLeft: Uint8Array.from(t.missingLeft),
		left: Int32Array.from(t.left),
		right: Int32Array.from(t.right),
		value: Float64Array.from(t.value),
		catBits,
		isCat
	};
}

/**
 * Adds the tree's value for each row of X (raw values, NaN missing) to out[offset + i].
 * `nBins` bounds each categorical feature's known codes: larger codes go with missing values.
 */
export function addTreeRaw(out: Float64Array, offset: number, t: CompiledTree, X: Matrix, nBins: readonly number[]): void {
	const { feature, threshold, missingLeft, left, right, value, catBits, isCat } = t;
	const { rows: n, cols: p, data } = X;
	if (feature[0] < 0) {
		for (let i = 0; i < n; i++) out[offset + i] += value[0];
		return;
	}
	for (let i = 0; i < n; i++) {
		const row = i * p;
		let node = 0;
		while (feature[node] >= 0) {
			const f = feature[node];
			const v = data[row + f];
			let goLeft: boolean;
			if (isCat[node]) {
				goLeft = v >= 0 && v < nBins[f] ? (catBits[node * 8 + (v >>> 5)] & (1 << (v & 31))) !== 0 : missingLeft[node] === 1;
			} else goLeft = v !== v ? missingLeft[node] === 1 : v <= threshold[node];
			node = goLeft ? left[node] : right[node];
		}
		out[offset + i] += value[node];
	}
}

/** As addTreeRaw, on column-major bin codes (missing code of feature f: nBins[f]). */
export function addTreeBinned(out: Float64Array, offset: number, t: CompiledTree, bins: Uint8Array, n: number, nBins: readonly number[]): void {
	const { feature, bin, missingLeft, left, right, value, catBits, isCat } = t;
	for (let i = 0; i < n; i++) {
		let node = 0;
		while (feature[node] >= 0) {
			const f = feature[node];
			const b = bins[f * n + i];
			let goLeft: boolean;
			if (b === nBins[f]) goLeft = missingLeft[node] === 1;
			else if (isCat[node]) goLeft = (catBits[node * 8 + (b >>> 5)] & (1 << (b & 31))) !== 0;
			else goLeft = b <= bin[node];
			node = goLeft ? left[node] : right[node];
		}
		out[offset + i] += value[node];
	}
}

import type { Matrix } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';

/**
 * A seeded holdout for early stopping (scikit-learn's validation_fraction), stratified by
 * class for classification so every class keeps its share on both sides.
 */
export function holdout(
	n: number,
	classes: ArrayLike<number> | null,
	fraction: number,
	seed: number
): { train: Uint32Array; val: Uint32Array } {
	const random = createRandom(seed);
	const groups = new Map<number, number[]>();
	for (let i = 0; i < n; i++) {
		const key = classes ? classes[i] : 0;
		const list = groups.get(key);
		if (list) list.push(i);
		else groups.set(key, [i]);
	}
	const isVal = new Uint8Array(n);
	for (const key of [...groups.keys()].sort((a, b) => a - b)) {
		const rows = shuffleInPlace(groups.get(key)!, random);
		const take = Math.min(rows.length - 1, Math.round(rows.length * fraction));
		for (let i = 0; i < take; i++) isVal[rows[i]] = 1;
	}
	const train: number[] = [];
	const val: number[] = [];
	for (let i = 0; i < n; i++) (isVal[i] ? val : train).push(i);
	return { train: Uint32Array.from(train), val: Uint32Array.from(val) };
}

export function takeRows(X: Matrix, y: ArrayLike<number>, rows: Uint32Array): { X: Matrix; y: Float64Array } {
	const p = X.cols;
	const data = new Float64Array(rows.length * p);
	const out = new Float64Array(rows.length);
	rows.forEach((r, i) => {
		data.set(X.data.subarray(r * p, (r + 1) * p), i * p);
		out[i] = y[r];
	});
	return { X: { rows: rows.length, cols: p, data }, y: out };
}

/** A sorted sample of round(fraction × n) distinct rows (at least one), for one boosting round. */
export function sampleRows(n: number, fraction: number, random: () => number): Uint32Array {
	const m = Math.max(1, Math.round(n * fraction));
	const all = new Uint32Array(n);
	for (let i = 0; i < n; i++) all[i] = i;
	for (let i = 0; i < m; i++) {
		const j = i + Math.floor(random() * (n - i));
		const t = all[i];
		all[i] = all[j];
		all[j] = t;
	}
	// Sorted rows keep the histogram passes reading the bin columns in order.
	return all.slice(0, m).sort();
}

/** A sorted sample of round(fraction × p) features (at least one), for one tree. */
export function sampleFeatures(p: number, fraction: number, random: () => number): Int32Array {
	return Int32Array.from(sampleRows(p, fraction, random));
}

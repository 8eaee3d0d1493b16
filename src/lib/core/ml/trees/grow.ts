import { Criterion, missingStart, type Best, type NodeTotals, type SplitWork } from './split';

/** Fills a node's totals from its rows and returns its impurity (gini, entropy in bits, or variance). */
export function leafTotals(W: SplitWork, start: number, end: number, totals: NodeTotals): number {
	const { order, w } = W;
	const K = W.classes;
	let weight = 0;
	if (K > 0) {
		const codes = W.y as Int32Array;
		const counts = totals.counts;
		counts.fill(0);
		for (let i = start; i < end; i++) {
			const s = order[i];
			const wt = w ? w[s] : 1;
			counts[codes[s]] += wt;
			weight += wt;
		}
		totals.weight = weight;
		let impurity = W.criterion === Criterion.Gini ? 1 : 0;
		for (let k = 0; k < K; k++) {
			const q = counts[k] / weight;
			if (W.criterion === Criterion.Gini) impurity -= q * q;
			else if (q > 0) impurity -= q * Math.log2(q);
		}
		return impurity;
	}
	const values = W.y as Float64Array;
	let sum = 0;
	let sumSq = 0;
	for (let i = start; i < end; i++) {
		const s = order[i];
		const wt = w ? w[s] : 1;
		const v = values[s];
		sum += wt * v;
		sumSq += wt * v * v;
		weight += wt;
	}
	totals.weight = weight;
	totals.sum = sum;
	totals.sumSq = sumSq;
	const mean = sum / weight;
	return Math.max(0, sumSq / weight - mean * mean);
}

/**
 * Splits the node's rows [start, end) in every feature's order into left then right,
 * keeping each side sorted (a stable partition), and returns how many went left. Where
 * the node had no missing values on the split feature, missing values later go to the
 * larger child (as scikit-learn ≥ 1.3).
 */
export function partition(W: SplitWork, best: Best, start: number, end: number, goLeft: Uint8Array, scratch: Int32Array): number {
	const { order, m } = W;
	const base = best.feature * m;
	const nm = missingStart(W, best.feature, start, end);
	const cut = start + best.pos;
	for (let i = start; i < end; i++) goLeft[order[base + i]] = i < cut || (i >= nm && best.missingLeft) ? 1 : 0;
	const nLeft = best.pos + (best.missingLeft ? end - nm : 0);
	if (!best.sawMissing) best.missingLeft = nLeft >= end - start - nLeft;
	const p = order.length / m;
	for (let f = 0; f < p; f++) {
		const b = f * m;
		let l = b + start;
		let r = 0;
		for (let i = b + start; i < b + end; i++) {
			const s = order[i];
			if (goLeft[s]) order[l++] = s;
			else scratch[r++] = s;
		}
		order.set(scratch.subarray(0, r), l);
	}
	return nLeft;
}

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

/** Class codes in each feature's sorted order (empty for regression): labels[k] = y[order[k]]. */
export function sortedLabels(order: Int32Array, y: Int32Array | Float64Array, classes: number): Uint8Array | Int32Array {
	if (classes === 0) return new Uint8Array(0);
	const labels = classes <= 256 ? new Uint8Array(order.length) : new Int32Array(order.length);
	for (let k = 0; k < order.length; k++) labels[k] = y[order[k]];
	return labels;
}

/** Reusable buffers for `partition`: a flag per row and one feature's right side. */
export interface PartitionScratch {
	readonly goLeft: Uint8Array;
	readonly order: Int32Array;
	readonly vals: Float32Array;
	readonly labels: Uint8Array | Int32Array;
}

/**
 * Splits the node's rows [start, end) in the features' orders into left then right,
 * keeping each side sorted (a stable partition), and returns how many went left. Where
 * the node had no missing values on the split feature, missing values later go to the
 * larger child (as scikit-learn ≥ 1.3). Children that will be leaves (`minSplit` 0 at the
 * depth limit, or both smaller than `minSplit`) need only feature 0's rows for their
 * totals, so the other features are left as they are.
 */
export function partition(W: SplitWork, best: Best, start: number, end: number, scratch: PartitionScratch, minSplit: number): number {
	const { order, vals, labels, m } = W;
	const hasLabels = labels.length > 0;
	const goLeft = scratch.goLeft;
	const base = best.feature * m;
	const nm = missingStart(W, best.feature, start, end);
	const cut = start + best.pos;
	for (let i = start; i < end; i++) goLeft[order[base + i]] = i < cut || (i >= nm && best.missingLeft) ? 1 : 0;
	const nLeft = best.pos + (best.missingLeft ? end - nm : 0);
	if (!best.sawMissing) best.missingLeft = nLeft >= end - start - nLeft;
	const features = minSplit === 0 || (nLeft < minSplit && end - start - nLeft < minSplit) ? 1 : W.p;
	const rOrder = scratch.order;
	const rVals = scratch.vals;
	const rLabels = scratch.labels;
	for (let f = 0; f < features; f++) {
		const b = f * m;
		let l = b + start;
		let r = 0;
		// Branch-free: each row is written to both sides and only its own side's cursor
		// advances (l never passes i, so nothing unread is overwritten). Left or right is a
		// coin flip per row, which a branch would mispredict half the time.
		if (hasLabels) {
			for (let i = b + start; i < b + end; i++) {
				const s = order[i];
				const v = vals[i];
				const c = labels[i];
				const g = goLeft[s];
				order[l] = s;
				vals[l] = v;
				labels[l] = c;
				rOrder[r] = s;
				rVals[r] = v;
				rLabels[r] = c;
				l += g;
				r += 1 - g;
			}
			labels.set(rLabels.subarray(0, r), l);
		} else {
			for (let i = b + start; i < b + end; i++) {
				const s = order[i];
				const v = vals[i];
				const g = goLeft[s];
				order[l] = s;
				vals[l] = v;
				rOrder[r] = s;
				rVals[r] = v;
				l += g;
				r += 1 - g;
			}
		}
		order.set(rOrder.subarray(0, r), l);
		vals.set(rVals.subarray(0, r), l);
	}
	return nLeft;
}

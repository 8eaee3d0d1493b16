import type { Labels } from './roc';

export interface ThresholdMetrics {
	readonly threshold: number;
	readonly tp: number;
	readonly fp: number;
	readonly tn: number;
	readonly fn: number;
	/** zero_division=0, as sklearn's default. */
	readonly precision: number;
	readonly recall: number;
	readonly f1: number;
	readonly accuracy: number;
}

/**
 * Binary confusion and scores when a row is called positive at score ≥ threshold — the same
 * rule as the points of roc_curve. Pure and O(n), so the page reruns it on every slider move.
 */
export function metricsAtThreshold(scores: ArrayLike<number>, positive: Labels, threshold: number): ThresholdMetrics {
	const n = scores.length;
	if (positive.length !== n) throw new Error(`evaluation: ${positive.length} labels for ${n} scores`);
	let tp = 0;
	let fp = 0;
	let fn = 0;
	for (let i = 0; i < n; i++) {
		const called = scores[i] >= threshold;
		if (positive[i]) {
			if (called) tp++;
			else fn++;
		} else if (called) fp++;
	}
	const tn = n - tp - fp - fn;
	const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
	const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
	// sklearn's F1 is 2PR/(P+R), 0 when both are 0.
	const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
	return { threshold, tp, fp, tn, fn, precision, recall, f1, accuracy: n > 0 ? (tp + tn) / n : 0 };
}

/** The distinct score with the highest F1 (first one on ties), for the slider's "best F1" mark. */
export function bestF1Threshold(scores: ArrayLike<number>, positive: Labels): ThresholdMetrics | null {
	const distinct = [...new Set(Array.from(scores))].sort((a, b) => b - a);
	let best: ThresholdMetrics | null = null;
	// O(n·distinct) would be slow on 20k rows; walk the sorted rows once instead.
	const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
	let total = 0;
	for (let i = 0; i < positive.length; i++) if (positive[i]) total++;
	const n = scores.length;
	let tp = 0;
	let k = 0;
	for (const t of distinct) {
		while (k < n && scores[order[k]] >= t) {
			if (positive[order[k]]) tp++;
			k++;
		}
		const fp = k - tp;
		const precision = k > 0 ? tp / k : 0;
		const recall = total > 0 ? tp / total : 0;
		const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
		if (!best || f1 > best.f1) {
			const fn = total - tp;
			best = { threshold: t, tp, fp, tn: n - tp - fp - fn, fn, precision, recall, f1, accuracy: (n - fp - fn) / n };
		}
	}
	return best;
}

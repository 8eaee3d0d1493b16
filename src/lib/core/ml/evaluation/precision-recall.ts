import { binaryClfCurve, type Labels } from './roc';

export interface PrCurve {
	/** Precision at each threshold, ascending thresholds, then the final 1 (sklearn's convention). */
	readonly precision: number[];
	/** Recall, decreasing, ending in 0. */
	readonly recall: number[];
	readonly thresholds: number[];
}

/**
 * sklearn.metrics.precision_recall_curve (1.2.1): one point per distinct score, reversed so
 * recall decreases, with (recall 0, precision 1) appended. Precision with no predicted
 * positives is 0; with no positive rows recall is 1 throughout, as sklearn.
 */
export function precisionRecallCurve(scores: ArrayLike<number>, positive: Labels): PrCurve {
	if (scores.length === 0) return { precision: [1], recall: [0], thresholds: [] };
	const c = binaryClfCurve(scores, positive);
	const m = c.tps.length;
	const total = c.tps[m - 1];
	const precision: number[] = [];
	const recall: number[] = [];
	const thresholds: number[] = [];
	for (let i = m - 1; i >= 0; i--) {
		const predicted = c.tps[i] + c.fps[i];
		precision.push(predicted !== 0 ? c.tps[i] / predicted : 0);
		recall.push(total === 0 ? 1 : c.tps[i] / total);
		thresholds.push(c.thresholds[i]);
	}
	precision.push(1);
	recall.push(0);
	return { precision, recall, thresholds };
}

/**
 * sklearn.metrics.average_precision_score: Σ (R_n − R_{n−1}) P_n, a step sum, not the
 * trapezoid (which is optimistic on a PR curve).
 */
export function averagePrecision(scores: ArrayLike<number>, positive: Labels): number {
	const { precision, recall } = precisionRecallCurve(scores, positive);
	let ap = 0;
	for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
	return ap;
}

import type { Labels } from './roc';

export interface CalibrationCurve {
	/** Fraction of positives in each non-empty bin. */
	readonly probTrue: number[];
	/** Mean predicted probability in each non-empty bin. */
	readonly probPred: number[];
	/** Rows in each non-empty bin (sklearn does not return it; the chart sizes its dots by it). */
	readonly count: number[];
}

/**
 * sklearn.calibration.calibration_curve(strategy='uniform'): n equal-width bins over [0, 1];
 * a probability on an inner edge falls in the lower bin (np.searchsorted, side='left'); empty
 * bins are left out.
 */
export function calibrationCurve(probs: ArrayLike<number>, positive: Labels, nBins = 10): CalibrationCurve {
	const n = probs.length;
	if (positive.length !== n) throw new Error(`evaluation: ${positive.length} labels for ${n} probabilities`);
	if (!Number.isInteger(nBins) || nBins < 1) throw new Error('evaluation: calibration needs at least one bin');
	// numpy's linspace edges are i·step, so 0.6000000000000001 stays an edge exactly as in sklearn.
	const step = 1 / nBins;
	const inner = Array.from({ length: nBins - 1 }, (_, i) => (i + 1) * step);
	const sums = new Float64Array(nBins);
	const trues = new Float64Array(nBins);
	const totals = new Float64Array(nBins);
	for (let i = 0; i < n; i++) {
		const p = probs[i];
		if (!(p >= 0 && p <= 1)) throw new Error(`evaluation: probability at row ${i} is outside [0, 1]`);
		let lo = 0;
		let hi = inner.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (inner[mid] < p) lo = mid + 1;
			else hi = mid;
		}
		sums[lo] += p;
		trues[lo] += positive[i] ? 1 : 0;
		totals[lo]++;
	}
	const out: CalibrationCurve = { probTrue: [], probPred: [], count: [] };
	for (let b = 0; b < nBins; b++) {
		if (totals[b] === 0) continue;
		out.probTrue.push(trues[b] / totals[b]);
		out.probPred.push(sums[b] / totals[b]);
		out.count.push(totals[b]);
	}
	return out;
}

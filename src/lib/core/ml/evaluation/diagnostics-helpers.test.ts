import { describe, expect, it } from 'vitest';
import { liftByDecile } from './lift';
import { errorByDecile, histogram, regressionDiagnostics } from './regression';
import { rocCurve } from './roc';
import { sampleIndices } from './sample';
import { bestF1Threshold, metricsAtThreshold } from './threshold';

const Y = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0];
const S = [0.1, 0.8, 0.4, 0.4, 0.9, 0.6, 0.8, 0.7, 0.2, 0.6, 0.4, 0.1];

describe('metrics at a threshold', () => {
	it('calls score ≥ threshold positive', () => {
		// sklearn: precision_score / recall_score / f1_score(Y, S >= 0.5) = 2/3 each.
		const m = metricsAtThreshold(S, Y, 0.5);
		expect([m.tp, m.fp, m.tn, m.fn]).toEqual([4, 2, 4, 2]);
		expect(m.precision).toBeCloseTo(2 / 3, 12);
		expect(m.recall).toBeCloseTo(2 / 3, 12);
		expect(m.f1).toBeCloseTo(2 / 3, 12);
		expect(metricsAtThreshold(S, Y, 0.6).fp).toBe(2); // the tie at 0.6 counts as called
		const none = metricsAtThreshold(S, Y, 2);
		expect([none.precision, none.recall, none.f1]).toEqual([0, 0, 0]);
	});

	it('agrees with every ROC point', () => {
		const r = rocCurve(S, Y, false);
		r.thresholds.forEach((t, i) => {
			const m = metricsAtThreshold(S, Y, t);
			expect(m.tp / 6).toBeCloseTo(r.tpr[i], 12);
			expect(m.fp / 6).toBeCloseTo(r.fpr[i], 12);
		});
	});

	it('best F1 is the maximum over distinct scores', () => {
		const best = bestF1Threshold(S, Y)!;
		const brute = Math.max(...[...new Set(S)].map((t) => metricsAtThreshold(S, Y, t).f1));
		expect(best.f1).toBeCloseTo(brute, 12);
		expect(metricsAtThreshold(S, Y, best.threshold).f1).toBeCloseTo(best.f1, 12);
	});
});

describe('lift and gain', () => {
	it('covers every row; the last decile reaches gain 1 and lift 1', () => {
		const l = liftByDecile(S, Y);
		expect(l.reduce((s, r) => s + r.rows, 0)).toBe(12);
		expect(l.at(-1)!.cumulativeGain).toBeCloseTo(1, 12);
		expect(l.at(-1)!.cumulativeLift).toBeCloseTo(1, 12);
		// The top row (0.9) is positive; the base rate is 1/2.
		expect(l[0]).toMatchObject({ decile: 1, rows: 1, positives: 1, lift: 2 });
	});

	it('skips empty deciles with few rows', () => {
		expect(liftByDecile([0.2, 0.9, 0.5], [0, 1, 0]).map((r) => r.decile)).toEqual([2, 5, 9]); // Math.round(3·d/10) first reaches 1, 2, 3;
	});
});

describe('regression diagnostics', () => {
	it('samples at most maxPoints rows, distinct and in row order, the same each time', () => {
		const a = sampleIndices(10_000, 500, 7);
		expect(a.length).toBe(500);
		expect(new Set(a).size).toBe(500);
		expect([...a].every((v, i) => i === 0 || v > a[i - 1])).toBe(true);
		expect([...sampleIndices(10_000, 500, 7)]).toEqual([...a]);
		expect(sampleIndices(3, 5).length).toBe(3);
	});

	it('histogram: numpy bins, last edge closed', () => {
		// np.histogram([0,1,1,2,3,4], bins=4) → counts [1,2,1,2], edges [0,1,2,3,4]
		expect(histogram([0, 1, 1, 2, 3, 4], 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 2, 1, 2] });
		expect(histogram([5, 5], 3)).toEqual({ edges: [4.5, 5.5], counts: [2] });
	});

	it('error by decile of the prediction', () => {
		const actual = Array.from({ length: 20 }, (_, i) => i);
		const predicted = actual.map((v) => v + (v < 10 ? 1 : -2));
		const d = errorByDecile(actual, predicted);
		expect(d.length).toBe(10);
		expect(d[0]).toMatchObject({ decile: 1, rows: 2, meanActual: 0.5, meanPredicted: 1.5, mae: 1, rmse: 1, bias: -1 });
		expect(d[9]).toMatchObject({ rows: 2, mae: 2, bias: 2 });
	});

	it('caps the points at 5,000 but scores every row', () => {
		const n = 12_000;
		const actual = Array.from({ length: n }, (_, i) => Math.sin(i));
		const predicted = actual.map((v, i) => v + (i % 3) * 0.1);
		const r = regressionDiagnostics(actual, predicted);
		expect(r.rows).toBe(n);
		expect(r.points.actual.length).toBe(5000);
		expect(r.residualHistogram.counts.reduce((a, b) => a + b, 0)).toBe(n);
		expect(r.byDecile.reduce((a, b) => a + b.rows, 0)).toBe(n);
		expect(r.points.residual[0]).toBeCloseTo(r.points.actual[0] - r.points.predicted[0], 12);
	});
});

import { describe, expect, it } from 'vitest';
import { calibrationCurve } from './calibration';
import { classificationReport } from './per-class';
import { averagePrecision, precisionRecallCurve } from './precision-recall';
import { r2Score, regressionDiagnostics } from './regression';
import { binaryRocAuc, oneVsRestAuc, rocCurve } from './roc';

/*
 * Reference values recorded with /usr/bin/python3, scikit-learn 1.2.1, numpy 1.24.2:
 *
 *   import numpy as np
 *   from sklearn.metrics import (roc_curve, roc_auc_score, precision_recall_curve,
 *       average_precision_score, f1_score, classification_report, r2_score)
 *   from sklearn.calibration import calibration_curve
 *   y = np.array([0,1,1,0,1,0,1,1,0,0,1,0]); s = np.array([0.1,0.8,0.4,0.4,0.9,0.6,0.8,0.7,0.2,0.6,0.4,0.1])
 *   roc_curve(y, s); roc_auc_score(y, s); precision_recall_curve(y, s); average_precision_score(y, s)
 *   calibration_curve(y, s, n_bins=5); calibration_curve(y, s, n_bins=10)
 *   y2 = np.array([1,1,0,0,1,0,1,0]); s2 = np.array([0.9,0.8,0.7,0.6,0.5,0.4,0.4,0.1])
 *   roc_curve(y2, s2, drop_intermediate=True / False); roc_auc_score(y2, s2); average_precision_score(y2, s2)
 *   i = np.arange(300); S = ((i*37) % 53) / 53; Y = ((((i*29) % 31) / 31 + S) > 0.9).astype(int)
 *   roc_auc_score(Y, S); average_precision_score(Y, S); roc_curve(Y, S)[k][10]; precision_recall_curve(Y, S)[k][5]
 *   calibration_curve(Y, S, n_bins=10)
 *   ye = np.array([0,1,0,1,1,0,1,0]); se = np.array([0.0,0.2,0.4,0.6,0.8,1.0,0.19999,0.6000000000000001])
 *   calibration_curve(ye, se, n_bins=5)
 *   yt = [0,1,2,2,1,0,2,1,0,2]; yp = [0,2,2,2,1,0,1,1,1,2]; P = (below)
 *   roc_auc_score(yt, P, multi_class='ovr', average='macro' / 'weighted'); f1_score(yt, yp, average='macro' / 'weighted')
 *   classification_report(yt, yp, output_dict=True)
 *   classification_report([0,0,1,1,1,2,2,2,2], [0,1,1,1,3,2,2,0,3], output_dict=True, zero_division=0)
 *   r2_score([2,2,2], [2,2,2]); r2_score([2,2,2], [2,2,2.1]); r2_score([3,-0.5,2,7,4.2], [2.5,0,2.1,7.8,3.9])
 */

const close = (got: readonly number[], want: readonly number[]) => {
	expect(got.length).toBe(want.length);
	got.forEach((g, i) => expect(g, `index ${i}`).toBeCloseTo(want[i], 12));
};

const Y = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0];
const S = [0.1, 0.8, 0.4, 0.4, 0.9, 0.6, 0.8, 0.7, 0.2, 0.6, 0.4, 0.1];
const Y2 = [1, 1, 0, 0, 1, 0, 1, 0];
const S2 = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4, 0.1];
const big = () => {
	const s: number[] = [];
	const y: number[] = [];
	for (let i = 0; i < 300; i++) {
		s.push(((i * 37) % 53) / 53);
		y.push(((i * 29) % 31) / 31 + s[i] > 0.9 ? 1 : 0);
	}
	return { s, y };
};

describe('ROC vs sklearn 1.2.1', () => {
	it('curve points and AUC with tied scores', () => {
		const r = rocCurve(S, Y);
		close(r.fpr, [0.0, 0.0, 0.0, 0.0, 0.3333333333333333, 0.5, 0.6666666666666666, 1.0]);
		close(r.tpr, [0.0, 0.16666666666666666, 0.5, 0.6666666666666666, 0.6666666666666666, 1.0, 1.0, 1.0]);
		close(r.thresholds, [1.9, 0.9, 0.8, 0.7, 0.6, 0.4, 0.2, 0.1]);
		expect(binaryRocAuc(S, Y)).toBeCloseTo(0.861111111111111, 12);
	});

	it('drop_intermediate=True drops the collinear point, False keeps it', () => {
		const kept = rocCurve(S2, Y2, true);
		close(kept.fpr, [0.0, 0.0, 0.0, 0.5, 0.5, 0.75, 1.0]);
		close(kept.tpr, [0.0, 0.25, 0.5, 0.5, 0.75, 1.0, 1.0]);
		close(kept.thresholds, [1.9, 0.9, 0.8, 0.6, 0.5, 0.4, 0.1]);
		const all = rocCurve(S2, Y2, false);
		close(all.fpr, [0.0, 0.0, 0.0, 0.25, 0.5, 0.5, 0.75, 1.0]);
		close(all.tpr, [0.0, 0.25, 0.5, 0.5, 0.5, 0.75, 1.0, 1.0]);
		close(all.thresholds, [1.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.1]);
		expect(binaryRocAuc(S2, Y2)).toBeCloseTo(0.71875, 12);
	});

	it('300 rows with 53 distinct scores', () => {
		const { s, y } = big();
		expect(y.reduce((a, b) => a + b, 0)).toBe(173);
		expect(binaryRocAuc(s, y)).toBeCloseTo(0.8306403896044785, 12);
		const r = rocCurve(s, y);
		expect(r.fpr.length).toBe(40);
		expect(rocCurve(s, y, false).fpr.length).toBe(54);
		expect(r.fpr[10]).toBeCloseTo(0.05511811023622047, 12);
		expect(r.tpr[10]).toBeCloseTo(0.4508670520231214, 12);
		expect(r.thresholds[10]).toBeCloseTo(0.7169811320754716, 12);
	});

	it('one-vs-rest macro and weighted AUC', () => {
		const yt = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2];
		const P = [
			[0.7, 0.2, 0.1],
			[0.1, 0.4, 0.5],
			[0.1, 0.2, 0.7],
			[0.2, 0.2, 0.6],
			[0.2, 0.5, 0.3],
			[0.6, 0.3, 0.1],
			[0.1, 0.5, 0.4],
			[0.2, 0.5, 0.3],
			[0.3, 0.4, 0.3],
			[0.1, 0.2, 0.7]
		];
		const a = oneVsRestAuc(yt, P.flat(), 3);
		close(a.perClass as number[], [1.0, 0.8809523809523809, 0.9583333333333334]);
		expect(a.macro).toBeCloseTo(0.9464285714285715, 12);
		expect(a.weighted).toBeCloseTo(0.9476190476190476, 12);
		// A class missing from yTrue: sklearn raises; we report no average.
		expect(oneVsRestAuc([0, 0, 1], new Array(9).fill(1 / 3), 3).macro).toBeNull();
	});

	it('undefined AUC for one class only', () => {
		expect(binaryRocAuc([0.2, 0.4], [1, 1])).toBeNull();
		expect(rocCurve([0.2, 0.4], [1, 1]).fpr.every(Number.isNaN)).toBe(true);
	});
});

describe('precision-recall vs sklearn 1.2.1', () => {
	it('curve and average precision with ties', () => {
		const c = precisionRecallCurve(S, Y);
		close(c.precision, [0.5, 0.6, 0.6666666666666666, 0.6666666666666666, 1.0, 1.0, 1.0, 1.0]);
		close(c.recall, [1.0, 1.0, 1.0, 0.6666666666666666, 0.6666666666666666, 0.5, 0.16666666666666666, 0.0]);
		close(c.thresholds, [0.1, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9]);
		expect(averagePrecision(S, Y)).toBeCloseTo(0.8888888888888888, 12);
	});

	it('second example and 300 rows', () => {
		const c = precisionRecallCurve(S2, Y2);
		close(c.precision, [0.5, 0.5714285714285714, 0.6, 0.5, 0.6666666666666666, 1.0, 1.0, 1.0]);
		close(c.recall, [1.0, 1.0, 0.75, 0.5, 0.5, 0.5, 0.25, 0.0]);
		close(c.thresholds, [0.1, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
		expect(averagePrecision(S2, Y2)).toBeCloseTo(0.7928571428571428, 12);
		const { s, y } = big();
		const b = precisionRecallCurve(s, y);
		expect(b.precision.length).toBe(54);
		expect(b.precision[5]).toBeCloseTo(0.6236162361623616, 12);
		expect(b.recall[5]).toBeCloseTo(0.976878612716763, 12);
		expect(b.thresholds[5]).toBeCloseTo(0.09433962264150944, 12);
		expect(averagePrecision(s, y)).toBeCloseTo(0.8760137969260074, 12);
	});
});

describe('calibration_curve (uniform) vs sklearn 1.2.1', () => {
	it('5 and 10 bins, empty bins dropped', () => {
		const five = calibrationCurve(S, Y, 5);
		close(five.probTrue, [0.0, 0.6666666666666666, 0.0, 1.0, 1.0]);
		close(five.probPred, [0.13333333333333333, 0.4000000000000001, 0.6, 0.7666666666666666, 0.9]);
		const ten = calibrationCurve(S, Y, 10);
		close(ten.probTrue, [0.0, 0.0, 0.6666666666666666, 0.0, 1.0, 1.0, 1.0]);
		close(ten.probPred, [0.1, 0.2, 0.4000000000000001, 0.6, 0.7, 0.8, 0.9]);
		expect(ten.count.reduce((a, b) => a + b, 0)).toBe(12);
	});

	it('probabilities on bin edges fall in the lower bin', () => {
		const c = calibrationCurve([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 0.19999, 0.6000000000000001], [0, 1, 0, 1, 1, 0, 1, 0], 5);
		close(c.probTrue, [0.6666666666666666, 0.0, 0.5, 1.0, 0.0]);
		close(c.probPred, [0.13333, 0.4, 0.6000000000000001, 0.8, 1.0]);
	});

	it('300 rows, 10 bins', () => {
		const { s, y } = big();
		const c = calibrationCurve(s, y, 10);
		close(
			c.probTrue,
			[
				0.17142857142857143, 0.21428571428571427, 0.2857142857142857, 0.5, 0.5357142857142857, 0.6428571428571429, 0.7352941176470589,
				0.7931034482758621, 0.9642857142857143, 1.0
			]
		);
		close(
			c.probPred,
			[
				0.047978436657681936, 0.15296495956873318, 0.24730458221024262, 0.351276359600444, 0.45485175202156336, 0.5491913746630728,
				0.6531631520532741, 0.7560182173064413, 0.8510781671159029, 0.9454177897574123
			]
		);
	});
});

describe('classification_report vs sklearn 1.2.1', () => {
	it('three classes: per class, macro and weighted', () => {
		const r = classificationReport([0, 1, 2, 2, 1, 0, 2, 1, 0, 2], [0, 2, 2, 2, 1, 0, 1, 1, 1, 2], ['0', '1', '2']);
		close(
			r.classes.map((c) => c.precision),
			[1.0, 0.5, 0.75]
		);
		close(
			r.classes.map((c) => c.recall),
			[0.6666666666666666, 0.6666666666666666, 0.75]
		);
		close(
			r.classes.map((c) => c.f1),
			[0.8, 0.5714285714285715, 0.75]
		);
		expect(r.classes.map((c) => c.support)).toEqual([3, 3, 4]);
		expect(r.accuracy).toBeCloseTo(0.7, 12);
		close([r.macro.precision, r.macro.recall, r.macro.f1], [0.75, 0.6944444444444443, 0.7071428571428572]);
		close([r.weighted.precision, r.weighted.recall, r.weighted.f1], [0.75, 0.7, 0.7114285714285715]);
		expect(r.confusion).toEqual([
			[2, 1, 0],
			[0, 2, 1],
			[0, 1, 3]
		]);
		close(r.normalised[2], [0, 0.25, 0.75]);
	});

	it('a label only predicted, zero_division=0; an absent label left out', () => {
		const r = classificationReport([0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 1, 1, 1, 3, 2, 2, 0, 3], ['a', 'b', 'c', 'd', 'never']);
		expect(r.classes.map((c) => c.label)).toEqual(['a', 'b', 'c', 'd']);
		close(
			r.classes.map((c) => c.f1),
			[0.5, 0.6666666666666666, 0.6666666666666666, 0.0]
		);
		expect(r.classes[3].support).toBe(0);
		expect(r.accuracy).toBeCloseTo(0.5555555555555556, 12);
		close([r.macro.precision, r.macro.recall, r.macro.f1], [0.5416666666666666, 0.41666666666666663, 0.45833333333333326]);
		close([r.weighted.precision, r.weighted.recall, r.weighted.f1], [0.7777777777777778, 0.5555555555555556, 0.6296296296296295]);
	});
});

describe('R² vs sklearn 1.2.1', () => {
	it('constant target: 1.0 when perfect, else 0.0', () => {
		expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
		expect(r2Score([2, 2, 2], [2, 2, 2.1])).toBe(0);
		expect(regressionDiagnostics([2, 2, 2], [2, 2, 2.1]).r2).toBe(0);
	});

	it('ordinary target', () => {
		expect(r2Score([3.0, -0.5, 2.0, 7.0, 4.2], [2.5, 0.0, 2.1, 7.8, 3.9])).toBeCloseTo(0.9594665271966527, 12);
	});
});

import { describe, expect, it } from 'vitest';
import { classificationMetrics, regressionMetrics } from './metrics';

// Reference values: /usr/bin/python3, sklearn 1.2.1, sklearn.metrics on these exact vectors
// (accuracy_score, f1_score/precision_score/recall_score(average='macro'), roc_auc_score,
// confusion_matrix, mean_squared_error, mean_absolute_error, r2_score).
describe('classification metrics vs sklearn', () => {
	it('binary with tied scores', () => {
		const yt = Int32Array.from([0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]);
		const yp = Int32Array.from([0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0]);
		const s1 = [0.1, 0.8, 0.4, 0.4, 0.9, 0.6, 0.8, 0.7, 0.2, 0.6, 0.4, 0.1];
		const proba = Float64Array.from(s1.flatMap((s) => [1 - s, s]));
		const m = classificationMetrics(yt, yp, proba, ['no', 'yes']);
		expect(m.accuracy).toBeCloseTo(0.6666666666666666, 12);
		expect(m.f1Macro).toBeCloseTo(0.6666666666666666, 12);
		expect(m.precisionMacro).toBeCloseTo(0.6666666666666666, 12);
		expect(m.recallMacro).toBeCloseTo(0.6666666666666666, 12);
		expect(m.rocAuc).toBeCloseTo(0.861111111111111, 12);
		expect(m.perClass.map((c) => c.support)).toEqual([6, 6]);
	});

	it('multiclass, one-vs-rest macro AUC', () => {
		const yt = Int32Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
		const yp = Int32Array.from([0, 2, 2, 2, 1, 0, 1, 1, 1, 2]);
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
		const m = classificationMetrics(yt, yp, Float64Array.from(P.flat()), ['a', 'b', 'c']);
		expect(m.accuracy).toBeCloseTo(0.7, 12);
		expect(m.f1Macro).toBeCloseTo(0.7071428571428572, 12);
		expect(m.precisionMacro).toBeCloseTo(0.75, 12);
		expect(m.recallMacro).toBeCloseTo(0.6944444444444443, 12);
		expect(m.rocAuc).toBeCloseTo(0.9464285714285715, 12);
		expect(m.confusion).toEqual([
			[2, 1, 0],
			[0, 2, 1],
			[0, 1, 3]
		]);
	});

	it('zero_division=0 and undefined AUC', () => {
		const yt = Int32Array.from([0, 1, 2, 2, 1]);
		const yp = Int32Array.from([0, 1, 1, 1, 1]);
		const m = classificationMetrics(yt, yp, null, ['a', 'b', 'c']);
		expect(m.f1Macro).toBeCloseTo(0.5555555555555555, 12);
		expect(m.precisionMacro).toBeCloseTo(0.5, 12);
		expect(m.rocAuc).toBeNull();
		const absent = classificationMetrics(Int32Array.from([0, 0, 1]), Int32Array.from([0, 1, 1]), new Float64Array(9).fill(1 / 3), [
			'a',
			'b',
			'c'
		]);
		expect(absent.rocAuc).toBeNull();
	});
});

describe('regression metrics vs sklearn', () => {
	it('rmse, mae, r2', () => {
		const m = regressionMetrics([3.0, -0.5, 2.0, 7.0, 4.2], [2.5, 0.0, 2.1, 7.8, 3.9]);
		expect(m.rmse).toBeCloseTo(0.49799598391954925, 12);
		expect(m.mae).toBeCloseTo(0.44000000000000006, 12);
		expect(m.r2).toBeCloseTo(0.9594665271966527, 12);
	});

	it('r2 of a constant target', () => {
		expect(regressionMetrics([2, 2, 2], [2, 2, 2]).r2).toBe(1);
		expect(regressionMetrics([2, 2, 2], [2, 2, 2.1]).r2).toBe(0);
	});
});

import { describe, expect, it } from 'vitest';
import { fromRows } from '../matrix';
import { accuracyOf, referenceSplit, type ReferenceSet } from '../reference/reference-data';
import { fitGaussianNb, fitGaussianNbColumns, predictGaussianNb } from './gaussian';
import { firstInvalidColumn, fitMultinomialNb, predictMultinomialNb } from './multinomial';

describe('Gaussian naive Bayes', () => {
	it('means, population variances plus smoothing, and priors by hand', () => {
		// class 0: x = 1, 3 (mean 2, var 1); class 1: x = 10 (var 0); all rows: var of 1, 3, 10 = 14.888…
		const s = fitGaussianNb(fromRows([[1], [3], [10]]), [0, 0, 1], 2);
		const eps = 1e-9 * (134 / 9);
		expect(s.mean).toEqual([2, 10]);
		expect(s.variance[0]).toBeCloseTo(1 + eps, 15);
		expect(s.variance[1] / eps).toBeCloseTo(1, 12);
		expect(s.logPrior.map(Math.exp)).toEqual([2 / 3, 1 / 3]);
		// At x = 2 class 1 is 8 / sqrt(eps) standard deviations away.
		const p = predictGaussianNb(s, fromRows([[2]]));
		expect(p.codes[0]).toBe(0);
		expect(p.proba[0]).toBe(1);
	});

	it('a zero-variance feature, and all-constant features, still give finite probabilities', () => {
		const s = fitGaussianNb(
			fromRows([
				[1, 7],
				[2, 7],
				[5, 7],
				[6, 7]
			]),
			[0, 0, 1, 1],
			2
		);
		const p = predictGaussianNb(
			s,
			fromRows([
				[1.5, 7],
				[5.5, 7]
			])
		);
		expect(Array.from(p.codes)).toEqual([0, 1]);
		expect(p.proba.every(Number.isFinite)).toBe(true);
		const flat = predictGaussianNb(fitGaussianNb(fromRows([[3], [3]]), [0, 1], 2), fromRows([[3]]));
		flat.proba.forEach((v) => expect(v).toBeCloseTo(0.5, 12));
	});

	it('a class with no training rows gets probability 0 and is never predicted', () => {
		const s = fitGaussianNb(fromRows([[0], [1], [9], [10]]), [0, 0, 2, 2], 3);
		const p = predictGaussianNb(s, fromRows([[5], [0.5]]));
		expect(p.proba[1]).toBe(0);
		expect(p.proba[4]).toBe(0);
		expect(Array.from(p.codes)).toEqual([0, 0]);
	});

	it('missing values are left out of the statistics and of the score', () => {
		const s = fitGaussianNb(
			fromRows([
				[1, NaN],
				[3, 0],
				[10, 5],
				[12, NaN]
			]),
			[0, 0, 1, 1],
			2
		);
		expect(s.mean).toEqual([2, 0, 11, 5]);
		const without = predictGaussianNb(fitGaussianNb(fromRows([[1], [3], [10], [12]]), [0, 0, 1, 1], 2), fromRows([[4]]));
		const withNaN = predictGaussianNb(s, fromRows([[4, NaN]]));
		// The second feature's variance raises epsilon a little, hence close rather than equal.
		expect(withNaN.proba[0]).toBeCloseTo(without.proba[0], 6);
	});

	it('from columns through a row list: the rows picked, in their order, as the matrix of those rows; closed-form figures', () => {
		// Rows 5, 0, 3, 6, 2 of two columns (7 values each; rows 1 and 4 are not training rows).
		const a = Float64Array.of(2, 99, 6, 4, -99, 1, 8);
		const b = Float64Array.of(0.5, 7, NaN, 1.5, 7, 2.5, 3.5);
		const rows = Uint32Array.of(5, 0, 3, 6, 2);
		const y = [0, 0, 0, 1, 1];
		const s = fitGaussianNbColumns([a, b], rows, y, 2);
		const matrix = fitGaussianNb(fromRows(Array.from(rows, (r) => [a[r], b[r]])), y, 2);
		expect(s).toEqual(matrix);
		// Class 0, feature a: 1, 2, 4 → mean 7/3, variance Σ(x − 7/3)² / 3 = 14/9; feature b: 2.5, 0.5, 1.5 → 1.5, 2/3.
		// Class 1: a 8, 6 → 7, 1; b 3.5 only (2 is missing) → 3.5, 0.
		const eps = s.variance[3] - 0; // class 1, b: 0 + epsilon
		expect(s.mean[0]).toBeCloseTo(7 / 3, 14);
		expect(s.mean.slice(1)).toEqual([1.5, 7, 3.5]);
		expect(s.variance[0] - eps).toBeCloseTo(14 / 9, 14);
		expect(s.variance[1] - eps).toBeCloseTo(2 / 3, 14);
		expect(s.variance[2] - eps).toBeCloseTo(1, 14);
		// epsilon is 1e-9 of the largest all-rows variance: a over 1, 2, 4, 8, 6 (mean 4.2, variance 6.56).
		expect(eps / 1e-9).toBeCloseTo(6.56, 9);
		expect(() => fitGaussianNbColumns([a.subarray(0, 6), b], rows, y, 2)).toThrow(/feature column 0 has 6 values; training row 6/);
	});

	it('refuses no rows and labels out of range', () => {
		expect(() => fitGaussianNb({ rows: 0, cols: 2, data: new Float64Array(0) }, [], 2)).toThrow(/no training rows/);
		expect(() => fitGaussianNb(fromRows([[1]]), [3], 2)).toThrow(/class code 3/);
	});
});

describe('multinomial naive Bayes', () => {
	// scikit-learn 1.2.1 (Debian's /usr/bin/python3):
	//   X = [[2,1,0],[3,0,1],[0,2,3],[1,0,4],[4,1,0],[0,3,2]]; y = [0,0,1,1,0,1]
	//   m = MultinomialNB().fit(X, y); m.feature_log_prob_; m.predict_proba([[1,1,1],[5,0,0],[0,0,0],[0,1,6]])
	const X = fromRows([
		[2, 1, 0],
		[3, 0, 1],
		[0, 2, 3],
		[1, 0, 4],
		[4, 1, 0],
		[0, 3, 2]
	]);
	const y = [0, 0, 1, 1, 0, 1];

	it('feature log-probabilities and class probabilities as scikit-learn', () => {
		const s = fitMultinomialNb(X, y, 2);
		const flp = [
			-0.4054651081081646, -1.6094379124341005, -2.0149030205422647, -2.197224577336219, -1.0986122886681096, -0.5877866649021191
		];
		s.featureLogProb.forEach((v, i) => expect(v).toBeCloseTo(flp[i], 14));
		const p = predictMultinomialNb(
			s,
			fromRows([
				[1, 1, 1],
				[5, 0, 0],
				[0, 0, 0],
				[0, 1, 6]
			])
		);
		const sk = [
			0.4635193133047209, 0.5364806866952794, 0.9998714157130001, 1.2858428700012909e-4, 0.5, 0.5, 1.1464863978224619e-4, 0.9998853513602179
		];
		sk.forEach((v, i) => expect(p.proba[i]).toBeCloseTo(v, 12));
		expect(Array.from(p.codes)).toEqual([1, 0, 0, 1]);
	});

	it('alpha 0 with an unseen feature stays finite where the feature is absent', () => {
		const s = fitMultinomialNb(
			fromRows([
				[1, 0],
				[0, 1]
			]),
			[0, 1],
			2,
			{ alpha: 0 }
		);
		const p = predictMultinomialNb(s, fromRows([[3, 0]]));
		expect(Array.from(p.proba)).toEqual([1, 0]);
	});

	it('refuses negative or missing counts, naming the column index', () => {
		expect(
			firstInvalidColumn(
				fromRows([
					[1, 2],
					[3, -1]
				])
			)
		).toBe(1);
		expect(firstInvalidColumn(fromRows([[NaN, 2]]))).toBe(0);
		expect(() => fitMultinomialNb(fromRows([[1, -2]]), [0], 1)).toThrow(/feature 1 has a negative/);
	});
});

// scikit-learn 1.2.1, GaussianNB() with defaults on the unscaled features:
//   /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); from protocol import load
//   from sklearn.naive_bayes import GaussianNB
//   for n in ['iris','penguins','wine']: Xtr,ytr,Xte,yte = load(n); print(n, GaussianNB().fit(Xtr,ytr).score(Xte,yte))"
const SKLEARN_GNB: Record<string, number> = { iris: 0.972972972972973, penguins: 0.9647058823529412, wine: 0.9545454545454546 };

describe('Gaussian naive Bayes matches scikit-learn on the shared split protocol', () => {
	for (const [set, expected] of Object.entries(SKLEARN_GNB)) {
		it(set, () => {
			const s = referenceSplit(set as ReferenceSet);
			const state = fitGaussianNb(s.train, s.yTrain, s.classes.length);
			const acc = accuracyOf(predictGaussianNb(state, s.test).codes, s.yTest);
			expect(Math.abs(acc - expected)).toBeLessThanOrEqual(0.02);
			expect(acc).toBeCloseTo(expected, 10);
		});
	}

	it("iris: the first test rows' probabilities agree with predict_proba", () => {
		// GaussianNB().fit(Xtr, ytr).predict_proba(Xte[:3]) on load('iris')
		const sk = [
			[0.99999999999999967, 3.8228449021878052e-16, 1.519113745059309e-24],
			[0.99999999999999989, 1.7994874793944643e-16, 1.414683408321371e-24],
			[0.99999999999999967, 4.4067707302365171e-16, 3.5083637061664185e-24]
		];
		const s = referenceSplit('iris');
		const p = predictGaussianNb(fitGaussianNb(s.train, s.yTrain, 3), s.test);
		for (let i = 0; i < 3; i++) for (let c = 0; c < 3; c++) expect(p.proba[i * 3 + c] / sk[i][c]).toBeCloseTo(1, 8);
	});
});

import { describe, expect, it } from 'vitest';
import { takeRows, zeros } from './matrix';
import { fitLogistic, predictLogistic, predictProbaLogistic } from './models/logistic';
import { createRandom, shuffleInPlace } from '../util/random';
import { irisStandardised, vecRelErr } from './testutil';

// /usr/bin/python3, sklearn 1.2.1: Xi = StandardScaler().fit_transform(iris features), classes sorted;
// LogisticRegression().fit(Xi, yi).coef_ / .intercept_  (n_iter_ 25; identical with tol=1e-10)
const MULTI_COEF = [
	[-1.074041485836016, 1.1600634216479493, -1.930628658578718, -1.8116887259627756],
	[0.5878005069939085, -0.36182376888101364, -0.3634627420857535, -0.8261928890080606],
	[0.48624097884210754, -0.7982396527669365, 2.2940914006644726, 2.6378816149708375]
];
const MULTI_INTERCEPT = [-0.20531680969928265, 2.074865246085571, -1.86954843638629];
// LogisticRegression(C=0.1, tol=1e-10, max_iter=10000).fit(Xi, yi)
const C01_COEF = [
	[-0.5434730447827786, 0.5398130965529219, -0.8169891427326351, -0.763457220943097],
	[0.1496981357117535, -0.4201900475125943, 0.0595692177817691, -0.21250564986595527],
	[0.3937749090710249, -0.11962304904032793, 0.7574199249508663, 0.975962870809052]
];
// LogisticRegression().fit(Xi[yi > 0], yi[yi > 0] - 1): versicolor (0) vs virginica (1)
const BIN_COEF = [0.13982863327689077, -0.5145412144377711, 2.479823846774539, 3.140428300062675];
const BIN_INTERCEPT = -3.8008739182804985;

describe('logistic regression vs sklearn', () => {
	it('multinomial on iris', () => {
		const { X, y } = irisStandardised();
		const s = fitLogistic(X, y, 3);
		expect(s.converged).toBe(true);
		expect(vecRelErr(s.coef.flat(), MULTI_COEF.flat())).toBeLessThan(1e-3);
		expect(vecRelErr(s.intercept, MULTI_INTERCEPT)).toBeLessThan(1e-3);
	});

	it('multinomial with C = 0.1', () => {
		const { X, y } = irisStandardised();
		const s = fitLogistic(X, y, 3, { C: 0.1 });
		expect(vecRelErr(s.coef.flat(), C01_COEF.flat())).toBeLessThan(1e-3);
	});

	it('binary sigmoid on versicolor vs virginica', () => {
		const { X, y } = irisStandardised();
		const idx = Array.from(y.keys()).filter((i) => y[i] > 0);
		const Xb = takeRows(X, idx);
		const yb = Int32Array.from(idx, (i) => y[i] - 1);
		const s = fitLogistic(Xb, yb, 2);
		expect(s.coef).toHaveLength(1);
		expect(vecRelErr(s.coef[0], BIN_COEF)).toBeLessThan(1e-3);
		expect(vecRelErr(s.intercept, [BIN_INTERCEPT])).toBeLessThan(1e-3);
		const proba = predictProbaLogistic(s, Xb);
		expect(proba[0] + proba[1]).toBeCloseTo(1, 12);
	});

	it('generalises on a seeded 70/30 split of iris', () => {
		const { X, y } = irisStandardised();
		const order = shuffleInPlace(Array.from(y.keys()), createRandom(42));
		const train = order.slice(0, 105);
		const test = order.slice(105);
		const s = fitLogistic(
			takeRows(X, train),
			Int32Array.from(train, (i) => y[i]),
			3
		);
		const pred = predictLogistic(s, takeRows(X, test));
		const acc = test.filter((i, t) => pred[t] === y[i]).length / test.length;
		expect(acc).toBeGreaterThanOrEqual(0.93);
	});

	// Speed is measured by `npm run bench`; here only that a large fit converges to the planted signs.
	it('converges on 100,000 × 20 rows', () => {
		const n = 100_000;
		const p = 20;
		const rnd = createRandom(7);
		const X = zeros(n, p);
		const y = new Int32Array(n);
		const w = Array.from({ length: p }, () => rnd() * 2 - 1);
		for (let i = 0; i < n; i++) {
			let z = 0;
			for (let j = 0; j < p; j++) {
				const v = rnd() * 2 - 1;
				X.data[i * p + j] = v;
				z += w[j] * v;
			}
			y[i] = rnd() < 1 / (1 + Math.exp(-3 * z)) ? 1 : 0;
		}
		const s = fitLogistic(X, y, 2);
		expect(s.converged).toBe(true);
		// The labels were drawn with logit 3·w·x, so the fitted coefficients have w's signs.
		s.coef[0].forEach((c, j) => {
			if (Math.abs(w[j]) > 0.2) expect(Math.sign(c)).toBe(Math.sign(w[j]));
		});
	});

	it('stops after the iteration in which the signal aborted, with the coefficients so far', () => {
		const { X, y } = irisStandardised();
		const ctl = new AbortController();
		const s = fitLogistic(X, y, 3, { signal: ctl.signal, onIteration: (it) => (it === 2 ? ctl.abort() : undefined) });
		expect(s.iterations).toBe(2);
		expect(s.converged).toBe(false);
		expect(s.coef.flat().every(Number.isFinite)).toBe(true);
	});
});

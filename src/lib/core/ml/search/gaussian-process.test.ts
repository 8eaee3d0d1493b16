import { describe, expect, it } from 'vitest';
import { cholesky, fitGp, fitGpWith, matern52, predictGp } from './gaussian-process';

/*
 * Reference: scikit-learn 1.2.1 (/usr/bin/python3), y standardised by hand as fitGp does:
 *   X = [[.1,.2],[.4,.9],[.7,.3],[.95,.6],[.3,.5],[.55,.05]]; s = [1,3,2.5,-1,.5,2]; y = (s-s.mean())/s.std()
 *   K0 = Matern(length_scale=[.3,.7], nu=2.5)(X) + (0.01+1e-10)·I;  a = y @ solve(K0, y) / 6      → 2.691352482327616
 *   gp = GaussianProcessRegressor(C(a,'fixed')*Matern([.3,.7],'fixed',nu=2.5), alpha=a*(0.01+1e-10), optimizer=None).fit(X, y)
 *   gp.log_marginal_likelihood_value_                                                          → -10.018210746452159
 *   gp.predict([[.5,.5],[0,1]], return_std=True) → mean [0.68776452, 0.09782529], sd [0.67974256, 1.43175549]
 *   Matern([.3,.7], nu=2.5)([[.1,.2]], [[.4,.9]])                                              → 0.3172833639540438
 */
const X = [
	[0.1, 0.2],
	[0.4, 0.9],
	[0.7, 0.3],
	[0.95, 0.6],
	[0.3, 0.5],
	[0.55, 0.05]
];
const s = [1, 3, 2.5, -1, 0.5, 2];

describe('Gaussian process', () => {
	it('has the Matérn 5/2 kernel of scikit-learn', () => {
		expect(matern52([0.1, 0.2], [0.4, 0.9], [0.3, 0.7], 1)).toBeCloseTo(0.3172833639540438, 12);
		expect(matern52([0.5, 0.5], [0.5, 0.5], [0.3, 0.7], 2)).toBe(2);
	});

	it('matches scikit-learn on likelihood, amplitude, posterior mean and standard deviation', () => {
		const m = fitGpWith(X, s, [0.3, 0.7], 0.01)!;
		expect(m.amplitude).toBeCloseTo(2.691352482327616, 9);
		expect(m.logLikelihood).toBeCloseTo(-10.018210746452159, 9);
		const a = predictGp(m, [0.5, 0.5]);
		const b = predictGp(m, [0, 1]);
		expect(a.mean).toBeCloseTo(0.68776452, 7);
		expect(a.sd).toBeCloseTo(0.67974256, 7);
		expect(b.mean).toBeCloseTo(0.09782529, 7);
		expect(b.sd).toBeCloseTo(1.43175549, 7);
	});

	it('picks hyperparameters at least as likely as any fixed choice on its grid', () => {
		const best = fitGp(X, s);
		for (const l of [0.1, 0.35, 1])
			for (const noise of [1e-4, 0.1])
				expect(best.logLikelihood).toBeGreaterThanOrEqual(fitGpWith(X, s, [l, l], noise)!.logLikelihood - 1e-9);
	});

	it('factors a positive definite matrix and refuses one that is not', () => {
		const A = Float64Array.from([4, 2, 2, 3]);
		expect(cholesky(A, 2)).toBe(true);
		expect([...A]).toEqual([2, 0, 1, expect.closeTo(Math.SQRT2, 14)]);
		expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
	});
});

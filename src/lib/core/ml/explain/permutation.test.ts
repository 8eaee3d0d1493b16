import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { fitForest, predictForestOutput } from '../trees/forest';
import { partialDependence, percentileGrid } from './partial-dependence';
import { accuracy, permutationImportance, r2, tQuantile975 } from './permutation';

/** Deterministic rows (no RNG to match across languages) and a fixed model on them. */
function fixed(): { X: Matrix; y: Float64Array; f: (X: Matrix) => Float64Array } {
	const n = 2000;
	const p = 4;
	const data = new Float64Array(n * p);
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		data.set([Math.sin(i * 0.7), Math.cos(i * 1.3), Math.sin(i * 0.11 + 1), Math.cos(i * 0.37) * 2], i * p);
		y[i] = 3 * data[i * p] + data[i * p + 1] + 0.5 * Math.sin(i * 2.9);
	}
	const f = (X: Matrix) =>
		Float64Array.from({ length: X.rows }, (_, i) => 3 * X.data[i * p] + X.data[i * p + 1] + X.data[i * p] * X.data[i * p + 2]);
	return { X: { rows: n, cols: p, data }, y, f };
}

/*
 * scikit-learn 1.2.1 on the same rows and model:
 * /usr/bin/python3 -c "import numpy as np
 * from sklearn.base import BaseEstimator, RegressorMixin
 * from sklearn.inspection import permutation_importance, partial_dependence
 * n=2000; i=np.arange(n)
 * X=np.column_stack([np.sin(i*0.7), np.cos(i*1.3), np.sin(i*0.11+1), np.cos(i*0.37)*2])
 * y=3*X[:,0]+X[:,1]+0.5*np.sin(i*2.9)
 * class F(RegressorMixin, BaseEstimator):
 *     def fit(self,X,y): self.fitted_=True; return self
 *     def predict(self,X): return 3*X[:,0]+X[:,1]+X[:,0]*X[:,2]
 * m=F().fit(X,y); r=permutation_importance(m,X,y,n_repeats=10,random_state=0)
 * print(r.importances_mean.tolist()); print(r.importances_std.tolist())
 * pd=partial_dependence(m,X,[2],grid_resolution=5); print(pd['values'][0].tolist(), pd['average'][0].tolist())"
 */
const SK_MEAN = [1.7459895815180033, 0.19375507941904518, 0.0005202015164116003, 0];
const SK_STD = [0.047450279224065306, 0.006268571412981327, 0.001073259522152611, 0];
const SK_GRID = [-0.9878230198301026, -0.49394012475050464, -5.722967090671105e-5, 0.4938256654086912, 0.987708560488289];
const SK_PD = [0.0011324004872022364, 0.001445295163785583, 0.0017581898403689418, 0.002071084516952289, 0.00238397919353565];

describe('permutation importance', () => {
	it('agrees with scikit-learn on a fixed model (the shuffles differ, so to sampling error)', async () => {
		const { X, y, f } = fixed();
		const res = await permutationImportance((Xp) => r2(y, f(Xp)), X, { repeats: 10, seed: 0 });
		const means = res.features.map((r) => r.mean);
		// Same ranking; the means within a few standard errors of scikit-learn's.
		expect([...means.keys()].sort((a, b) => means[b] - means[a])).toEqual([0, 1, 2, 3]);
		means.forEach((m, j) => expect(Math.abs(m - SK_MEAN[j])).toBeLessThanOrEqual(4 * (SK_STD[j] / Math.sqrt(10)) + 0.004));
		res.features.forEach((r, j) => expect(r.std).toBeLessThanOrEqual(2 * SK_STD[j] + 0.002));
		expect(res.features[3]).toMatchObject({ mean: 0, std: 0, low: 0, high: 0 });
	});

	it('recovers the one informative feature among six (forest classifier, accuracy)', async () => {
		const random = createRandom(3);
		const n = 600;
		const p = 6;
		const data = Float64Array.from({ length: n * p }, () => random());
		const y = Int32Array.from({ length: n }, (_, i) => (data[i * p] > 0.5 ? 1 : 0));
		const train: Matrix = { rows: 400, cols: p, data: data.slice(0, 400 * p) };
		const test: Matrix = { rows: 200, cols: p, data: data.slice(400 * p) };
		const yTest = y.slice(400);
		const { state } = await fitForest(train, y.slice(0, 400), {
			classes: 2,
			criterion: 'gini',
			trees: 20,
			bootstrap: true,
			maxDepth: 0,
			minSamplesSplit: 2,
			minSamplesLeaf: 1,
			maxFeatures: 2,
			seed: 1
		});
		const codes = (X: Matrix) => {
			const proba = predictForestOutput(state, X);
			return Int32Array.from({ length: X.rows }, (_, i) => (proba[2 * i + 1] > proba[2 * i] ? 1 : 0));
		};
		const res = await permutationImportance((X) => accuracy(yTest, codes(X)), test, { repeats: 5, seed: 42 });
		expect(res.baseline).toBeGreaterThan(0.95);
		const [x0, ...noise] = res.features;
		expect(x0.mean).toBeGreaterThan(0.3);
		// The planted feature's interval lies above every noise feature's.
		for (const f of noise) {
			expect(x0.low).toBeGreaterThan(f.high);
			expect(Math.abs(f.mean)).toBeLessThan(0.05);
		}
		expect(x0.low).toBeLessThanOrEqual(x0.mean);
		expect(x0.high - x0.mean).toBeCloseTo(
			(tQuantile975(4) * Math.sqrt(x0.drops.reduce((a, d) => a + (d - x0.mean) ** 2, 0) / 4)) / Math.sqrt(5),
			12
		);
	});

	it('is seeded: the same seed gives the same drops', async () => {
		const { X, y, f } = fixed();
		const a = await permutationImportance((Xp) => r2(y, f(Xp)), X, { repeats: 3, seed: 5 });
		const b = await permutationImportance((Xp) => r2(y, f(Xp)), X, { repeats: 3, seed: 5 });
		expect(a).toEqual(b);
	});
});

describe('partial dependence (brute)', () => {
	it('matches scikit-learn: grid from the 5th–95th percentiles and the mean prediction', async () => {
		const { X, f } = fixed();
		const pd = await partialDependence(f, X, 2, { resolution: 5 });
		pd.grid.forEach((g, i) => expect(g).toBeCloseTo(SK_GRID[i], 12));
		Array.from(pd.average).forEach((v, i) => expect(v).toBeCloseTo(SK_PD[i], 12));
		// ICE: row i's curve is its own prediction with x2 replaced; their mean is the PD curve.
		expect(pd.ice.length).toBe(X.rows * 5);
		const x = X.data.subarray(0, 4);
		expect(pd.ice[3]).toBeCloseTo(3 * x[0] + x[1] + x[0] * SK_GRID[3], 12);
	});

	it('uses the distinct values when there are fewer than the resolution, skipping missing ones', () => {
		const X: Matrix = { rows: 5, cols: 1, data: Float64Array.from([2, NaN, 1, 2, 3]) };
		expect(percentileGrid(X, 0)).toEqual([1, 2, 3]);
	});
});

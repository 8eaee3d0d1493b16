import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import { fromRows, type Matrix } from '../matrix';
import { accuracyOf, r2Of, referenceSplit, type ReferenceSet } from '../reference/reference-data';
import { fitKnn, predictKnn, type KnnOptions } from './knn';
import { buildIndex, kNearest, type Metric } from './search';

const col = (...v: number[]) => fromRows(v.map((x) => [x]));
const uniform: KnnOptions = { k: 3, weights: 'uniform', metric: 'euclidean' };

describe('k nearest neighbours by hand', () => {
	it('votes and distance-weighted votes of the three nearest rows', async () => {
		// Distances from 1.4: 1.4, 0.4, 0.6, 1.6, 8.6 → rows 1 (class 0), 2 (class 1), 0 (class 0)
		const X = col(0, 1, 2, 3, 10);
		const y = [0, 0, 1, 1, 1];
		const u = await predictKnn(fitKnn(X, y, 'classification', 2, uniform), col(1.4));
		expect(Array.from(u.proba!)).toEqual([2 / 3, 1 / 3]);
		expect(Array.from(u.codes!)).toEqual([0]);
		const d = await predictKnn(fitKnn(X, y, 'classification', 2, { ...uniform, weights: 'distance' }), col(1.4));
		const w0 = 1 / 0.4 + 1 / 1.4;
		const w1 = 1 / 0.6;
		expect(d.proba![0]).toBeCloseTo(w0 / (w0 + w1), 12);
	});

	it('regression: mean, or 1/d-weighted mean; a row at distance 0 takes all the weight', async () => {
		const X = col(0, 1, 2, 3, 10);
		const y = [10, 20, 30, 40, 50];
		const u = await predictKnn(fitKnn(X, y, 'regression', 0, uniform), col(1.4, 10));
		expect(u.values![0]).toBeCloseTo((20 + 30 + 10) / 3, 12);
		const d = await predictKnn(fitKnn(X, y, 'regression', 0, { ...uniform, weights: 'distance' }), col(1.4, 10));
		expect(d.values![0]).toBeCloseTo((20 / 0.4 + 30 / 0.6 + 10 / 1.4) / (1 / 0.4 + 1 / 0.6 + 1 / 1.4), 12);
		expect(d.values![1]).toBe(50);
	});

	it('equal distances keep the lower training row; a split vote goes to the first class', async () => {
		const found = await kNearest(buildIndex(col(0, 2, 2, 4)), col(1), 2, 'euclidean');
		expect(Array.from(found.index)).toEqual([0, 1]);
		const p = await predictKnn(fitKnn(col(0, 2), [1, 0], 'classification', 2, { ...uniform, k: 2 }), col(1));
		expect(Array.from(p.proba!)).toEqual([0.5, 0.5]);
		expect(p.codes![0]).toBe(0);
	});

	it('manhattan and Minkowski distances', async () => {
		const X = fromRows([
			[0, 0],
			[3, 4]
		]);
		const q = fromRows([[0, 0]]);
		const idx = buildIndex(X);
		expect(Array.from((await kNearest(idx, q, 2, 'euclidean')).distance)).toEqual([0, 5]);
		expect(Array.from((await kNearest(idx, q, 2, 'manhattan')).distance)).toEqual([0, 7]);
		expect((await kNearest(idx, q, 2, 'minkowski', 3)).distance[1]).toBeCloseTo((27 + 64) ** (1 / 3), 12);
	});

	it('refuses k above the training rows, no rows, and a feature count that differs', async () => {
		expect(() => fitKnn(col(1, 2), [0, 1], 'classification', 2, uniform)).toThrow(/k = 3 but there are only 2 training rows/);
		expect(() => fitKnn({ rows: 0, cols: 1, data: new Float64Array(0) }, [], 'regression', 0, uniform)).toThrow(/no training rows/);
		const s = fitKnn(col(1, 2, 3), [0, 1, 1], 'classification', 2, uniform);
		await expect(predictKnn(s, fromRows([[1, 2]]))).rejects.toThrow(/2 features; the model was trained on 1/);
		expect(JSON.parse(JSON.stringify(s))).toEqual(s);
	});

	it('a constant feature changes no ranking', async () => {
		const X = fromRows([
			[0, 5],
			[1, 5],
			[4, 5]
		]);
		const found = await kNearest(buildIndex(X), fromRows([[0.9, 5]]), 3, 'euclidean');
		expect(Array.from(found.index)).toEqual([1, 0, 2]);
	});
});

/** Every distance, sorted by (distance, index): the oracle for the tiled search. */
function bruteForce(T: Matrix, Q: Matrix, k: number, dist: (a: Float64Array, b: Float64Array) => number): number[][] {
	const row = (m: Matrix, i: number) => m.data.subarray(i * m.cols, (i + 1) * m.cols);
	return Array.from({ length: Q.rows }, (_, i) =>
		Array.from({ length: T.rows }, (_, j) => [dist(row(Q, i), row(T, j)), j])
			.sort((a, b) => a[0] - b[0] || a[1] - b[1])
			.slice(0, k)
			.map((x) => x[1])
	);
}

describe('tiled search agrees with sorting every distance', () => {
	const random = createRandom(7);
	const mk = (rows: number, cols: number): Matrix => ({
		rows,
		cols,
		data: Float64Array.from({ length: rows * cols }, () => Math.round(random() * 8) / 4)
	});
	const cases: [Metric, number, number][] = [
		['euclidean', 2, 3],
		['manhattan', 1, 5],
		['minkowski', 3, 4],
		['euclidean', 2, 17]
	];
	for (const [metric, power, cols] of cases) {
		it(`${metric} (p=${power}) with ${cols} features, chunk and tile remainders`, async () => {
			// 1,030 training rows cross a chunk; 259 queries cross a query chunk and leave a partial tile.
			const T = mk(1030, cols);
			const Q = mk(259, cols);
			const found = await kNearest(buildIndex(T), Q, 6, metric, power);
			const dist = (a: Float64Array, b: Float64Array) => a.reduce((s, x, d) => s + Math.abs(x - b[d]) ** power, 0);
			const expected = bruteForce(T, Q, 6, dist);
			const got = Array.from({ length: Q.rows }, (_, i) => Array.from(found.index.subarray(i * 6, i * 6 + 6)));
			if (cols < 16) expect(got).toEqual(expected);
			else {
				// The dot-product kernel rounds; compare the distances it reports instead of tie order.
				for (let i = 0; i < Q.rows; i++)
					for (let j = 0; j < 6; j++)
						expect(found.distance[i * 6 + j]).toBeCloseTo(
							Math.sqrt(
								dist(Q.data.subarray(i * cols, (i + 1) * cols), T.data.subarray(expected[i][j] * cols, (expected[i][j] + 1) * cols))
							),
							9
						);
			}
		});
	}
});

// scikit-learn 1.2.1 figures, from Debian's Python in the repository root:
//   /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); from protocol import load
//   from sklearn.neighbors import KNeighborsClassifier as K
//   for n in ['iris','penguins','wine']:
//     Xtr,ytr,Xte,yte = load(n, standardise=True)
//     for w in ['uniform','distance']:
//       for m,p in [('minkowski',2),('manhattan',1),('minkowski',3)]:
//         print(n, w, m, p, K(n_neighbors=5, weights=w, metric=m, p=p).fit(Xtr,ytr).score(Xte,yte))"
// (algorithm='brute' gives the same figures.) Diabetes: KNeighborsRegressor, r2_score on the test rows.
const SKLEARN_KNN: Record<string, number> = {
	'iris uniform euclidean': 0.9459459459459459,
	'iris uniform manhattan': 0.9459459459459459,
	'iris uniform minkowski': 0.9459459459459459,
	'iris distance euclidean': 0.9459459459459459,
	'iris distance manhattan': 0.9459459459459459,
	'iris distance minkowski': 0.9459459459459459,
	'penguins uniform euclidean': 0.9647058823529412,
	'penguins uniform manhattan': 0.9647058823529412,
	'penguins uniform minkowski': 0.9647058823529412,
	'penguins distance euclidean': 0.9647058823529412,
	'penguins distance manhattan': 0.9647058823529412,
	'penguins distance minkowski': 0.9647058823529412,
	'wine uniform euclidean': 0.9318181818181818,
	'wine uniform manhattan': 0.9545454545454546,
	'wine uniform minkowski': 0.9545454545454546,
	'wine distance euclidean': 0.9318181818181818,
	'wine distance manhattan': 0.9545454545454546,
	'wine distance minkowski': 0.9772727272727273,
	'diabetes uniform euclidean': 0.32069670579026477,
	'diabetes uniform manhattan': 0.3466372947978843,
	'diabetes distance euclidean': 0.3241926642493318,
	'diabetes distance manhattan': 0.3487212922593015
};

describe('k-NN matches scikit-learn on the shared split protocol (k = 5, standardised)', () => {
	for (const [key, expected] of Object.entries(SKLEARN_KNN)) {
		const [set, weights, metric] = key.split(' ') as [ReferenceSet, 'uniform' | 'distance', Metric];
		it(key, async () => {
			const s = referenceSplit(set, { standardise: true });
			const opts: KnnOptions = { k: 5, weights, metric, power: metric === 'minkowski' ? 3 : 2 };
			const state = fitKnn(s.train, s.yTrain, s.task, s.classes.length, opts);
			const out = await predictKnn(state, s.test);
			const score = s.task === 'classification' ? accuracyOf(out.codes!, s.yTest) : r2Of(out.values!, s.yTest);
			expect(Math.abs(score - expected)).toBeLessThanOrEqual(0.02);
			expect(score).toBeCloseTo(expected, 10);
		});
	}
});

import { describe, expect, it } from 'vitest';
import { leastSquares } from './linalg';
import { fromRows } from './matrix';
import { fitLinear, predictLinear } from './models/linear';
import { penguins, relErr } from './testutil';

describe('leastSquares', () => {
	it('solves a square system exactly', async () => {
		const A = fromRows([
			[2, 1],
			[1, 3]
		]);
		const { x, rank } = leastSquares(A, Float64Array.from([3, 5]));
		expect(rank).toBe(2);
		expect(x[0]).toBeCloseTo(0.8, 12);
		expect(x[1]).toBeCloseTo(1.4, 12);
	});

	it('reports a dependent column instead of blowing up', async () => {
		const A = fromRows([
			[1, 2, 1],
			[2, 4, 0],
			[3, 6, 1],
			[4, 8, 5]
		]);
		const { rank, dependent } = leastSquares(A, Float64Array.from([1, 2, 3, 4]));
		expect(rank).toBe(2);
		expect(dependent).toHaveLength(1);
	});
});

describe('linear regression on penguins (Body Mass ~ beak length + beak depth + flipper length)', () => {
	// /usr/bin/python3: d = pd.read_csv('penguins.csv').dropna(subset=[the 4 numeric columns]);
	// np.linalg.lstsq(np.c_[X, np.ones(len(y))], y, rcond=None)[0]   (342 rows)
	const LSTSQ = [4.1618204704113575, 20.049533131443557, 50.269221638240523];
	const LSTSQ_INTERCEPT = -6424.764698098601;
	// sklearn.linear_model.Ridge(alpha=10.0).fit(X, y): coef_, intercept_
	const RIDGE = [4.204785086227549, 19.750536627322372, 50.22631046472067];
	const RIDGE_INTERCEPT = -6412.902139979493;

	it('matches numpy lstsq to 1e-6 relative', async () => {
		const { X, y } = penguins();
		expect(X.rows).toBe(342);
		const s = await fitLinear(X, y);
		expect(relErr(s.coef, LSTSQ)).toBeLessThan(1e-6);
		expect(relErr([s.intercept], [LSTSQ_INTERCEPT])).toBeLessThan(1e-6);
		const pred = predictLinear(s, X);
		expect(pred[0]).toBeCloseTo(s.intercept + s.coef[0] * X.data[0] + s.coef[1] * X.data[1] + s.coef[2] * X.data[2], 9);
	});

	it('matches sklearn Ridge(alpha=10) with an unpenalised intercept', async () => {
		const { X, y } = penguins();
		const s = await fitLinear(X, y, { alpha: 10 });
		expect(relErr(s.coef, RIDGE)).toBeLessThan(1e-6);
		expect(relErr([s.intercept], [RIDGE_INTERCEPT])).toBeLessThan(1e-6);
	});

	it('resolves a duplicated feature to the minimum-norm split, and ridge also works', async () => {
		const X = fromRows([
			[1, 2],
			[2, 4],
			[3, 6],
			[4, 8.0]
		]);
		const y = Float64Array.from([1, 2, 3, 5]);
		// sklearn: LinearRegression().fit(X, y) → coef [0.26, 0.52], intercept -0.5 (1.3 split as 1:2 by minimum norm)
		const s = await fitLinear(X, y);
		expect(s.coef[0]).toBeCloseTo(0.26, 10);
		expect(s.coef[1]).toBeCloseTo(0.52, 10);
		expect(s.intercept).toBeCloseTo(-0.5, 10);
		expect((await fitLinear(X, y, { alpha: 1 })).coef.every(Number.isFinite)).toBe(true);
	});
});

describe('fitLinear with collinear features', () => {
	it('returns the minimum-norm solution, as scikit-learn does', async () => {
		// Column 3 = column 1 + column 2. Reference, /usr/bin/python3 (sklearn 1.2):
		//   LinearRegression().fit(X, y) → coef [0.83547558, 0.39588689, 1.23136247, 0.50899743], intercept -0.39331620
		const X = fromRows([
			[1, 0, 1, 2],
			[0, 1, 1, 3],
			[1, 1, 2, 1],
			[2, 0, 2, 5],
			[0, 3, 3, 4],
			[1, 2, 3, 0]
		]);
		const state = await fitLinear(X, Float64Array.from([3, 2, 5, 6, 7, 4]));
		const expected = [0.83547558, 0.39588689, 1.23136247, 0.50899743];
		state.coef.forEach((c, j) => expect(c).toBeCloseTo(expected[j], 7));
		expect(state.intercept).toBeCloseTo(-0.3933162, 6);
	});
});

import { describe, expect, it } from 'vitest';
import { fromRows } from '../matrix';
import { referenceSplit, r2Of } from '../reference/reference-data';
import { vecRelErr } from '../testutil';
import { enetCoordinateDescent } from './coordinate-descent';
import { fitLinear, predictLinear, type LinearOptions } from './linear';
import { SKLEARN } from './linear-models.sklearn';

const diabetes = referenceSplit('diabetes', { standardise: true });
const fitDiabetes = (opts: LinearOptions) => fitLinear(diabetes.train, diabetes.yTrain as Float64Array, opts);
const r2 = (s: Awaited<ReturnType<typeof fitLinear>>) => r2Of(predictLinear(s, diabetes.test), diabetes.yTest);

describe('linear regression on diabetes vs scikit-learn', () => {
	it('no penalty and ridge match LinearRegression and Ridge(alpha=10)', async () => {
		const ols = await fitDiabetes({ penalty: 'none' });
		expect(vecRelErr(ols.coef, SKLEARN.diabetes_ols.coef as number[])).toBeLessThan(1e-8);
		const ridge = await fitDiabetes({ penalty: 'l2', alpha: 10 });
		expect(vecRelErr(ridge.coef, SKLEARN.diabetes_ridge10.coef as number[])).toBeLessThan(1e-8);
		expect(Math.abs(r2(ridge) - SKLEARN.diabetes_ridge10.score)).toBeLessThan(0.02);
	});

	it('lasso matches Lasso(alpha=1) to 1e-4, zeroes the same features, and reaches its R²', async () => {
		const tight = await fitDiabetes({ penalty: 'l1', alpha: 1, tol: 1e-10, maxIter: 100_000 });
		expect(tight.converged).toBe(true);
		expect(vecRelErr(tight.coef, SKLEARN.diabetes_lasso1_tight.coef as number[])).toBeLessThan(1e-4);
		expect(Math.abs(tight.intercept - (SKLEARN.diabetes_lasso1_tight.intercept as number))).toBeLessThan(1e-6);
		expect(tight.coef.map((c) => c === 0)).toEqual((SKLEARN.diabetes_lasso1_tight.coef as number[]).map((c) => c === 0));
		const dflt = await fitDiabetes({ penalty: 'l1', alpha: 1 });
		expect(vecRelErr(dflt.coef, SKLEARN.diabetes_lasso1.coef as number[])).toBeLessThan(1e-3);
		expect(Math.abs(r2(dflt) - SKLEARN.diabetes_lasso1.score)).toBeLessThan(0.02);
	});

	it('elastic net matches ElasticNet to 1e-4 and reaches its R²', async () => {
		const tight = await fitDiabetes({ penalty: 'elasticnet', alpha: 0.5, l1Ratio: 0.7, tol: 1e-10, maxIter: 100_000 });
		expect(vecRelErr(tight.coef, SKLEARN.diabetes_enet05_tight.coef as number[])).toBeLessThan(1e-4);
		const dflt = await fitDiabetes({ penalty: 'elasticnet', alpha: 1, l1Ratio: 0.5 });
		expect(vecRelErr(dflt.coef, SKLEARN.diabetes_enet1.coef as number[])).toBeLessThan(1e-3);
		expect(Math.abs(r2(dflt) - SKLEARN.diabetes_enet1.score)).toBeLessThan(0.02);
	});
});

describe('coordinate descent', () => {
	it('solves one feature by hand: soft-thresholding', async () => {
		// x = [1, -1], y = [2, -2] (centred already): Q = 2, q = 4, n = 2. Lasso alpha = 0.5:
		// minimise ½(2w² − 8w + 8) + n·alpha·|w| → w = (q − n·alpha)/Q = (4 − 1)/2 = 1.5.
		const res = await enetCoordinateDescent(
			{ gram: Float64Array.of(2), xty: Float64Array.of(4), yy: 8, n: 2, p: 1 },
			{ alpha: 0.5, l1Ratio: 1 }
		);
		expect(res.coef[0]).toBeCloseTo(1.5, 12);
		expect(res.converged).toBe(true);
		// Ridge part too: w = (q − n·a·r)/(Q + n·a·(1 − r)) = (4 − 0.5)/(2 + 0.5) = 1.4
		const en = await enetCoordinateDescent(
			{ gram: Float64Array.of(2), xty: Float64Array.of(4), yy: 8, n: 2, p: 1 },
			{ alpha: 0.5, l1Ratio: 0.5 }
		);
		expect(en.coef[0]).toBeCloseTo(1.4, 12);
	});

	it('a large alpha zeroes every coefficient and the intercept is the mean', async () => {
		const X = fromRows([
			[1, 2],
			[2, 1],
			[3, 5],
			[4, 3]
		]);
		const s = await fitLinear(X, Float64Array.of(1, 2, 3, 4), { penalty: 'l1', alpha: 100 });
		expect(s.coef).toEqual([0, 0]);
		expect(s.intercept).toBeCloseTo(2.5, 12);
	});

	it('a constant feature gets 0 and does not stop the others', async () => {
		const X = fromRows([
			[1, 7],
			[2, 7],
			[3, 7],
			[4, 7]
		]);
		const s = await fitLinear(X, Float64Array.of(2, 4, 6, 8), { penalty: 'elasticnet', alpha: 1e-6, tol: 1e-12 });
		expect(s.coef[1]).toBe(0);
		expect(s.coef[0]).toBeCloseTo(2, 4);
	});

	it('records the objective per sweep, never increasing', async () => {
		const loss: number[] = [];
		await fitDiabetes({ penalty: 'l1', alpha: 0.1, onIteration: (_, f) => loss.push(f) });
		expect(loss.length).toBeGreaterThan(1);
		for (let i = 1; i < loss.length; i++) expect(loss[i]).toBeLessThanOrEqual(loss[i - 1] + 1e-9);
	});

	it('an aborted signal stops after the current sweep, unconverged', async () => {
		const ctl = new AbortController();
		const s = await fitDiabetes({
			penalty: 'l1',
			alpha: 0.01,
			tol: 1e-14,
			signal: ctl.signal,
			onIteration: (it) => (it === 3 ? ctl.abort() : undefined)
		});
		expect(s.iterations).toBe(3);
		expect(s.converged).toBe(false);
	});

	it('refuses empty input and bad parameters by name', async () => {
		await expect(
			fitLinear({ rows: 0, cols: 2, data: new Float64Array(0) }, new Float64Array(0), { penalty: 'l1', alpha: 1 })
		).rejects.toThrow(/no training rows/);
		await expect(fitDiabetes({ penalty: 'elasticnet', alpha: 1, l1Ratio: 2 })).rejects.toThrow(/l1 ratio/);
		await expect(fitDiabetes({ penalty: 'l1', alpha: -1 })).rejects.toThrow(/alpha/);
	});
});

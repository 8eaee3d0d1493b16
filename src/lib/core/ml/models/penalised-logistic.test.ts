import { describe, expect, it } from 'vitest';
import { fromRows, takeRows } from '../matrix';
import { accuracyOf, referenceSplit, type ReferenceSet } from '../reference/reference-data';
import { vecRelErr } from '../testutil';
import { balancedClassWeights, rowWeights } from './class-weights';
import { SKLEARN } from './linear-models.sklearn';
import { fitLogistic, fitLogisticAsync, predictLogistic, type LogisticOptions } from './logistic';

const flat = (c: unknown) => (c as number[][]).flat();
const SAGA: LogisticOptions = { tol: 1e-8, maxIter: 10_000 };

describe.each<ReferenceSet>(['iris', 'penguins', 'wine'])('logistic regression on %s vs scikit-learn', (set) => {
	const d = referenceSplit(set, { standardise: true });
	const y = d.yTrain as Int32Array;
	const k = d.classes.length;
	const acc = (s: ReturnType<typeof fitLogistic>) => accuracyOf(predictLogistic(s, d.test), d.yTest);

	it('l2 (C=1): coefficients to 1e-3 and test accuracy within 0.02', () => {
		const s = fitLogistic(d.train, y, k);
		expect(vecRelErr(s.coef.flat(), flat(SKLEARN[`${set}_l2`].coef))).toBeLessThan(1e-3);
		expect(Math.abs(acc(s) - SKLEARN[`${set}_l2`].score)).toBeLessThanOrEqual(0.02);
	});

	it("l1 (C=1): the saga optimum's coefficients to 1e-3, its zeros, and its accuracy", () => {
		const s = fitLogistic(d.train, y, k, { ...SAGA, penalty: 'l1' });
		expect(s.converged).toBe(true);
		const ref = flat(SKLEARN[`${set}_l1`].coef);
		expect(vecRelErr(s.coef.flat(), ref)).toBeLessThan(1e-3);
		expect(s.coef.flat().map((c) => c === 0)).toEqual(ref.map((c) => c === 0));
		expect(Math.abs(acc(s) - SKLEARN[`${set}_l1`].score)).toBeLessThanOrEqual(0.02);
	});

	it('elastic net (C=0.5, l1 ratio 0.5): coefficients to 1e-3 and accuracy', () => {
		const s = fitLogistic(d.train, y, k, { ...SAGA, penalty: 'elasticnet', C: 0.5, l1Ratio: 0.5 });
		expect(vecRelErr(s.coef.flat(), flat(SKLEARN[`${set}_enet`].coef))).toBeLessThan(1e-3);
		expect(Math.abs(acc(s) - SKLEARN[`${set}_enet`].score)).toBeLessThanOrEqual(0.02);
	});
});

describe('class weights on an imbalanced task (penguins: Chinstrap, 51 of 257 training rows, vs the rest)', () => {
	const d = referenceSplit('penguins', { standardise: true });
	const yb = Int32Array.from(d.yTrain, (c) => (c === 1 ? 1 : 0));

	it("balanced weights are sklearn's n / (classes · count)", () => {
		expect(Array.from(balancedClassWeights(yb, 2))).toEqual([257 / (2 * 206), 257 / (2 * 51)]);
		expect(rowWeights(yb, 2, 'none')).toBeNull();
		expect(Array.from(rowWeights(Int32Array.of(0, 1, 1), 2, 'balanced', [1, 2, 0])!)).toEqual([1.5, 1.5, 0]);
		expect(() => rowWeights(yb, 2, 'none', [1])).toThrow(/1 weights for 257 rows/);
	});

	it('l2 with balanced class weights matches sklearn', () => {
		const s = fitLogistic(d.train, yb, 2, { classWeight: 'balanced', tol: 1e-10, maxIter: 10_000 });
		expect(
			vecRelErr(
				[...s.coef[0], ...s.intercept],
				[...flat(SKLEARN.chinstrap_bal_l2.coef), ...(SKLEARN.chinstrap_bal_l2.intercept as number[])]
			)
		).toBeLessThan(1e-3);
	});

	it('l1 with and without balanced class weights matches saga', () => {
		for (const [key, classWeight] of [
			['chinstrap_bal_l1', 'balanced'],
			['chinstrap_bin_l1', 'none']
		] as const) {
			const s = fitLogistic(d.train, yb, 2, { ...SAGA, penalty: 'l1', C: 0.5, classWeight });
			const ref = SKLEARN[key];
			expect(vecRelErr([...s.coef[0], ...s.intercept], [...flat(ref.coef), ...(ref.intercept as number[])])).toBeLessThan(1e-3);
		}
	});

	it('integer sample weights act as repeated rows', () => {
		const idx = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100, 101, 102, 103, 104];
		const X = takeRows(d.train, idx);
		const y = Int32Array.from(idx, (i) => yb[i] || (i % 3 === 0 ? 1 : 0));
		const weights = idx.map((_, t) => (t % 2) + 1);
		const dup = idx.flatMap((_, t) => (weights[t] === 2 ? [t, t] : [t]));
		const a = fitLogistic(X, y, 2, { sampleWeight: weights, tol: 1e-10, maxIter: 1000 });
		const b = fitLogistic(
			takeRows(X, dup),
			Int32Array.from(dup, (t) => y[t]),
			2,
			{ tol: 1e-10, maxIter: 1000 }
		);
		expect(vecRelErr(a.coef[0], b.coef[0])).toBeLessThan(1e-6);
	});
});

describe('logistic regression edge cases', () => {
	it('l1 with a huge penalty keeps only the intercepts: the log-odds of the class shares', () => {
		const X = fromRows([
			[1, 0],
			[2, 1],
			[3, 0],
			[4, 1]
		]);
		const s = fitLogistic(X, Int32Array.of(0, 1, 1, 1), 2, { penalty: 'l1', C: 1e-4, tol: 1e-12, maxIter: 1000 });
		expect(s.coef[0]).toEqual([0, 0]);
		expect(s.intercept[0]).toBeCloseTo(Math.log(3), 4);
	});

	it('a constant feature gets 0 under l1', () => {
		const X = fromRows([
			[1, 5],
			[2, 5],
			[3, 5],
			[4, 5],
			[5, 5],
			[6, 5]
		]);
		const s = fitLogistic(X, Int32Array.of(0, 0, 1, 0, 1, 1), 2, { penalty: 'l1', tol: 1e-10, maxIter: 1000 });
		expect(s.coef[0][1]).toBe(0);
		expect(s.coef[0][0]).toBeGreaterThan(0);
	});

	it('refuses empty input, one class and a bad l1 ratio', () => {
		expect(() => fitLogistic({ rows: 0, cols: 2, data: new Float64Array(0) }, new Int32Array(0), 2)).toThrow(/no training rows/);
		expect(() => fitLogistic(fromRows([[1]]), Int32Array.of(0), 1)).toThrow(/at least 2 classes/);
		expect(() => fitLogistic(fromRows([[1], [2]]), Int32Array.of(0, 1), 2, { penalty: 'elasticnet', l1Ratio: -1 })).toThrow(/l1 ratio/);
	});

	it('the async fit gives the same model and stops on an aborted signal with what it learnt', async () => {
		const d = referenceSplit('wine', { standardise: true });
		const y = d.yTrain as Int32Array;
		const sync = fitLogistic(d.train, y, 3, { penalty: 'l1' });
		const async = await fitLogisticAsync(d.train, y, 3, { penalty: 'l1' });
		expect(async).toEqual(sync);
		const ctl = new AbortController();
		const cut = await fitLogisticAsync(d.train, y, 3, {
			penalty: 'l1',
			signal: ctl.signal,
			onIteration: (it) => (it === 4 ? ctl.abort() : undefined)
		});
		expect(cut.iterations).toBe(4);
		expect(cut.converged).toBe(false);
	});
});

describe('validation curve', () => {
	it('reports the mean log-loss of the current coefficients on the validation rows', () => {
		const d = referenceSplit('iris', { standardise: true });
		const yTest = Int32Array.from(d.yTest);
		yTest[0] = -1; // a class the model never saw: left out of the mean
		const curve: number[] = [];
		const s = fitLogistic(d.train, d.yTrain as Int32Array, 3, {
			validation: { X: d.test, y: yTest },
			onIteration: (_, __, v) => curve.push(v!)
		});
		expect(curve).toHaveLength(s.iterations);
		// By hand for the final model: −mean log p(true class) over the other test rows.
		let sum = 0;
		for (let i = 1; i < d.test.rows; i++) {
			const z = [0, 1, 2].map((c) => s.intercept[c] + s.coef[c].reduce((a, w, j) => a + w * d.test.data[i * 4 + j], 0));
			sum += Math.log(z.reduce((a, v) => a + Math.exp(v), 0)) - z[yTest[i]];
		}
		expect(curve.at(-1)!).toBeCloseTo(sum / (d.test.rows - 1), 10);
	});
});

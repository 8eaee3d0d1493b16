import { describe, expect, it } from 'vitest';
import type { ComputePool } from '../lib/core/compute/pool';
import type { Matrix } from '../lib/core/ml/matrix';
import { fitLinear, type LinearOptions } from '../lib/core/ml/models/linear';
import { fitLogistic, fitLogisticAsync, type LogisticOptions } from '../lib/core/ml/models/logistic';
import { meanLogLoss } from '../lib/core/ml/models/logistic-objective';
import { createRandom } from '../lib/core/util/random';
import { threadPools } from './test-pools';

/**
 * Linear and logistic regression give the same coefficients, to the bit, on 1, 2 and 4
 * threads and with no pool at all: their passes over the rows add fixed chunks of rows in order.
 */
const threads = threadPools();

/** 30,011 × 9 rows (not a multiple of a chunk or of four), features of mixed scales, so another order of sums rounds differently. */
function problem(): { X: Matrix; y: Float64Array; labels: Int32Array } {
	const n = 30_011;
	const p = 9;
	const random = createRandom(23);
	const data = new Float64Array(n * p);
	const y = new Float64Array(n);
	const labels = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		let z = 0;
		for (let j = 0; j < p; j++) {
			const v = (random() * 2 - 1) * 10 ** (j % 4) + (j === 2 ? 50 : 0);
			data[i * p + j] = v;
			z += (v / 10 ** (j % 4)) * (j % 2 ? -0.7 : 0.5);
		}
		y[i] = 3 + z + (random() - 0.5);
		labels[i] = z + random() - 0.5 > 0 ? 1 : 0;
	}
	return { X: { rows: n, cols: p, data }, y, labels };
}

const { X, y, labels } = problem();
const counts = [2, 4];

describe('linear regression on the compute pool', () => {
	const cases: [string, LinearOptions][] = [
		['least squares', {}],
		['ridge', { penalty: 'l2', alpha: 10 }],
		['lasso', { penalty: 'l1', alpha: 0.05 }]
	];
	it.each(cases)('%s: the same coefficients on 1, 2 and 4 threads', async (_, opts) => {
		const one = await fitLinear(X, y, opts);
		for (const total of counts) expect(await fitLinear(X, y, { ...opts, pool: threads(total) })).toEqual(one);
		if (opts.penalty === 'l1') return; // lasso's optimum is checked against scikit-learn in penalised-linear.test.ts
		// And the optimum: the residuals are orthogonal to every centred column, up to alpha·w (ridge).
		const alpha = opts.alpha ?? 0;
		const { rows: n, cols: p, data } = X;
		const g = new Float64Array(p);
		const mean = new Float64Array(p);
		for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j] / n;
		let scale = 0;
		for (let i = 0; i < n; i++) {
			let r = y[i] - one.intercept;
			for (let j = 0; j < p; j++) r -= one.coef[j] * data[i * p + j];
			for (let j = 0; j < p; j++) g[j] += r * (data[i * p + j] - mean[j]);
			scale += Math.abs(r) * 1000;
		}
		for (let j = 0; j < p; j++) expect(Math.abs(g[j] - alpha * one.coef[j])).toBeLessThan(1e-9 * scale);
		expect(one.coef[0]).toBeCloseTo(0.5, 1);
	});
});

describe('logistic regression on the compute pool', () => {
	const cases: [string, LogisticOptions][] = [
		['L2', {}],
		['balanced class weights, L1', { penalty: 'l1', classWeight: 'balanced', C: 0.5 }]
	];
	it.each(cases)('%s: the same coefficients on 1, 2 and 4 threads as the synchronous fit', async (_, opts) => {
		const here = fitLogistic(X, labels, 2, opts);
		// A model that separates the planted classes (about 1 in 10 labels is flipped by the noise).
		let hit = 0;
		for (let i = 0; i < X.rows; i++) {
			let z = here.intercept[0];
			for (let j = 0; j < X.cols; j++) z += here.coef[0][j] * X.data[i * X.cols + j];
			if ((z > 0 ? 1 : 0) === labels[i]) hit++;
		}
		expect(hit / X.rows).toBeGreaterThan(0.85);
		expect(await fitLogisticAsync(X, labels, 2, opts)).toEqual(here);
		for (const total of counts) expect(await fitLogisticAsync(X, labels, 2, { ...opts, pool: threads(total) })).toEqual(here);
	});

	it('reports the same validation curve on 1, 2 and 4 threads, and the one meanLogLoss gives', async () => {
		const cut = 24_000;
		const train = { rows: cut, cols: X.cols, data: X.data.subarray(0, cut * X.cols) };
		const valid = { X: { rows: X.rows - cut, cols: X.cols, data: X.data.slice(cut * X.cols) }, y: labels.slice(cut) };
		valid.X.data[5 * X.cols + 2] = NaN; // a gap: skipped, as the node's validation rows allow
		valid.y[7] = -1; // a class not seen in training: skipped
		const curve = async (pool?: ComputePool) => {
			const points: [number, number][] = [];
			const state = await fitLogisticAsync(train, labels.subarray(0, cut), 2, {
				validation: valid,
				pool,
				onIteration: (_, f, v) => points.push([f, v ?? NaN])
			});
			return { state, points };
		};
		const one = await curve();
		expect(one.points.length).toBe(one.state.iterations);
		const w = Float64Array.from([...one.state.coef[0], one.state.intercept[0]]);
		expect(one.points.at(-1)![1]).toBeCloseTo(meanLogLoss(valid.X, valid.y, 2, w), 12);
		// At w = 0 every counted row costs log 2; the gap and the unknown class are not counted (else NaN or more).
		expect(meanLogLoss(valid.X, valid.y, 2, new Float64Array(X.cols + 1))).toBeCloseTo(Math.LN2, 12);
		// One row's loss by hand: log(1 + e^{-z}) for class 1, log(1 + e^{z}) for class 0.
		const row = { rows: 1, cols: X.cols, data: valid.X.data.slice(0, X.cols) };
		let z = w[X.cols];
		for (let j = 0; j < X.cols; j++) z += w[j] * row.data[j];
		const expected = Math.log1p(Math.exp(valid.y[0] === 1 ? -z : z));
		expect(meanLogLoss(row, valid.y.subarray(0, 1), 2, w)).toBeCloseTo(expected, 12);
		for (const total of counts) expect(await curve(threads(total))).toEqual(one);
	});
});

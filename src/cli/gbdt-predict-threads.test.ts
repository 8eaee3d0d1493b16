import { describe, expect, it } from 'vitest';
import type { Matrix } from '../lib/core/ml/matrix';
import { fitGbdt, type GbdtOptions } from '../lib/core/ml/trees/hist-gbdt';
import { POOL_FROM_ROWS, predictGbdt, predictGbdtOn, predictRaw } from '../lib/core/ml/trees/hist-predict';
import { compileTree } from '../lib/core/ml/trees/hist-tree';
import { predictRawOnPool } from '../lib/core/ml/trees/predict-kernels';
import { createRandom } from '../lib/core/util/random';
import { threadPools } from './test-pools';

/**
 * Scoring a booster on the compute pool (ml/trees/predict-kernels.ts): each row's raw score is
 * the baseline plus the trees' leaf values in tree order whichever thread walks it, so the
 * scores, probabilities and classes are the one-thread bits on 2 and 4 threads, for numeric
 * and categorical splits, missing values and category codes training never saw.
 */
const threads = threadPools();

/** rows × 6: four numbers (7% missing in two), a categorical feature of 5 codes, a rounded one; three classes. */
function synthetic(rows: number, seed: number, unseenCodes = false): { X: Matrix; y: Int32Array } {
	const cols = 6;
	const random = createRandom(seed);
	const data = new Float64Array(rows * cols);
	const y = new Int32Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < cols; j++) {
			let v = random() * 2 - 1;
			if (j === 4) v = Math.floor(random() * (unseenCodes ? 8 : 5));
			if (j === 5) v = Math.round(v * 3) / 3;
			if ((j === 1 || j === 2) && random() < 0.07) v = NaN;
			data[i * cols + j] = v;
			if (v === v) s += j === 4 ? (v % 3) - 1 : v * (j + 1) * (j % 2 ? -1 : 1);
		}
		y[i] = s > 1 ? 2 : s + random() > 0 ? 1 : 0;
	}
	return { X: { rows, cols, data }, y };
}

const options: GbdtOptions = {
	loss: 'multiclass',
	nClasses: 3,
	categorical: [false, false, false, false, true, false],
	learningRate: 0.1,
	maxIter: 30,
	maxLeafNodes: 31,
	maxDepth: 0,
	minSamplesLeaf: 20,
	l2: 0,
	maxBins: 255,
	earlyStopping: false,
	nIterNoChange: 10,
	tol: 1e-7,
	validationFraction: 0.1,
	subsample: 1,
	colsample: 1,
	seed: 5
};

const bits = (a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) =>
	Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

describe('gradient boosting scored on 1, 2 and 4 threads', () => {
	it('multiclass with categorical splits, missing values and unseen codes: the same raw scores, probabilities and classes', async () => {
		const train = synthetic(8_000, 21);
		const { state } = await fitGbdt(train.X, train.y, options);
		expect(state.trees.some((t) => t.categories.some((c) => c !== null))).toBe(true);
		expect(state.trees.some((t) => t.missingLeft.some((m) => m === 1))).toBe(true);
		// More rows than one block per thread, not a multiple of the block; codes 5..7 never seen.
		const { X } = synthetic(POOL_FROM_ROWS + 3_001, 22, true);
		const one = predictGbdt(state, X);
		const raw = predictRaw(state, X);
		for (const total of [2, 4]) {
			const pool = threads(total);
			expect(pool.threads).toBe(total);
			const onPool = await predictRawOnPool(pool, state.trees.map(compileTree), state.baseline, state.nBins, X);
			expect(bits(onPool)).toBe(bits(raw));
			const many = await predictGbdtOn(pool, state, X);
			expect(bits(many.proba!)).toBe(bits(one.proba!));
			expect(bits(many.codes!)).toBe(bits(one.codes!));
		}
		// The scores are the model's, not zeros both ways: every class is predicted, rows sum to 1.
		expect(new Set(one.codes).size).toBe(3);
		expect(one.proba![0] + one.proba![1] + one.proba![2]).toBeCloseTo(1, 12);
	}, 60_000);

	it('regression (one output): the same values; a few rows stay on this thread', async () => {
		const train = synthetic(6_000, 31);
		const yr = Float64Array.from({ length: train.X.rows }, (_, i) => train.X.data[i * 6] * 3 - (train.X.data[i * 6 + 3] > 0 ? 1 : 0));
		const { state } = await fitGbdt(train.X, yr, { ...options, loss: 'squared', nClasses: 1 });
		const { X } = synthetic(POOL_FROM_ROWS * 2, 32);
		const pool = threads(2);
		expect(bits((await predictGbdtOn(pool, state, X)).values!)).toBe(bits(predictGbdt(state, X).values!));
		const few: Matrix = { rows: 10, cols: 6, data: X.data.subarray(0, 60) };
		expect(bits((await predictGbdtOn(pool, state, few)).values!)).toBe(bits(predictGbdt(state, few).values!));
	}, 60_000);
});

import { describe, expect, it } from 'vitest';
import type { Matrix } from '../lib/core/ml/matrix';
import { predictDenseMlp } from '../lib/core/ml/dense/predict';
import { fitDenseMlp, type DenseMlpOptions } from '../lib/core/ml/dense/train';
import { createRandom } from '../lib/core/util/random';
import { threadPools } from './test-pools';

/**
 * The dense trainer's data-parallel batches give the same weights, to the bit, on 1, 2 and 4
 * threads (fixed 64-row chunks, gradients summed in chunk order), and the same model as the
 * unchunked trainer up to float32 rounding.
 */
const threads = threadPools();

/** 2,400 rows × 6 features; three classes by the planted scores x0 + x1 and x2 − x3, or a smooth target. */
function planted(rows: number, seed: number): { X: Matrix; classes: Int32Array; target: Float64Array } {
	const random = createRandom(seed);
	const p = 6;
	const data = Float64Array.from({ length: rows * p }, () => random() * 2 - 1);
	const classes = new Int32Array(rows);
	const target = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		const x = data.subarray(i * p, (i + 1) * p);
		classes[i] = x[0] + x[1] > 0.3 ? 2 : x[2] - x[3] > 0 ? 1 : 0;
		target[i] = Math.sin(2 * x[0]) + x[1] * x[2];
	}
	return { X: { rows, cols: p, data }, classes, target };
}

const maxDiff = (a: { kernel: number[] }[], b: { kernel: number[] }[]) =>
	Math.max(...a.flatMap((l, i) => l.kernel.map((w, j) => Math.abs(w - b[i].kernel[j]))));

describe('dense MLP on the compute pool', () => {
	const train = planted(2400, 1);
	const test = planted(600, 2);

	it('classification, batch 200 (chunks 64, 64, 64, 8): identical weights on 1, 2 and 4 threads, as good as without a pool', async () => {
		const opts: DenseMlpOptions = {
			task: 'classification',
			classes: 3,
			hidden: [32, 16],
			batchSize: 200,
			epochs: 8,
			learningRate: 0.01,
			seed: 3
		};
		const one = await fitDenseMlp(train.X, train.classes, { ...opts, pool: threads(1) });
		for (const total of [2, 4]) {
			const many = await fitDenseMlp(train.X, train.classes, { ...opts, pool: threads(total) });
			expect(many.layers).toEqual(one.layers);
			expect(many.history).toEqual(one.history);
		}
		const plain = await fitDenseMlp(train.X, train.classes, opts);
		// The same steps in another summation order: float32 rounding apart, no more.
		expect(maxDiff(one.layers, plain.layers)).toBeLessThan(1e-3);
		const accuracy = (state: typeof one) => {
			const proba = predictDenseMlp(state, test.X);
			let hit = 0;
			for (let i = 0; i < test.X.rows; i++) {
				let best = 0;
				for (let c = 1; c < 3; c++) if (proba[i * 3 + c] > proba[i * 3 + best]) best = c;
				if (best === test.classes[i]) hit++;
			}
			return hit / test.X.rows;
		};
		expect(accuracy(one)).toBeGreaterThan(0.85);
		expect(Math.abs(accuracy(one) - accuracy(plain))).toBeLessThan(0.02);
	});

	it('regression, batch 130 (chunks 64, 64, 2) with L2: identical weights on 1 and 2 threads; a small batch stays unchunked', async () => {
		const opts: DenseMlpOptions = { task: 'regression', hidden: [16], batchSize: 130, epochs: 4, learningRate: 0.01, l2: 1e-3, seed: 7 };
		const one = await fitDenseMlp(train.X, train.target, { ...opts, pool: threads(1) });
		const two = await fitDenseMlp(train.X, train.target, { ...opts, pool: threads(2) });
		expect(two.layers).toEqual(one.layers);
		expect(one.history.loss[3]).toBeLessThan(one.history.loss[0]);
		// Below two chunks a batch is not split: with or without a pool, the same bits.
		const small = { ...opts, batchSize: 100 };
		expect((await fitDenseMlp(train.X, train.target, { ...small, pool: threads(2) })).layers).toEqual(
			(await fitDenseMlp(train.X, train.target, small)).layers
		);
	});
});

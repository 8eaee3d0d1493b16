import { describe, expect, it } from 'vitest';
import type { Matrix } from '../lib/core/ml/matrix';
import { fitKnn, predictKnn } from '../lib/core/ml/neighbours/knn';
import { buildIndex, kNearest } from '../lib/core/ml/neighbours/search';
import { createRandom } from '../lib/core/util/random';
import { threadPools } from './test-pools';

/**
 * The GEMM k-NN search gives the same neighbours and distances, to the bit, on 1, 2 and 4
 * threads, and the same as the exact float64 search: each thread owns whole blocks of queries.
 */
const threads = threadPools();

/** Small integers (many exact ties) or real values; a few missing and non-finite cells. */
function data(rows: number, cols: number, seed: number, kind: 'ties' | 'real'): Matrix {
	const random = createRandom(seed);
	const d = new Float64Array(rows * cols);
	for (let i = 0; i < d.length; i++) d[i] = kind === 'ties' ? Math.floor(random() * 3) : random() + random() - 1;
	return { rows, cols, data: d };
}

describe('k-NN search on the compute pool', () => {
	it('1, 2 and 4 threads: identical indices and distances, equal to the exact search (ragged blocks, ties, NaN)', async () => {
		// 2,600 training rows (two full 1,024-row blocks and a ragged one); 1,100 queries: four full
		// 256-query blocks and a ragged one, so threads get unequal block counts.
		for (const kind of ['ties', 'real'] as const) {
			const train = data(2600, 7, 1, kind);
			const queries = data(1100, 7, 2, kind);
			train.data[5 * 7 + 3] = NaN;
			queries.data[300 * 7 + 1] = NaN;
			queries.data[700 * 7] = Infinity;
			const index = buildIndex(train);
			const exact = await kNearest(index, queries, 6, 'euclidean', 2, 'exact');
			const one = await kNearest(index, queries, 6, 'euclidean', 2, 'auto', threads(1));
			expect(Array.from(one.index)).toEqual(Array.from(exact.index));
			for (let i = 0; i < exact.distance.length; i++)
				if (Number.isNaN(exact.distance[i])) expect(one.distance[i]).toBeNaN();
				else expect(Math.abs(one.distance[i] - exact.distance[i])).toBeLessThanOrEqual(1e-9);
			for (const total of [2, 4]) {
				const pool = threads(total);
				expect(pool.threads).toBe(total);
				const many = await kNearest(index, queries, 6, 'euclidean', 2, 'auto', pool);
				expect(many.index).toEqual(one.index);
				expect(many.distance).toEqual(one.distance);
			}
		}
	});

	it('predictKnn with a pool: the same class shares as without one', async () => {
		const train = data(3000, 5, 3, 'real');
		const y = Array.from({ length: train.rows }, (_, i) => (train.data[i * 5] + train.data[i * 5 + 1] > 0 ? 1 : 0));
		const state = fitKnn(train, y, 'classification', 2, { k: 7, weights: 'distance', metric: 'euclidean' });
		const queries = data(600, 5, 4, 'real');
		const alone = await predictKnn(state, queries);
		const pooled = await predictKnn(state, queries, threads(2));
		expect(pooled.proba).toEqual(alone.proba);
		expect(pooled.codes).toEqual(alone.codes);
		// The planted rule is learnable: far better than a coin.
		let hit = 0;
		for (let i = 0; i < queries.rows; i++) if (alone.codes![i] === (queries.data[i * 5] + queries.data[i * 5 + 1] > 0 ? 1 : 0)) hit++;
		expect(hit / queries.rows).toBeGreaterThan(0.9);
	});
});

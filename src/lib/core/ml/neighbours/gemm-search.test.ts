import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import type { Matrix } from '../matrix';
import { buildIndex, kNearest, type SearchEngine } from './search';

/** Rows of small integers (many exact ties and duplicate rows), or Gaussian-ish values, shifted. */
function data(rows: number, cols: number, seed: number, kind: 'ties' | 'real', shift = 0): Matrix {
	const random = createRandom(seed);
	const d = new Float64Array(rows * cols);
	for (let i = 0; i < d.length; i++) d[i] = shift + (kind === 'ties' ? Math.floor(random() * 3) : random() + random() - 1);
	return { rows, cols, data: d };
}

async function expectSame(train: Matrix, queries: Matrix, k: number, engine: SearchEngine): Promise<void> {
	const index = buildIndex(train);
	const exact = await kNearest(index, queries, k, 'euclidean', 2, 'exact');
	const fast = await kNearest(index, queries, k, 'euclidean', 2, engine);
	expect(Array.from(fast.index)).toEqual(Array.from(exact.index));
	for (let i = 0; i < exact.distance.length; i++) {
		if (Number.isNaN(exact.distance[i])) expect(fast.distance[i]).toBeNaN();
		else expect(Math.abs(fast.distance[i] - exact.distance[i])).toBeLessThanOrEqual(1e-9);
	}
}

describe.each<SearchEngine>(['wasm', 'js'])('blocked GEMM k-NN search (%s) equals the exact search', (engine) => {
	it('integer data full of ties: lower training index first, at odd block edges', async () => {
		// 2,501 training rows: two full 1,024-row blocks and a ragged one; 300 queries: a full
		// 256-query block and a ragged one; 3 and 17 features: ragged GEMM tiles either way.
		for (const cols of [3, 17])
			for (const k of [1, 5, 30]) await expectSame(data(2501, cols, cols, 'ties'), data(300, cols, 100 + cols, 'ties'), k, engine);
	});

	it('real-valued data, also far from the origin and with k near the number of rows', async () => {
		await expectSame(data(1500, 20, 1, 'real'), data(257, 20, 2, 'real'), 5, engine);
		await expectSame(data(1500, 20, 3, 'real', 1e6), data(65, 20, 4, 'real', 1e6), 7, engine);
		await expectSame(data(13, 4, 5, 'real'), data(9, 4, 6, 'real'), 13, engine);
		await expectSame(data(13, 4, 7, 'ties'), data(9, 4, 8, 'ties'), 12, engine);
	});

	it('missing values and values too large for float32 go the exact way', async () => {
		const train = data(600, 5, 9, 'real');
		const queries = data(40, 5, 10, 'real');
		train.data[7 * 5 + 2] = NaN;
		train.data[11 * 5] = Infinity;
		queries.data[3 * 5 + 1] = NaN;
		queries.data[4 * 5] = 1e25;
		queries.data[5 * 5] = -Infinity;
		await expectSame(train, queries, 4, engine);
		// A huge but finite training row would overflow float32: the whole search runs exactly.
		train.data[20 * 5] = 1e20;
		await expectSame(train, queries, 4, engine);
		// Fewer finite training rows than k: the rest come back as −1 / NaN, as before.
		const few = data(6, 2, 11, 'real');
		few.data[0] = NaN;
		few.data[5] = NaN;
		await expectSame(few, data(5, 2, 12, 'real'), 6, engine);
	});
});

import { describe, expect, it } from 'vitest';
import { createRandom } from '../../util/random';
import type { Matrix } from '../matrix';
import { CentreAssigner } from './assign';
import { kmeans } from './kmeans';

function data(rows: number, cols: number, seed: number, kind: 'ties' | 'real', shift = 0): Matrix {
	const random = createRandom(seed);
	const d = new Float64Array(rows * cols);
	for (let i = 0; i < d.length; i++) d[i] = shift + (kind === 'ties' ? Math.floor(random() * 3) : random() + random() - 1);
	return { rows, cols, data: d };
}

/** Centres picked from the rows themselves (so rows sit exactly on them), one duplicated: exact ties. */
function centresFrom(x: Matrix, k: number, seed: number): Float64Array {
	const random = createRandom(seed);
	const p = x.cols;
	const c = new Float64Array(k * p);
	for (let j = 0; j < k; j++) {
		const row = Math.floor(random() * x.rows);
		c.set(x.data.subarray(row * p, row * p + p), j * p);
	}
	if (k > 2) c.copyWithin((k - 1) * p, 0, p);
	return c;
}

describe.each(['wasm', 'js'] as const)('k-means assignment through the GEMM kernels (%s)', (engine) => {
	it('labels equal the float64 loop, ties to the lower centre, at odd block edges', () => {
		// 4,099 rows: two full 2,048-row blocks and a ragged one; 3, 5 and 8 centres: ragged GEMM tiles.
		for (const [kind, cols] of [
			['ties', 3],
			['ties', 17],
			['real', 20]
		] as const)
			for (const k of [1, 3, 5, 8]) {
				const x = data(4099, cols, cols + k, kind);
				const centres = centresFrom(x, k, k);
				const exact = new Int32Array(x.rows).fill(-1);
				const fast = new Int32Array(x.rows).fill(-1);
				new CentreAssigner(x, k, 'exact').assign(centres, exact);
				expect(new CentreAssigner(x, k, engine).assign(centres, fast)).toBe(true);
				expect(Array.from(fast)).toEqual(Array.from(exact));
			}
	});

	it('missing values, data far from the origin and centres too large for float32', () => {
		const x = data(700, 6, 1, 'real', 1e5);
		x.data[5 * 6 + 2] = NaN;
		x.data[9 * 6] = Infinity;
		const centres = centresFrom(x, 4, 2);
		for (const c of [centres, Float64Array.from(centres, (v, i) => (i === 0 ? 1e20 : v))]) {
			const exact = new Int32Array(x.rows);
			const fast = new Int32Array(x.rows);
			new CentreAssigner(x, 4, 'exact').assign(c, exact);
			new CentreAssigner(x, 4, engine).assign(c, fast);
			expect(Array.from(fast)).toEqual(Array.from(exact));
		}
	});

	it('whole k-means runs are identical: centres, labels, inertia, iterations', async () => {
		for (const [x, k] of [
			[data(3001, 4, 3, 'ties'), 6],
			[data(2500, 20, 4, 'real'), 8],
			[data(40, 2, 5, 'ties'), 12]
		] as const) {
			const exact = await kmeans(x, { k, nInit: 3, seed: 7, engine: 'exact' });
			const fast = await kmeans(x, { k, nInit: 3, seed: 7, engine });
			expect(Array.from(fast.labels)).toEqual(Array.from(exact.labels));
			expect(Array.from(fast.centres)).toEqual(Array.from(exact.centres));
			expect(fast.inertia).toBe(exact.inertia);
			expect(fast.iterations).toBe(exact.iterations);
		}
	});
});

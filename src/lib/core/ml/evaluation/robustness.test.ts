import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { addNoise, columnStats, gaussianField, injectMissing, parseLevels, pickCells, stressTest } from './robustness';

/** y = 3·x0 (x1 is noise the "model" ignores); the model predicts 3·x0, scored by −MSE. */
function planted(n: number): { X: Matrix; y: Float64Array } {
	const random = createRandom(1);
	const X: Matrix = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => random() * 10) };
	const y = Float64Array.from({ length: n }, (_, i) => 3 * X.data[i * 2]);
	return { X, y };
}

describe('robustness helpers', () => {
	it('parses, sorts and deduplicates level lists, naming the param on bad input', () => {
		expect(parseLevels('0.5, 0.05 0.1,0.1', 'Noise levels', 100)).toEqual([0.05, 0.1, 0.5]);
		expect(parseLevels('  ', 'Noise levels', 100)).toEqual([]);
		expect(() => parseLevels('0.1, x', 'Noise levels', 100)).toThrow(/^Noise levels: "x"/);
		expect(() => parseLevels('1.5', 'Missing rates', 1)).toThrow(/Missing rates: "1.5".*at most 1/);
		expect(() => parseLevels('-0.1', 'Missing rates', 1)).toThrow(/above 0/);
	});

	it('column stats skip missing cells; Gaussian draws have mean 0 and variance 1', () => {
		const s = columnStats({ rows: 3, cols: 1, data: Float64Array.of(1, NaN, 3) });
		expect(Array.from(s.mean)).toEqual([2]);
		expect(Array.from(s.std)).toEqual([1]);
		const z = gaussianField(createRandom(5), 20_001);
		const zs = columnStats({ rows: z.length, cols: 1, data: z });
		expect(Math.abs(zs.mean[0])).toBeLessThan(0.03);
		expect(zs.std[0]).toBeCloseTo(1, 1);
	});

	it('noise touches numeric columns only and scales with the level; missing sets nest across rates', () => {
		const X: Matrix = { rows: 2, cols: 2, data: Float64Array.of(0, 1, 2, 0) };
		const z = Float64Array.of(1, 1, -1, 1);
		const noisy = addNoise(X, z, 0.5, Float64Array.of(2, 1), [true, false]);
		expect(Array.from(noisy.data)).toEqual([1, 1, 1, 0]);
		const small = pickCells(createRandom(9), 100, 10);
		const large = pickCells(createRandom(9), 100, 40);
		expect(new Set(small).size).toBe(10);
		expect(Array.from(large.subarray(0, 10))).toEqual(Array.from(small));
		expect(Array.from(injectMissing(X, Uint32Array.of(1, 2), Float64Array.of(7, 8)).data)).toEqual([0, 8, 7, 0]);
		expect(injectMissing(X, Uint32Array.of(3), null).data[3]).toBeNaN();
	});

	it('scores every scenario in order, repeats exactly, and finds the planted feature', async () => {
		const { X, y } = planted(300);
		const score = async (M: Matrix) => {
			let sse = 0;
			for (let i = 0; i < M.rows; i++) {
				const x = M.data[i * 2];
				sse += ((x === x ? 3 * x : 15) - y[i]) ** 2;
			}
			const mse = sse / M.rows;
			return { metrics: [mse], primary: -mse };
		};
		const o = { noise: [0.05, 0.5], missing: [0.1, 0.3], shuffle: true, repeats: 3, seed: 2, numeric: [true, true], fill: null };
		const a = await stressTest(score, X, o);
		expect(a.map((s) => s.kind)).toEqual(['baseline', 'noise', 'noise', 'missing', 'missing', 'shuffle']);
		expect(a[0].metrics).toEqual([0]);
		expect(a[2].metrics[0]).toBeGreaterThan(a[1].metrics[0]);
		// Same draws scaled: MSE grows with the square of the level.
		expect(a[2].metrics[0] / a[1].metrics[0]).toBeCloseTo(100, 6);
		expect(a[4].metrics[0]).toBeGreaterThan(a[3].metrics[0]);
		expect(a[5].level).toBe(0);
		expect(a[5].metrics[0]).toBeGreaterThan(0);
		expect(await stressTest(score, X, o)).toEqual(a);
	});
});

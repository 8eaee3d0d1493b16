import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { coalitions, kernelShap } from './kernel-shap';

/** rows × cols uniform on [-2, 2), seeded. */
function randomMatrix(rows: number, cols: number, seed: number): Matrix {
	const random = createRandom(seed);
	return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => 4 * random() - 2) };
}

/** A row-wise function as an OutputFn: rows × outputs. */
const rowwise = (g: (x: Float64Array) => number[]) => (X: Matrix) => {
	const out: number[] = [];
	for (let i = 0; i < X.rows; i++) out.push(...g(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
	return Float64Array.from(out);
};

/**
 * Exact Shapley values of the interventional value function v(S) = mean_b g(x_S, b_rest),
 * by the definition: Σ_S |S|!(M−|S|−1)!/M! (v(S ∪ j) − v(S)), over all 2^M subsets.
 */
function bruteShapley(g: (x: Float64Array) => number, x: ArrayLike<number>, bg: Matrix): number[] {
	const M = bg.cols;
	const v = new Float64Array(1 << M);
	const z = new Float64Array(M);
	for (let s = 0; s < 1 << M; s++) {
		let sum = 0;
		for (let b = 0; b < bg.rows; b++) {
			for (let j = 0; j < M; j++) z[j] = (s >>> j) & 1 ? x[j] : bg.data[b * M + j];
			sum += g(z);
		}
		v[s] = sum / bg.rows;
	}
	const fact = [1];
	for (let i = 1; i <= M; i++) fact.push(fact[i - 1] * i);
	const phi = new Array<number>(M).fill(0);
	for (let s = 0; s < 1 << M; s++) {
		let size = 0;
		for (let j = 0; j < M; j++) size += (s >>> j) & 1;
		if (size === M) continue;
		const w = (fact[size] * fact[M - size - 1]) / fact[M];
		for (let j = 0; j < M; j++) if (!((s >>> j) & 1)) phi[j] += w * (v[s | (1 << j)] - v[s]);
	}
	return phi;
}

const row = (X: Matrix, i: number) => X.data.subarray(i * X.cols, (i + 1) * X.cols);

describe('KernelSHAP coalitions', () => {
	it('enumerates all 2^M − 2 proper coalitions when the budget allows, weighted by the Shapley kernel', () => {
		const M = 6;
		const c = coalitions(M, 2 * M + 2048, createRandom(0));
		expect(c.exact).toBe(true);
		expect(c.masks.length).toBe(62);
		expect(new Set(c.masks.map((m) => m.join(''))).size).toBe(62);
		// Kernel weight (M − 1) / (C(M, s) s (M − s)), up to one common factor.
		const kernel = (s: number) => (M - 1) / ([1, 6, 15, 20, 15, 6, 1][s] * s * (M - s));
		const ratio = c.masks.map((m, i) => c.weights[i] / kernel(m.reduce((a, b) => a + b, 0)));
		for (const r of ratio) expect(r).toBeCloseTo(ratio[0], 12);
	});

	it('samples within the budget once 2^M − 2 exceeds it, pairing each coalition with its complement', () => {
		const M = 14;
		const c = coalitions(M, 2 * M + 2048, createRandom(1));
		expect(c.exact).toBe(false);
		expect(c.masks.length).toBe(2076);
		const keys = new Set(c.masks.map((m) => m.join('')));
		expect(keys.size).toBe(2076);
		// Weights ∝ 13 / (s (14 − s)), doubled for the paired sizes 1..6: size 1 gets 0.339 of
		// the weight and 2076 × 0.339 / 28 ≥ 1, so it is enumerated; then size 2 (with
		// 2048 left, × 0.277 / 182 = 3.1 ≥ 1) too, but not size 3 (1866 × 0.279 / 728 = 0.72):
		// 2 × (14 + 91) = 210 enumerated coalitions, the other 1866 sampled from sizes 3..11.
		const sizes = c.masks.map((m) => m.reduce((a, b) => a + b, 0));
		expect(sizes.filter((s) => s <= 2 || s >= 12).length).toBe(210);
		expect(sizes.filter((s) => s > 2 && s < 12).length).toBe(1866);
	});
});

describe('kernelShap', () => {
	it('a linear model: w_i (x_i − mean of the background), to 1e-9, for each output', async () => {
		const bg = randomMatrix(30, 5, 1);
		const X = randomMatrix(8, 5, 2);
		const w = [1.5, -2, 0.25, 3, -0.75];
		const w2 = [0.1, 0.2, -0.3, 0.4, 0.5];
		const f = rowwise((x) => [0.7 + w.reduce((a, wi, j) => a + wi * x[j], 0), -1 + w2.reduce((a, wi, j) => a + wi * x[j], 0)]);
		const res = await kernelShap(f, X, { background: bg });
		expect(res.exact).toBe(true);
		expect(res.coalitions).toBe(30);
		expect(res.outputs).toBe(2);
		const mean = Array.from(
			{ length: 5 },
			(_, j) => Array.from({ length: 30 }, (_, b) => bg.data[b * 5 + j]).reduce((a, v) => a + v, 0) / 30
		);
		for (let i = 0; i < X.rows; i++)
			for (let j = 0; j < 5; j++) {
				expect(Math.abs(res.values[(i * 5 + j) * 2] - w[j] * (X.data[i * 5 + j] - mean[j]))).toBeLessThan(1e-9);
				expect(Math.abs(res.values[(i * 5 + j) * 2 + 1] - w2[j] * (X.data[i * 5 + j] - mean[j]))).toBeLessThan(1e-9);
			}
	});

	const g4 = (x: Float64Array) => x[0] * x[1] + Math.sin(x[2]) + 0.5 * x[3] * x[3] * x[0];

	it('x0·x1 + sin(x2) + x0·x3²/2: the brute-force interventional Shapley values, to 1e-8', async () => {
		const bg = randomMatrix(12, 4, 3);
		const X = randomMatrix(6, 4, 4);
		const res = await kernelShap(
			rowwise((x) => [g4(x)]),
			X,
			{ background: bg }
		);
		for (let i = 0; i < X.rows; i++) {
			const exact = bruteShapley(g4, row(X, i), bg);
			for (let j = 0; j < 4; j++) expect(Math.abs(res.values[i * 4 + j] - exact[j])).toBeLessThan(1e-8);
		}
	});

	// M = 14 samples 2076 of the 16382 coalitions.
	const g14 = (x: Float64Array) =>
		x[0] * x[1] + Math.sin(x[2]) + x[3] * x[4] * x[5] + 0.3 * x[6] * x[6] + x.subarray(7).reduce((a, v, j) => a + (j - 3) * 0.2 * v, 0);

	it('sampled at M = 14: within 0.05 of the spread of the exact values; values + E[f] = f(x) to 1e-9', async () => {
		const bg = randomMatrix(10, 14, 5);
		const X = randomMatrix(4, 14, 6);
		const f = rowwise((x) => [g14(x)]);
		const res = await kernelShap(f, X, { background: bg, seed: 3 });
		expect(res.exact).toBe(false);
		expect(res.coalitions).toBe(2076);
		let worst = 0;
		for (let i = 0; i < X.rows; i++) {
			const exact = bruteShapley(g14, row(X, i), bg);
			const spread = Math.max(...exact) - Math.min(...exact);
			for (let j = 0; j < 14; j++) worst = Math.max(worst, Math.abs(res.values[i * 14 + j] - exact[j]) / spread);
			const sum = res.values.subarray(i * 14, (i + 1) * 14).reduce((a, v) => a + v, res.expected[0]);
			expect(Math.abs(sum - g14(row(X, i)))).toBeLessThan(1e-9);
		}
		expect(worst).toBeLessThan(0.05);
		// The sampled estimate is not the exact value by accident.
		expect(worst).toBeGreaterThan(1e-6);
	});

	it('the same seed gives the same values; another seed other values', async () => {
		const bg = randomMatrix(10, 14, 5);
		const X = randomMatrix(2, 14, 6);
		const f = rowwise((x) => [g14(x)]);
		const a = await kernelShap(f, X, { background: bg, seed: 7 });
		const b = await kernelShap(f, X, { background: bg, seed: 7 });
		const c = await kernelShap(f, X, { background: bg, seed: 8 });
		expect(Array.from(a.values)).toEqual(Array.from(b.values));
		expect(Array.from(a.values)).not.toEqual(Array.from(c.values));
	});

	it('one async predict call per explained row plus two; a feature equal to every background value gets 0', async () => {
		const bg = randomMatrix(5, 4, 9);
		for (let b = 0; b < 5; b++) bg.data[b * 4 + 2] = 1;
		const X = randomMatrix(3, 4, 10);
		X.data[0 * 4 + 2] = 1; // row 0 matches the background on feature 2
		let calls = 0;
		const f = async (Xp: Matrix) => {
			calls++;
			await Promise.resolve();
			return rowwise((x) => [g4(x)])(Xp);
		};
		const res = await kernelShap(f, X, { background: bg });
		expect(calls).toBe(2 + 3);
		expect(res.values[0 * 4 + 2]).toBe(0);
		const exact = bruteShapley(g4, row(X, 0), bg);
		for (let j = 0; j < 4; j++) expect(Math.abs(res.values[j] - exact[j])).toBeLessThan(1e-8);
		for (let i = 0; i < 3; i++)
			expect(Math.abs(res.values.subarray(i * 4, i * 4 + 4).reduce((a, v) => a + v, res.expected[0]) - res.predictions[i])).toBeLessThan(
				1e-9
			);
	});

	it('stops between rows once the signal is aborted', async () => {
		const controller = new AbortController();
		const X = randomMatrix(5, 3, 11);
		const run = kernelShap(
			rowwise((x) => [x[0] * x[1] + x[2]]),
			X,
			{
				background: randomMatrix(4, 3, 12),
				signal: controller.signal,
				onRow: (done) => done === 2 && controller.abort()
			}
		);
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
	});
});

import { describe, expect, it } from 'vitest';
import type { Matrix } from '../matrix';
import { fromRows } from '../matrix';
import { averagePathLength, fitIsolationForest, percentile, scoreSamples } from './isolation-forest';
import { plantedOutliers, SKLEARN_SCORES_500 } from './isolation-forest.fixture';

/** Spearman's rho with average ranks for ties. */
function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const rank = (v: ArrayLike<number>) => {
		const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
		const r = new Array<number>(v.length);
		for (let i = 0; i < idx.length;) {
			let j = i;
			while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
			for (let m = i; m <= j; m++) r[idx[m]] = (i + j) / 2;
			i = j + 1;
		}
		return r;
	};
	const ra = rank(a);
	const rb = rank(b);
	const mean = (ra.length - 1) / 2;
	let num = 0,
		da = 0,
		db = 0;
	for (let i = 0; i < ra.length; i++) {
		num += (ra[i] - mean) * (rb[i] - mean);
		da += (ra[i] - mean) ** 2;
		db += (rb[i] - mean) ** 2;
	}
	return num / Math.sqrt(da * db);
}

const X: Matrix = fromRows(plantedOutliers());
const PLANTED = Array.from({ length: 15 }, (_, j) => 300 + j);

describe('isolation forest', () => {
	it('c(n) matches sklearn _average_path_length and the harmonic-number formula', () => {
		// /usr/bin/python3: sklearn.ensemble._iforest._average_path_length([n]) for n = 1, 2, 3, 10, 256, 100000
		const sk: [number, number][] = [
			[1, 0],
			[2, 1],
			[3, 1.207392357589623],
			[10, 3.748880484475504],
			[256, 10.244770920119917],
			[100000, 22.180282259643523]
		];
		for (const [n, c] of sk) expect(averagePathLength(n)).toBeCloseTo(c, 12);
		// By hand: c(3) = 2·H(2) − 2·2/3 with H(2) ≈ ln 2 + γ; c(0) = 0.
		expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649015329) - 4 / 3, 14);
		expect(averagePathLength(0)).toBe(0);
	});

	it('ranks rows like sklearn (Spearman > 0.9 at 500 trees) and both flag the planted outliers', async () => {
		const model = await fitIsolationForest(X, { nEstimators: 500, seed: 0 });
		const ours = scoreSamples(model, X);
		expect(spearman(ours, SKLEARN_SCORES_500)).toBeGreaterThan(0.9);
		// sklearn's scores for the planted rows are all below −0.68; its inliers all above −0.51.
		const skFlagged = SKLEARN_SCORES_500.map((s, i) => (s < -0.5 ? i : -1)).filter((i) => i >= 0);
		expect(PLANTED.filter((i) => skFlagged.includes(i)).length / 15).toBeGreaterThanOrEqual(0.9);

		// Default forest (100 trees, contamination 'auto': flag score_samples < −0.5).
		const def = scoreSamples(await fitIsolationForest(X, { seed: 0 }), X);
		const flagged = Array.from(def.keys()).filter((i) => def[i] < -0.5);
		expect(PLANTED.filter((i) => flagged.includes(i)).length / 15).toBeGreaterThanOrEqual(0.9);
		expect(flagged.length).toBeLessThan(25);
		for (const s of def) expect(s > -1 && s < 0).toBe(true);
	});

	it('a contamination fraction sets the threshold at that percentile of the training scores', async () => {
		const s = scoreSamples(await fitIsolationForest(X, { seed: 3 }), X);
		const offset = percentile(s, 15 / 315);
		const flagged = Array.from(s.keys()).filter((i) => s[i] < offset);
		// sklearn (contamination=15/315) flags exactly the 15 planted rows.
		expect(flagged.length).toBeGreaterThanOrEqual(14);
		expect(flagged.length).toBeLessThanOrEqual(15);
		expect(PLANTED.filter((i) => flagged.includes(i)).length).toBeGreaterThanOrEqual(14);
	});

	it('trees are plain JSON, ψ = min(256, n), depth ≤ ⌈log₂ ψ⌉, seeded; constant features never split', async () => {
		const model = await fitIsolationForest(X, { nEstimators: 10, seed: 1 });
		expect(model.sampleSize).toBe(256);
		const copy = JSON.parse(JSON.stringify(model));
		expect(Array.from(scoreSamples(copy, X))).toEqual(Array.from(scoreSamples(model, X)));
		const again = await fitIsolationForest(X, { nEstimators: 10, seed: 1 });
		expect(again).toEqual(model);
		for (const t of model.trees) {
			// Leaf path lengths: depth ≤ 8, plus c(rows) ≤ c(256).
			for (let i = 0; i < t.feature.length; i++) if (t.feature[i] < 0) expect(t.path[i]).toBeLessThanOrEqual(8 + averagePathLength(256));
		}
		const constCol = fromRows(Array.from({ length: 50 }, (_, i) => [5, i % 7]));
		const m2 = await fitIsolationForest(constCol, { nEstimators: 5, maxFeatures: 1 });
		for (const t of m2.trees) expect(t.feature.every((f) => f !== 0)).toBe(true);
		const single = await fitIsolationForest(fromRows([[1, 2]]), { nEstimators: 3 });
		expect(
			Array.from(
				scoreSamples(
					single,
					fromRows([
						[1, 2],
						[100, 0]
					])
				)
			)
		).toEqual([-0.5, -0.5]);
		expect(() => scoreSamples(model, fromRows([[1, 2]]))).toThrow(/fitted on 4 features; got 2/);
	});
});

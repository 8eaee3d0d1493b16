import { describe, expect, it } from 'vitest';
import { studentTSf } from '../../../stats/special';
import { correctedFoldTest, leaderboardRow, rankRows, significanceHint } from './leaderboard';

describe('Student t survival function', () => {
	it('matches scipy.stats.t.sf', () => {
		// scipy 1.10: stats.t.sf(t, df)
		expect(studentTSf(2.1, 4)).toBeCloseTo(0.05182664315880109, 12);
		expect(studentTSf(-0.7, 9)).toBeCloseTo(0.7491904803919274, 12);
		expect(studentTSf(0, 3)).toBe(0.5);
		expect(studentTSf(5.3, 2)).toBeCloseTo(0.016902511099480697, 12);
		expect(studentTSf(1.2, 30)).toBeCloseTo(0.11976517544483117, 12);
	});
});

describe('corrected paired fold test', () => {
	const a = [0.944, 0.972, 0.971, 1.0, 0.943];
	const b = [0.917, 0.944, 0.971, 0.943, 0.914];
	it('is the paired t-test with the variance scaled by 1/k + 1/(k − 1)', () => {
		// scipy: stats.ttest_rel(a, b) → t = 3.126777832131222; Nadeau–Bengio scales t by √((1/k) / (1/k + 1/(k−1))).
		const k = 5;
		const t = 3.126777832131222 * Math.sqrt(1 / k / (1 / k + 1 / (k - 1)));
		const test = correctedFoldTest(a, b)!;
		expect(test.t).toBeCloseTo(t, 10);
		expect(test.p).toBeCloseTo(2 * studentTSf(t, k - 1), 12);
		// Less sure than the plain test's p = 0.0353 (scipy).
		expect(test.p).toBeGreaterThan(0.0353);
	});
	it('gives no test on one score, and p = 1 for identical folds', () => {
		expect(correctedFoldTest([0.9], [0.8])).toBeNull();
		expect(correctedFoldTest(a, a)).toEqual({ t: 0, p: 1 });
	});
});

describe('rankRows', () => {
	const fold = (x: number) => ({ metrics: { rmse: x, r2: 1 - x }, fitMs: 2, predictMs: 1 });
	const row = (name: string, xs: number[]) =>
		leaderboardRow({ name, node: `model.${name}`, params: {} }, { status: 'done', folds: xs.map(fold) }, 'rmse');
	it('puts the lowest error first for RMSE, failed rows last, and tests the others against the best', () => {
		const failed = leaderboardRow({ name: 'mlp', node: 'model.mlp', params: {} }, { status: 'failed', error: 'boom' }, 'rmse');
		const ranked = rankRows([row('tree', [3, 4.5, 5]), failed, row('gbdt', [1, 2, 3]), row('knn', [1.1, 2.1, 2.9])], 'rmse', 'min');
		expect(ranked.map((r) => r.family)).toEqual(['gbdt', 'knn', 'tree', 'mlp']);
		expect(ranked[0].mean.rmse).toBe(2);
		expect(ranked[0].std.rmse).toBe(1);
		// d = [2, 2.5, 2] (tree's RMSE above gbdt's): numpy/scipy give t = 8.221921916437784, p = 0.014472543347425586.
		expect(ranked[2].versusBest!.t).toBeCloseTo(8.221921916437784, 10);
		expect(ranked[2].versusBest!.p).toBeCloseTo(0.014472543347425586, 12);
		expect(ranked[3].versusBest).toBeNull();
		expect(significanceHint(ranked[1], ranked[0])).toMatch(/^not clearly worse than gbdt \(p = 0\.\d{3}\)$/);
		expect(significanceHint(ranked[2], ranked[0])).toBe('worse than gbdt (p = 0.014)');
	});
});

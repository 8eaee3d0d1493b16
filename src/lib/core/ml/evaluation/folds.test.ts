import { describe, expect, it } from 'vitest';
import { assignFolds, trainingRowsOf } from './folds';

const count = (fold: Int32Array, f: number) => fold.filter((x) => x === f).length;

describe('cross-validation folds', () => {
	it('k-fold holds every row out exactly once, in folds within one row of each other', () => {
		const fold = assignFolds(23, 5, 'k-fold', { seed: 3 });
		const sizes = [0, 1, 2, 3, 4].map((f) => count(fold, f));
		expect(sizes.reduce((a, b) => a + b)).toBe(23);
		expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
		expect(trainingRowsOf(fold, 2, 'k-fold').length).toBe(23 - sizes[2]);
		expect(assignFolds(23, 5, 'k-fold', { seed: 3 })).toEqual(fold);
	});

	it('stratified folds keep each class in proportion', () => {
		// 30 of class 0, 10 of class 1: each of 5 folds gets 6 and 2.
		const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
		const fold = assignFolds(40, 5, 'stratified', { seed: 1, labels });
		for (let f = 0; f < 5; f++) {
			expect(labels.filter((c, i) => fold[i] === f && c === 0).length).toBe(6);
			expect(labels.filter((c, i) => fold[i] === f && c === 1).length).toBe(2);
		}
	});

	it('grouped folds never split a group, and balance rows as GroupKFold does', () => {
		// sizes: group 0 ×5, 1 ×4, 2 ×3, 3 ×2, 4 ×1 → 3 folds get 5, 4+1, 3+2.
		const groups = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
		const fold = assignFolds(15, 3, 'grouped', { groups });
		for (let g = 0; g < 5; g++) expect(new Set(fold.filter((_, i) => groups[i] === g)).size).toBe(1);
		expect([0, 1, 2].map((f) => count(fold, f)).sort()).toEqual([5, 5, 5]);
		expect(() => assignFolds(15, 6, 'grouped', { groups })).toThrow('5 groups cannot make 6 folds');
	});

	it('time-series folds train only on earlier rows (scikit-learn TimeSeriesSplit(3) on 10 rows)', () => {
		// sklearn: train [0..3] test [4,5]; train [0..5] test [6,7]; train [0..7] test [8,9]
		const fold = assignFolds(10, 3, 'time-series');
		expect(Array.from(fold)).toEqual([-1, -1, -1, -1, 0, 0, 1, 1, 2, 2]);
		expect(Array.from(trainingRowsOf(fold, 1, 'time-series'))).toEqual([0, 1, 2, 3, 4, 5]);
	});
});

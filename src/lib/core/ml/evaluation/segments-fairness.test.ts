import { describe, expect, it } from 'vitest';
import type { Column } from '../../frame/types';
import { fairnessByGroup } from './fairness';
import {
	classificationSegments,
	MISSING_SEGMENT,
	OTHER_SEGMENT,
	OVERALL_SEGMENT,
	poolSmallSegments,
	quantileBinLabels,
	regressionSegments,
	segmentLabels
} from './segments';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('segment labels', () => {
	it('quantile bins at numpy-style quantile edges, the last bin closed, NaN as missing', () => {
		// np.quantile(1..10, [0, .5, 1]) = [1, 5.5, 10]
		const labels = quantileBinLabels([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], 2);
		expect(labels).toEqual([...Array(5).fill('[1, 5.5)'), ...Array(5).fill('[5.5, 10]'), MISSING_SEGMENT]);
		// Few distinct values: duplicate edges merge instead of making empty bins.
		expect(new Set(quantileBinLabels([0, 0, 0, 0, 1], 4))).toEqual(new Set(['[0, 1]']));
		expect(quantileBinLabels([3, 3], 5)).toEqual(['[3]', '[3]']);
	});

	it('one segment per category / boolean value, month for dates', () => {
		const cat: Column = { kind: 'category', name: 'c', codes: Int32Array.from([0, 1, -1]), dictionary: ['a', 'b'] };
		expect(segmentLabels(cat, all(3), 5)).toEqual(['a', 'b', MISSING_SEGMENT]);
		const bool: Column = { kind: 'boolean', name: 'b', codes: Int32Array.from([1, 0]) };
		expect(segmentLabels(bool, all(2), 5)).toEqual(['true', 'false']);
		const date: Column = { kind: 'date', name: 'd', values: Float64Array.from([Date.UTC(2024, 0, 31, 23), Date.UTC(2024, 1, 1), NaN]) };
		expect(segmentLabels(date, Uint32Array.from([2, 0, 1]), 5)).toEqual([MISSING_SEGMENT, '2024-01', '2024-02']);
	});

	it('pools segments under the minimum size', () => {
		expect(poolSmallSegments(['a', 'a', 'b', 'c', 'a'], 2)).toEqual(['a', 'a', OTHER_SEGMENT, OTHER_SEGMENT, 'a']);
	});
});

describe('metrics by segment', () => {
	it('classification: accuracy and macro F1 per segment, worst first, overall last', () => {
		// x: 2 of 4 right; y: 3 of 3 right.
		const truth = Int32Array.from([0, 1, 0, 1, 0, 1, 1]);
		const pred = Int32Array.from([0, 0, 1, 1, 0, 1, 1]);
		const seg = ['x', 'x', 'x', 'x', 'y', 'y', 'y'];
		const rows = classificationSegments(truth, pred, ['n', 'p'], seg);
		expect(rows.map((r) => r.segment)).toEqual(['x', 'y', OVERALL_SEGMENT]);
		expect(rows[0]).toEqual({ segment: 'x', rows: 4, accuracy: 0.5, f1Macro: 0.5 });
		expect(rows[1]).toEqual({ segment: 'y', rows: 3, accuracy: 1, f1Macro: 1 });
		expect(rows[2].rows).toBe(7);
		expect(rows[2].accuracy).toBeCloseTo(5 / 7, 12);
		// Overall F1: class n tp=2 fp=1 fn=1 → 2/3; class p tp=3 fp=1 fn=1 → 3/4.
		expect(rows[2].f1Macro).toBeCloseTo((2 / 3 + 3 / 4) / 2, 12);
	});

	it('regression: RMSE, MAE and R² per segment, largest RMSE first', () => {
		const actual = Float64Array.from([1, 2, 3, 10, 20]);
		const pred = Float64Array.from([1, 2, 4, 12, 18]);
		const rows = regressionSegments(actual, pred, ['a', 'a', 'a', 'b', 'b']);
		expect(rows.map((r) => r.segment)).toEqual(['b', 'a', OVERALL_SEGMENT]);
		expect(rows[0]).toMatchObject({ rows: 2, rmse: 2, mae: 2 });
		// b: mean 15, SST 50, SSE 8.
		expect(rows[0].r2).toBeCloseTo(1 - 8 / 50, 12);
		expect(rows[1].rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
		expect(rows[2].mae).toBeCloseTo(5 / 5, 12);
	});
});

describe('fairness by group', () => {
	it('selection rate, TPR, FPR, precision per group and the max − min differences', () => {
		const T = true;
		const F = false;
		const truth = [T, T, F, F, T, T, T, F, F, F];
		const pred = [T, F, T, F, T, T, T, T, F, T];
		const groups = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C'];
		const r = fairnessByGroup(truth, pred, groups);
		expect(r.groups).toEqual([
			{ group: 'A', rows: 4, selectionRate: 0.5, tpr: 0.5, fpr: 0.5, precision: 0.5 },
			{ group: 'B', rows: 4, selectionRate: 1, tpr: 1, fpr: 1, precision: 0.75 },
			// No positives in C: TPR 0 (fairlearn / sklearn's nan_to_num), precision 0 (zero_division=0).
			{ group: 'C', rows: 2, selectionRate: 0.5, tpr: 0, fpr: 0.5, precision: 0 }
		]);
		expect(r.demographicParityDifference).toBe(0.5);
		expect(r.equalOpportunityDifference).toBe(1);
	});

	it('rejects mismatched lengths', () => {
		expect(() => fairnessByGroup([true], [true, false], ['a'])).toThrow(/fairness/);
	});
});

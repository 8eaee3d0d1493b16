import { describe, expect, it } from 'vitest';
import { profileColumn, profileFrame } from './profile';
import { histogramSorted, quantileSorted, sturgesBins } from '../stats/stats';
import { createFrame } from '../frame/frame';
import type { Column } from '../frame/types';

const num = (v: number[]): Column => ({ kind: 'number', name: 'x', values: Float64Array.from(v) });

describe('stats', () => {
	it('interpolates quantiles linearly like numpy', () => {
		const s = Float64Array.from([1, 2, 3, 4]);
		// h = (4-1)*0.25 = 0.75 -> 1 + 0.75*(2-1) = 1.75
		expect(quantileSorted(s, 0.25)).toBeCloseTo(1.75, 12);
		// h = 1.5 -> 2 + 0.5*(3-2) = 2.5
		expect(quantileSorted(s, 0.5)).toBe(2.5);
		expect(quantileSorted(s, 1)).toBe(4);
		expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
	});

	it('chooses Sturges bins, capped at 30', () => {
		expect(sturgesBins(1)).toBe(1);
		expect(sturgesBins(8)).toBe(4); // ceil(log2 8) + 1 = 3 + 1
		expect(sturgesBins(9)).toBe(5); // ceil(3.17) + 1 = 5
		expect(sturgesBins(2 ** 40)).toBe(30);
	});

	it('bins equal-width with a closed last bin, as numpy.histogram', () => {
		// range 0..4 in 4 bins: [0,1) [1,2) [2,3) [3,4]
		const h = histogramSorted(Float64Array.from([0, 1, 1, 2.5, 4]), 4);
		expect(h.edges).toEqual([0, 1, 2, 3, 4]);
		expect(h.counts).toEqual([1, 2, 1, 1]);
		// numpy.histogram([5, 5], bins=2) -> edges [4.5, 5, 5.5], counts [0, 2]
		expect(histogramSorted(Float64Array.from([5, 5]), 2)).toEqual({ edges: [4.5, 5, 5.5], counts: [0, 2] });
	});
});

describe('profileColumn', () => {
	it('summarises numbers, checked by hand', () => {
		const p = profileColumn(num([2, 4, 4, NaN, 4, 5, 5, 7, 9]));
		expect(p.count).toBe(8);
		expect(p.missing).toBe(1);
		expect(p.distinct).toBe(5); // 2 4 5 7 9
		// mean = (2+4+4+4+5+5+7+9)/8 = 40/8 = 5
		expect(p.mean).toBe(5);
		// squared deviations: 9+1+1+1+0+0+4+16 = 32; sample var = 32/7; std = sqrt(32/7)
		expect(p.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
		expect(p.min).toBe(2);
		expect(p.max).toBe(9);
		// sorted 2 4 4 4 5 5 7 9; q1: h = 7*0.25 = 1.75 -> 4 + 0.75*(4-4) = 4
		expect(p.q1).toBe(4);
		// median: h = 3.5 -> 4 + 0.5*(5-4) = 4.5
		expect(p.median).toBe(4.5);
		// q3: h = 5.25 -> 5 + 0.25*(7-5) = 5.5
		expect(p.q3).toBe(5.5);
		// 8 values -> ceil(log2 8)+1 = 4 bins of width (9-2)/4 = 1.75:
		// [2,3.75): 2 | [3.75,5.5): 4 4 4 5 5 | [5.5,7.25): 7 | [7.25,9]: 9
		expect(p.histogram?.edges).toEqual([2, 3.75, 5.5, 7.25, 9]);
		expect(p.histogram?.counts).toEqual([1, 5, 1, 1]);
		expect(p.top).toBeUndefined();
	});

	it('gives NaN statistics for an all-missing column and no std for one value', () => {
		const empty = profileColumn(num([NaN, NaN]));
		expect(empty.count).toBe(0);
		expect(empty.mean).toBeNaN();
		expect(empty.median).toBeNaN();
		expect(empty.histogram).toEqual({ edges: [], counts: [] });
		const one = profileColumn(num([3]));
		expect(one.mean).toBe(3);
		expect(one.std).toBeNaN();
	});

	it('summarises dates in epoch ms', () => {
		const day = 86_400_000;
		const p = profileColumn({ kind: 'date', name: 'd', values: Float64Array.from([0, day, 2 * day, NaN]) });
		expect(p.kind).toBe('date');
		expect([p.min, p.median, p.max, p.missing]).toEqual([0, day, 2 * day, 1]);
	});

	it('lists top category values by count, ties by value', () => {
		const p = profileColumn({
			kind: 'category',
			name: 'c',
			codes: Int32Array.from([2, 0, 1, 2, -1, 1, 2]),
			dictionary: ['a', 'b', 'c', 'unused']
		});
		expect(p).toMatchObject({ count: 6, missing: 1, distinct: 3 });
		expect(p.top).toEqual([
			{ value: 'c', count: 3 },
			{ value: 'b', count: 2 },
			{ value: 'a', count: 1 }
		]);
		expect(p.mean).toBeUndefined();
	});

	it('profiles booleans and text, keeping only the top 10', () => {
		const b = profileColumn({ kind: 'boolean', name: 'b', codes: Int32Array.from([1, 1, 0, -1]) });
		expect(b.top).toEqual([
			{ value: 'true', count: 2 },
			{ value: 'false', count: 1 }
		]);
		const values = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
		const t = profileColumn({ kind: 'text', name: 't', values: [...values, 't05', null] });
		expect(t).toMatchObject({ count: 13, missing: 1, distinct: 12 });
		expect(t.top).toHaveLength(10);
		expect(t.top?.[0]).toEqual({ value: 't05', count: 2 });
		expect(t.top?.[1]).toEqual({ value: 't00', count: 1 });
	});
});

describe('profileFrame', () => {
	it('counts rows, columns and missing cells', () => {
		const f = createFrame([num([1, NaN, 3]), { kind: 'text', name: 't', values: [null, null, 'a'] }]);
		const p = profileFrame(f);
		expect(p).toMatchObject({ rows: 3, columns: 2, missingCells: 3 });
		expect(p.profiles.map((c) => c.name)).toEqual(['x', 't']);
	});
});

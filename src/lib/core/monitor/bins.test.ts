import { describe, expect, it } from 'vitest';
import { binned, countKeys, fillZeroes, histogramCounts, sampleOf, sturgesEdges } from './bins';

describe('bins', () => {
	it('numpy sturges edges and histogram counts', () => {
		// np.histogram_bin_edges([0..9] ∪ [5..14], 'sturges') → ceil(log2(20) + 1) = 6 bins over [0, 14].
		const a = Float64Array.from({ length: 10 }, (_, i) => i);
		const b = Float64Array.from({ length: 10 }, (_, i) => i + 5);
		const edges = sturgesEdges(a, b);
		expect(edges.length).toBe(7);
		expect(edges[0]).toBe(0);
		expect(edges[6]).toBe(14);
		// np.histogram(range(10), edges)[0] == [3, 2, 2, 3, 0, 0]: edges 0, 2.33, 4.67, 7, 9.33, 11.67, 14.
		expect(histogramCounts(a, edges)).toEqual([3, 2, 2, 3, 0, 0]);
	});
	it('one value on both sides: numpy widens the range to one bin of width 1', () => {
		const a = Float64Array.from([2, 2]);
		expect(sturgesEdges(a, a)).toEqual([1.5, 2.5]);
		expect(histogramCounts(a, [1.5, 2.5])).toEqual([2]);
	});
	it('fills empty bins as Evidently does', () => {
		expect(fillZeroes([0, 0.5, 0.5])).toEqual([0.0001, 0.5, 0.5]);
		// The smallest share is at or below 0.0001: the fill is a millionth of it.
		expect(fillZeroes([0, 0.00005, 0.99995])).toEqual([0.00005 / 1e6, 0.00005, 0.99995]);
		expect(fillZeroes([0, 0])).toEqual([0, 0]);
	});
	it('counts keys in first-seen order, reference first', () => {
		expect(countKeys(['b', 'a', 'b'], ['c', 'a'])).toEqual({ keys: ['b', 'a', 'c'], ref: [2, 1, 0], cur: [0, 1, 1] });
	});
	it('leaves missing values out of a sample and sorts numbers', () => {
		expect(sampleOf({ kind: 'number', values: Float64Array.from([3, NaN, 1]) })).toEqual({
			kind: 'number',
			sorted: Float64Array.from([1, 3]),
			missing: 1
		});
		expect(sampleOf({ kind: 'category', values: ['x', null, 'y'] })).toEqual({ kind: 'category', labels: ['x', 'y'], missing: 1 });
	});
	it('few distinct numbers get one bar per value, in value order', () => {
		const ref = sampleOf({ kind: 'number', values: Float64Array.from([2, 1, 1, 2]) });
		const cur = sampleOf({ kind: 'number', values: Float64Array.from([3, 1]) });
		const b = binned(ref, cur);
		expect(b.reference).toEqual([0.5, 0.5, 0]);
		expect(b.current).toEqual([0.5, 0, 0.5]);
		expect(b.distribution).toEqual({ type: 'categories', levels: ['1', '2', '3'], reference: [0.5, 0.5, 0], current: [0.5, 0, 0.5] });
	});
});

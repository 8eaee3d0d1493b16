import { describe, expect, it } from 'vitest';
import { fromRows } from '../matrix';
import { sortFloat64 } from '../../stats/sort';
import { binMatrix, fitBins, numericThresholds } from './binning';

const column = (values: number[]) => fromRows(values.map((v) => [v]));

describe('binning', () => {
	// Figures from scikit-learn 1.2.1's own binning (which calls numpy.percentile, method='midpoint'):
	// /usr/bin/python3 -c "import numpy as np; from sklearn.ensemble._hist_gradient_boosting.binning import
	//   _find_binning_thresholds as f; a = np.array([0.5,1,2,4,8,16,32,64,128,256]); print(f(a, 4), f(a, 3))"
	it('matches numpy midpoint quantile edges when there are more distinct values than bins', () => {
		const a = Float64Array.from([0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256]);
		expect(numericThresholds(a, 4)).toEqual([3, 12, 48]);
		expect(numericThresholds(a, 3)).toEqual([6, 48]);
		const b = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, NaN]);
		expect(numericThresholds(b, 4)).toEqual([3, 5, 7]);
	});

	it('puts edges halfway between distinct values when they fit, ignoring missing values', () => {
		expect(numericThresholds(Float64Array.from([1, 2, 2, 5, NaN]), 255)).toEqual([1.5, 3.5]);
		expect(numericThresholds(Float64Array.from([7, 7, 7]), 255)).toEqual([]);
		expect(numericThresholds(Float64Array.from([NaN]), 255)).toEqual([]);
	});

	// _BinMapper(n_bins=5).fit(a).transform([[0.1],[3.0],[24.0],[1000],[nan]]) → [0 0 2 3 4]
	it('maps values to bins as scikit-learn, with the missing bin last', () => {
		const mapper = fitBins(column([0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256]), [false], 4);
		expect(mapper.nBins).toEqual([4]);
		expect(Array.from(binMatrix(mapper, column([0.1, 3, 24, 1000, NaN])))).toEqual([0, 0, 2, 3, 4]);
	});

	it('keeps category codes as bins; unseen codes go with missing values', () => {
		const mapper = fitBins(column([0, 2, 1, NaN, 2]), [true], 255);
		expect(mapper.nBins).toEqual([3]);
		expect(Array.from(binMatrix(mapper, column([2, 0, NaN, 7])))).toEqual([2, 0, 3, 3]);
	});

	it('lays the codes out column by column', () => {
		const X = fromRows([
			[1, 10],
			[2, 20],
			[3, 30]
		]);
		const mapper = fitBins(X, [false, false], 255);
		expect(Array.from(binMatrix(mapper, X))).toEqual([0, 1, 2, 0, 1, 2]);
	});

	it('refuses bad settings and too many categories, naming what to change', () => {
		expect(() => fitBins(column([1]), [false], 1)).toThrow(/max bins/);
		expect(() => fitBins(column([300]), [true], 255)).toThrow(/more than 255 categories/);
	});

	it('fits on a seeded sample of large inputs, the same every time', () => {
		const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1000);
		const a = fitBins(column(values), [false], 16, 3, 1000);
		const b = fitBins(column(values), [false], 16, 3, 1000);
		expect(a.thresholds).toEqual(b.thresholds);
		expect(a.nBins[0]).toBe(16);
	});
});

describe('sortFloat64', () => {
	it('orders as Float64Array.prototype.sort, -0 before +0, infinities at the ends', () => {
		const specials = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1e300, -1e300, 0.5, -0.5];
		const v = Float64Array.from({ length: 3000 }, (_, i) =>
			i % 3 === 0 ? specials[i % specials.length] : Math.sin(i * 12.9898) * 43758.5453
		);
		const ours = sortFloat64(v);
		const ref = v.slice().sort();
		expect(Array.from(ours, (x, i) => Object.is(x, ref[i])).every(Boolean)).toBe(true);
	});
});

import { quantileSorted } from './stats';

/** The five numbers of a box plot and its whiskers, by matplotlib's convention. */
export interface BoxStats {
	readonly count: number;
	readonly min: number;
	readonly q1: number;
	readonly median: number;
	readonly q3: number;
	readonly max: number;
	/** The furthest values within 1.5 IQR of the box, as matplotlib's boxplot draws them. */
	readonly whiskerLow: number;
	readonly whiskerHigh: number;
	/** Values beyond the whiskers. */
	readonly outliers: number;
}

/** Box statistics of ascending `sorted` (no NaN); quartiles are numpy's linear ones. */
export function boxStats(sorted: Float64Array): BoxStats {
	const n = sorted.length;
	if (n === 0) return { count: 0, min: NaN, q1: NaN, median: NaN, q3: NaN, max: NaN, whiskerLow: NaN, whiskerHigh: NaN, outliers: 0 };
	const q1 = quantileSorted(sorted, 0.25);
	const q3 = quantileSorted(sorted, 0.75);
	const iqr = q3 - q1;
	const lowFence = q1 - 1.5 * iqr;
	const highFence = q3 + 1.5 * iqr;
	let lo = 0;
	while (sorted[lo] < lowFence) lo++;
	let hi = n - 1;
	while (sorted[hi] > highFence) hi--;
	return {
		count: n,
		min: sorted[0],
		q1,
		median: quantileSorted(sorted, 0.5),
		q3,
		max: sorted[n - 1],
		whiskerLow: sorted[lo],
		whiskerHigh: sorted[hi],
		outliers: lo + (n - 1 - hi)
	};
}

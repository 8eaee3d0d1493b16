/** Ranks with ties averaged (scipy.stats.rankdata 'average', pandas rank()). */
import { sortFloat64 } from './sort';

/**
 * 1-based average ranks of `values`, which must hold no NaN. The values are sorted once
 * (radix sort) and each one finds its tie group by two binary searches: the rank is the
 * mean of the group's positions, (lo + hi + 1) / 2 for the half-open group [lo, hi).
 */
export function averageRanks(values: Float64Array): Float64Array {
	const sorted = sortFloat64(values);
	const n = sorted.length;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const x = values[i];
		let lo = 0,
			hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (sorted[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		let end = lo,
			top = n;
		while (end < top) {
			const mid = (end + top) >>> 1;
			if (sorted[mid] <= x) end = mid + 1;
			else top = mid;
		}
		out[i] = (lo + end + 1) / 2;
	}
	return out;
}

/** Pearson correlation of two equal-length NaN-free arrays; NaN when either has no variance. */
export function pearson(a: Float64Array, b: Float64Array): number {
	const n = a.length;
	if (n < 2) return NaN;
	let sa = 0,
		sb = 0;
	for (let i = 0; i < n; i++) {
		sa += a[i];
		sb += b[i];
	}
	const ma = sa / n,
		mb = sb / n;
	let sab = 0,
		saa = 0,
		sbb = 0;
	for (let i = 0; i < n; i++) {
		const da = a[i] - ma,
			db = b[i] - mb;
		sab += da * db;
		saa += da * da;
		sbb += db * db;
	}
	return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

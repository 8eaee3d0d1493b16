/**
 * Association measures for category columns, where a Pearson correlation has no meaning:
 * - Cramér's V between two categories, from the χ² statistic of their contingency table,
 *   without bias correction — as scipy.stats.contingency.association(method='cramer');
 * - the correlation ratio η between a category and a number: √(SS_between / SS_total),
 *   how much of the number's variance the groups explain.
 * Both lie in [0, 1] and use the rows where both values are present.
 */

/** Codes of a category or boolean column: 0..levels-1, and -1 for missing. */
export interface Coded {
	readonly codes: Int32Array;
	readonly levels: number;
}

/**
 * V = √(χ² / (n · (min(r, c) − 1))), with r and c the levels that actually occur among
 * the complete rows (as a crosstab of the data would have). NaN when either side has a
 * single level or no rows are complete.
 */
export function cramersV(a: Coded, b: Coded): number {
	const table = new Float64Array(a.levels * b.levels);
	const rowSum = new Float64Array(a.levels);
	const colSum = new Float64Array(b.levels);
	let n = 0;
	for (let i = 0; i < a.codes.length; i++) {
		const x = a.codes[i],
			y = b.codes[i];
		if (x < 0 || y < 0) continue;
		table[x * b.levels + y]++;
		rowSum[x]++;
		colSum[y]++;
		n++;
	}
	let r = 0,
		c = 0;
	for (const s of rowSum) if (s > 0) r++;
	for (const s of colSum) if (s > 0) c++;
	const m = Math.min(r, c) - 1;
	if (n === 0 || m <= 0) return NaN;
	let chi2 = 0;
	for (let x = 0; x < a.levels; x++) {
		if (rowSum[x] === 0) continue;
		for (let y = 0; y < b.levels; y++) {
			if (colSum[y] === 0) continue;
			const expected = (rowSum[x] * colSum[y]) / n;
			const d = table[x * b.levels + y] - expected;
			chi2 += (d * d) / expected;
		}
	}
	return Math.sqrt(chi2 / (n * m));
}

/** η of `values` grouped by `groups`; NaN when the number has no variance over the complete rows. */
export function correlationRatio(groups: Coded, values: Float64Array): number {
	const sums = new Float64Array(groups.levels);
	const counts = new Float64Array(groups.levels);
	let n = 0,
		total = 0;
	for (let i = 0; i < values.length; i++) {
		const g = groups.codes[i],
			v = values[i];
		if (g < 0 || v !== v) continue;
		sums[g] += v;
		counts[g]++;
		total += v;
		n++;
	}
	if (n === 0) return NaN;
	const mean = total / n;
	let ssTotal = 0;
	for (let i = 0; i < values.length; i++) {
		const g = groups.codes[i],
			v = values[i];
		if (g < 0 || v !== v) continue;
		ssTotal += (v - mean) ** 2;
	}
	let ssBetween = 0;
	for (let g = 0; g < groups.levels; g++) if (counts[g] > 0) ssBetween += counts[g] * (sums[g] / counts[g] - mean) ** 2;
	// Rounding can push the ratio a hair past 1 when the groups explain everything.
	return ssTotal === 0 ? NaN : Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

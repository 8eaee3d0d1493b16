/**
 * 1-D histograms on fixed, shared edges, binned like numpy.histogram: half-open bins
 * except the last, which includes the right edge. Sharing edges across groups is what
 * lets small multiples be compared bar for bar.
 */

/** `bins + 1` equally spaced edges over [lo, hi]; a zero-width range widens by ±0.5 as numpy does. */
export function histogramEdges(lo: number, hi: number, bins: number): number[] {
	if (!(lo <= hi)) return [];
	if (lo === hi) {
		lo -= 0.5;
		hi += 0.5;
	}
	return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
}

/** Counts of the present (non-NaN) values of `values` at `rows` (all rows when omitted) on `edges`. */
export function histogramCounts(values: Float64Array, edges: readonly number[], rows?: readonly number[]): number[] {
	const bins = edges.length - 1;
	const counts = new Array<number>(Math.max(0, bins)).fill(0);
	if (bins < 1) return counts;
	const lo = edges[0];
	const hi = edges[bins];
	const width = (hi - lo) / bins;
	const add = (v: number) => {
		if (Number.isNaN(v) || v < lo || v > hi) return;
		let b = Math.min(bins - 1, Math.floor((v - lo) / width));
		// Floating-point division can land one bin off near an edge; the edges decide.
		if (b > 0 && v < edges[b]) b--;
		else if (b < bins - 1 && v >= edges[b + 1]) b++;
		counts[b]++;
	};
	if (rows) for (const r of rows) add(values[r]);
	else for (let r = 0; r < values.length; r++) add(values[r]);
	return counts;
}

/** Smallest and largest present value, or null when every value is missing. */
export function presentRange(values: Float64Array): [number, number] | null {
	let lo = Infinity;
	let hi = -Infinity;
	for (let r = 0; r < values.length; r++) {
		const v = values[r];
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	return lo <= hi ? [lo, hi] : null;
}

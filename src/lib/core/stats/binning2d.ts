/**
 * A 2-D histogram like numpy.histogram2d with equal-width bins: every bin is half-open
 * except the last in each direction, which also holds the maximum.
 */
export interface Histogram2d {
	readonly bins: number;
	/** bins + 1 edges each. */
	readonly xEdges: number[];
	readonly yEdges: number[];
	/** Row-major by x: counts[ix * bins + iy]. */
	readonly counts: number[];
}

/** Bins the pairs (xs[i], ys[i]); neither array holds NaN. */
export function histogram2d(xs: Float64Array, ys: Float64Array, bins: number): Histogram2d {
	const [xlo, xhi] = range(xs);
	const [ylo, yhi] = range(ys);
	const xEdges = edges(xlo, xhi, bins);
	const yEdges = edges(ylo, yhi, bins);
	const counts = new Float64Array(bins * bins);
	for (let i = 0; i < xs.length; i++) counts[binOf(xs[i], xEdges) * bins + binOf(ys[i], yEdges)]++;
	return { bins, xEdges, yEdges, counts: Array.from(counts) };
}

/**
 * The bin numpy puts v in (searchsorted on the edges): a first guess by arithmetic,
 * then nudged so that values on an edge land where the float edges say, not the division.
 */
function binOf(v: number, e: readonly number[]): number {
	const bins = e.length - 1;
	let i = Math.min(bins - 1, Math.max(0, Math.floor(((v - e[0]) / (e[bins] - e[0])) * bins)));
	while (i > 0 && v < e[i]) i--;
	while (i < bins - 1 && v >= e[i + 1]) i++;
	return i;
}

/** The data range; a single value gets [v - 0.5, v + 0.5], as numpy does. */
function range(values: Float64Array): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < values.length; i++) {
		if (values[i] < lo) lo = values[i];
		if (values[i] > hi) hi = values[i];
	}
	if (values.length === 0) return [0, 1];
	return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** numpy.linspace(lo, hi, bins + 1), computed as numpy does: i × step + lo. */
function edges(lo: number, hi: number, bins: number): number[] {
	const step = (hi - lo) / bins;
	return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
}

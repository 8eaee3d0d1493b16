/**
 * Summary statistics over sorted Float64Arrays, matching the conventions of pandas'
 * `describe` and numpy so numbers agree with what a data scientist already trusts.
 */

/** numpy's default ('linear') quantile of ascending `sorted`: h = (n-1)p, interpolate. */
export function quantileSorted(sorted: Float64Array, p: number): number {
	const n = sorted.length;
	if (n === 0) return NaN;
	const h = (n - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, n - 1);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface MeanStd {
	readonly mean: number;
	/** Sample standard deviation (ddof = 1, as pandas); NaN for fewer than 2 values. */
	readonly std: number;
}

/** Welford's update: one pass, no catastrophic cancellation on large offsets. */
export function meanStd(values: Float64Array): MeanStd {
	let mean = 0;
	let m2 = 0;
	for (let i = 0; i < values.length; i++) {
		const delta = values[i] - mean;
		mean += delta / (i + 1);
		m2 += delta * (values[i] - mean);
	}
	const n = values.length;
	return { mean: n > 0 ? mean : NaN, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN };
}

export interface Histogram {
	/** bins + 1 edges; each bin is [edge_i, edge_i+1) except the last, which is closed. */
	readonly edges: number[];
	readonly counts: number[];
}

/** Sturges' rule, ceil(log2 n) + 1, capped at 30 bins so a chart stays readable. */
export function sturgesBins(n: number): number {
	if (n <= 1) return 1;
	return Math.min(30, Math.ceil(Math.log2(n)) + 1);
}

/**
 * Equal-width histogram of ascending `sorted`, like numpy.histogram: a constant
 * column gets the range [v - 0.5, v + 0.5], as numpy does.
 */
export function histogramSorted(sorted: Float64Array, bins = sturgesBins(sorted.length)): Histogram {
	const n = sorted.length;
	if (n === 0) return { edges: [], counts: [] };
	let lo = sorted[0];
	let hi = sorted[n - 1];
	if (lo === hi) {
		lo -= 0.5;
		hi += 0.5;
	}
	const width = (hi - lo) / bins;
	const edges: number[] = [];
	for (let b = 0; b <= bins; b++) edges.push(b === bins ? hi : lo + b * width);
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < n; i++) {
		let b = Math.floor((sorted[i] - lo) / width);
		if (b >= bins) b = bins - 1; // the maximum belongs to the closed last bin
		// floating-point can put a value one bin off its edge; edges are authoritative
		if (b > 0 && sorted[i] < edges[b]) b--;
		else if (b < bins - 1 && sorted[i] >= edges[b + 1]) b++;
		counts[b]++;
	}
	return { edges, counts };
}

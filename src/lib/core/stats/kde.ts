/**
 * One-dimensional Gaussian kernel density estimate with Scott's bandwidth, as
 * scipy.stats.gaussian_kde computes it, so a violin agrees with what scipy draws.
 */

export interface Kde {
	/** Evaluation points, evenly spaced from the smallest to the largest value. */
	readonly xs: number[];
	readonly density: number[];
	/** The kernel's standard deviation: sample std (ddof 1) × n^(-1/5). */
	readonly bandwidth: number;
}

/**
 * KDE of `values` (no NaN) on `points` evenly spaced points over [min, max]; null when
 * there are fewer than two values or no spread, where scipy refuses too (singular covariance).
 */
export function gaussianKde(values: Float64Array, points = 64): Kde | null {
	const n = values.length;
	if (n < 2) return null;
	let mean = 0;
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < n; i++) {
		mean += values[i];
		if (values[i] < lo) lo = values[i];
		if (values[i] > hi) hi = values[i];
	}
	mean /= n;
	let ss = 0;
	for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
	const std = Math.sqrt(ss / (n - 1));
	if (!(std > 0)) return null;
	// Scott's factor for one dimension: n^(-1/(d+4)).
	const bandwidth = std * n ** -0.2;
	const xs = evenly(lo, hi, points);
	return { xs, density: kdeAt(values, xs, bandwidth), bandwidth };
}

/** Density of a Gaussian KDE with kernel std `h` at each of `xs`. */
export function kdeAt(values: Float64Array, xs: readonly number[], h: number): number[] {
	const norm = 1 / (values.length * h * Math.sqrt(2 * Math.PI));
	const inv = 1 / h;
	return xs.map((x) => {
		let sum = 0;
		for (let i = 0; i < values.length; i++) {
			const z = (x - values[i]) * inv;
			sum += Math.exp(-0.5 * z * z);
		}
		return sum * norm;
	});
}

/** numpy.linspace(lo, hi, count). */
export function evenly(lo: number, hi: number, count: number): number[] {
	if (count === 1) return [lo];
	const step = (hi - lo) / (count - 1);
	return Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + i * step));
}

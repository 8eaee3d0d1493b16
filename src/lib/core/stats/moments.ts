/**
 * Shape statistics with pandas' definitions, so a skew the studio shows is the skew a
 * data scientist gets from `Series.skew()` / `Series.kurt()`:
 * - skewness: the adjusted Fisher–Pearson coefficient G1 = n·√(n−1)/(n−2) · m3 / m2^1.5,
 *   where m2, m3 are sums of centred powers; NaN below 3 values, 0 for no variance;
 * - kurtosis: Fisher's excess kurtosis, bias-corrected (G2):
 *   n(n+1)(n−1)·m4 / ((n−2)(n−3)·m2²) − 3(n−1)² / ((n−2)(n−3)); NaN below 4 values.
 */

export interface Shape {
	readonly skewness: number;
	readonly kurtosis: number;
}

/** pandas zeroes sums under 1e-14 so a constant column reads 0, not rounding noise. */
const zeroOutFpErr = (x: number) => (Math.abs(x) < 1e-14 ? 0 : x);

/** Skewness and excess kurtosis of the non-missing (non-NaN) values. */
export function shape(values: Float64Array): Shape {
	let n = 0;
	let sum = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === v) {
			n++;
			sum += v;
		}
	}
	if (n < 3) return { skewness: NaN, kurtosis: NaN };
	const mean = sum / n;
	let m2 = 0,
		m3 = 0,
		m4 = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v !== v) continue;
		const d = v - mean;
		const d2 = d * d;
		m2 += d2;
		m3 += d2 * d;
		m4 += d2 * d2;
	}
	m2 = zeroOutFpErr(m2);
	m3 = zeroOutFpErr(m3);
	const skewness = m2 === 0 ? 0 : ((n * Math.sqrt(n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
	if (n < 4) return { skewness, kurtosis: NaN };
	const numerator = zeroOutFpErr(n * (n + 1) * (n - 1) * m4);
	const denominator = zeroOutFpErr((n - 2) * (n - 3) * m2 * m2);
	const adj = (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
	const kurtosis = denominator === 0 ? 0 : numerator / denominator - adj;
	return { skewness, kurtosis };
}

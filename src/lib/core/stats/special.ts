/**
 * Special functions for p-values, accurate to about 1e-14 relative so a test statistic's
 * p-value matches scipy's on the same numbers: log Γ (Lanczos), the regularised upper
 * incomplete gamma Q(a, x) (series below a + 1, Lentz's continued fraction above, as
 * Numerical Recipes §6.2), and from it the χ² and standard normal survival functions.
 */

const LANCZOS_G = 7;
const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
	-0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
	const z = x - 1;
	let a = LANCZOS[0];
	const t = z + LANCZOS_G + 0.5;
	for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 10_000;

/** P(a, x) by its series; good for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
	let ap = a;
	let sum = 1 / a;
	let del = sum;
	for (let n = 0; n < MAX_ITER; n++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (Math.abs(del) < Math.abs(sum) * EPS) break;
	}
	return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); good for x ≥ a + 1. */
function gammaQFraction(a: number, x: number): number {
	let b = x + 1 - a;
	let c = 1 / TINY;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < MAX_ITER; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < TINY) d = TINY;
		c = b + an / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < EPS) break;
	}
	return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
	if (!(a > 0) || !(x >= 0)) return NaN;
	if (x === 0) return 1;
	if (x === Infinity) return 0;
	return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x);
}

/** Survival function of the χ² distribution with `df` degrees of freedom (scipy.stats.chi2.sf). */
export function chiSquareSf(x: number, df: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x <= 0) return 1;
	return gammaQ(df / 2, x / 2);
}

/** Survival function of the standard normal, 1 − Φ(z), without cancellation in the tail. */
export function normalSf(z: number): number {
	if (Number.isNaN(z)) return NaN;
	// erfc(t) = Q(1/2, t²) for t ≥ 0, and 1 − Φ(z) = erfc(z/√2)/2.
	if (z >= 0) return 0.5 * gammaQ(0.5, (z * z) / 2);
	return 1 - 0.5 * gammaQ(0.5, (z * z) / 2);
}

/** The continued fraction of I_x(a, b) (modified Lentz, Numerical Recipes §6.4). */
function betaFraction(a: number, b: number, x: number): number {
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < TINY) d = TINY;
	d = 1 / d;
	let h = d;
	for (let m = 1; m < MAX_ITER; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < TINY) d = TINY;
		c = 1 + aa / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < TINY) d = TINY;
		c = 1 + aa / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < EPS) break;
	}
	return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function betaInc(a: number, b: number, x: number): number {
	if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN;
	if (x === 0 || x === 1) return x;
	const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
	// The fraction converges fast below (a + 1) / (a + b + 2); above it, use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
	return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** Survival function of Student's t with `df` degrees of freedom, P(T > t) (scipy.stats.t.sf). */
export function studentTSf(t: number, df: number): number {
	if (Number.isNaN(t) || !(df > 0)) return NaN;
	if (t === Infinity) return 0;
	if (t === -Infinity) return 1;
	const tail = 0.5 * betaInc(df / 2, 0.5, df / (df + t * t));
	return t >= 0 ? tail : 1 - tail;
}

/**
 * The two-sample statistics drift detection uses, each computed as scipy computes it so a
 * score Tessera shows is the score a data scientist gets from scipy (and so from Evidently,
 * which calls scipy): tests in `stat-tests.test.ts` compare every one with scipy 1.10 on
 * recorded examples (`fixtures/scipy-drift.json`, made by `fixtures/scipy-drift.py`).
 *
 * - `ksTwoSample` — scipy.stats.ks_2samp, two-sided, method 'auto': the exact distribution
 *   when both samples have at most 10,000 values (lattice-path counting), else Smirnov's
 *   asymptotic, i.e. the one-sample Kolmogorov distribution `kstwo.sf(D, round(mn/(m+n)))`
 *   with scipy's choice of algorithm by n and D (Durbin's matrix, Pelz–Good, Smirnov's sum).
 * - `chiSquare` — scipy.stats.chisquare(observed, expected).
 * - `twoProportionZ` — the pooled two-proportion z-test, p = 2·(1 − Φ(|z|)).
 * - `wasserstein` — scipy.stats.wasserstein_distance (first Wasserstein, unweighted).
 * - `jensenShannon` — scipy.spatial.distance.jensenshannon, natural log.
 * - `psi` — Σ (r − c)·ln(r / c) over shares already made non-zero.
 */
import { chiSquareSf, logGamma, normalSf } from '../stats/special';

export interface TestResult {
	readonly statistic: number;
	readonly pValue: number;
}

const MAX_EXACT_N = 10_000;

function sortedCopy(values: ArrayLike<number>): Float64Array {
	const out = Float64Array.from(values as ArrayLike<number>);
	out.sort();
	return out;
}

/** sup |F₁ − F₂| of two sorted samples, both ECDFs right-continuous (scipy's searchsorted 'right'). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
	const n1 = a.length;
	const n2 = b.length;
	let i = 0;
	let j = 0;
	let d = 0;
	while (i < n1 && j < n2) {
		const v = a[i] <= b[j] ? a[i] : b[j];
		while (i < n1 && a[i] <= v) i++;
		while (j < n2 && b[j] <= v) j++;
		const diff = Math.abs(i / n1 - j / n2);
		if (diff > d) d = diff;
	}
	// Once one sample is used up its ECDF is 1; the other's only rises towards 1 from here.
	if (i < n1) d = Math.max(d, Math.abs(i / n1 - 1));
	if (j < n2) d = Math.max(d, Math.abs(1 - j / n2));
	return d;
}

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/** Pr(D_{n,n} ≥ h/n): the share of lattice paths leaving the band |x − y| < h (scipy's Horner form). */
function probOutsideSquare(n: number, h: number): number {
	let p = 0;
	for (let k = Math.floor(n / h); k >= 0; k--) {
		let p1 = 1;
		for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
		p = p1 * (1 - p);
	}
	return 2 * p;
}

/**
 * Pr(D_{m,n} ≥ h/lcm) for unequal sizes: walk the lattice column by column keeping, for the
 * window of rows still inside the band, the probability of having left it (a sliding window
 * over one column, as scipy's `_compute_outer_prob_inside_method`).
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
	const m = Math.max(m0, n0);
	const n = Math.min(m0, n0);
	const mg = m / g;
	const ng = n / g;
	let minj = 0;
	let maxj = Math.min(Math.ceil(h / mg), n + 1);
	let curlen = maxj - minj;
	const lenA = Math.min(2 * maxj + 2, n + 1);
	const a = new Float64Array(Math.max(lenA, n + 2)).fill(1);
	for (let j = minj; j < maxj; j++) a[j] = 0;
	for (let i = 1; i <= m; i++) {
		const lastminj = minj;
		const lastlen = curlen;
		minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
		maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
		if (maxj <= minj) return 1;
		let val = minj === 0 ? 0 : 1;
		for (let jj = 0; jj < maxj - minj; jj++) {
			const j = jj + minj;
			val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
			a[jj] = val;
		}
		curlen = maxj - minj;
		if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
	}
	return a[maxj - minj - 1];
}

const E128 = 2 ** 128;
const EM128 = 2 ** -128;

/** Pr(D_n ≤ d) by Durbin's matrix as Marsaglia, Tsang & Wang compute it (scipy `_kolmogn_DMTW`). */
function kolmogorovCdfDurbin(n: number, d: number): number {
	if (d >= 1) return 1;
	const nd = n * d;
	if (nd <= 0.5) return 0;
	const k = Math.ceil(nd);
	const h = k - nd;
	const m = 2 * k - 1;
	const v = new Float64Array(m);
	const w = new Float64Array(m);
	let fac = 1;
	for (let j = 1; j <= m; j++) {
		w[j - 1] = fac;
		fac /= j;
		v[j - 1] = (1 - h ** j) * fac;
	}
	const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
	v[m - 1] = (1 + tt) * fac;
	let hm: Float64Array = new Float64Array(m * m);
	for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) hm[r * m + i] = w[r - i + 1];
	for (let r = 0; r < m; r++) hm[r * m] = v[r];
	for (let c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

	const mul = (x: Float64Array, y: Float64Array): Float64Array => {
		const out = new Float64Array(m * m);
		for (let r = 0; r < m; r++)
			for (let t = 0; t < m; t++) {
				const xv = x[r * m + t];
				if (xv === 0) continue;
				for (let c = 0; c < m; c++) out[r * m + c] += xv * y[t * m + c];
			}
		return out;
	};
	let pwr: Float64Array = new Float64Array(m * m);
	for (let i = 0; i < m; i++) pwr[i * m + i] = 1;
	let nn = n;
	let expnt = 0;
	let hExpnt = 0;
	while (nn > 0) {
		if (nn % 2) {
			pwr = mul(pwr, hm);
			expnt += hExpnt;
		}
		hm = mul(hm, hm);
		hExpnt *= 2;
		if (Math.abs(hm[(k - 1) * m + (k - 1)]) > E128) {
			for (let i = 0; i < hm.length; i++) hm[i] /= E128;
			hExpnt += 128;
		}
		nn = Math.floor(nn / 2);
	}
	let p = pwr[(k - 1) * m + (k - 1)];
	for (let i = 1; i <= n; i++) {
		p = (i * p) / n;
		if (Math.abs(p) < EM128) {
			p *= E128;
			expnt -= 128;
		}
	}
	return clip(p * 2 ** expnt);
}

/** The Pelz–Good approximation of Pr(D_n ≤ x) (scipy `_kolmogn_PelzGood`). */
function kolmogorovCdfPelzGood(n: number, x: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const z = Math.sqrt(n) * x;
	const z2 = z * z;
	const z4 = z2 * z2;
	const z6 = z4 * z2;
	const pi2 = Math.PI ** 2;
	const pi4 = pi2 * pi2;
	const pi6 = pi4 * pi2;
	const qlog = -pi2 / 8 / z2;
	if (qlog < -708) return 0;
	let q = Math.exp(qlog);
	const k1a = -z2;
	const k1b = pi2 / 4;
	const k2a = 6 * z6 + 2 * z4;
	const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
	const k2c = (pi4 * (1 - 2 * z2)) / 16;
	const k3d = (pi6 * (5 - 30 * z2)) / 64;
	const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
	const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
	const k3a = -30 * z6 - 90 * z ** 8;
	const k = [0, 0, 0, 0];
	const maxk = Math.ceil((16 * z) / Math.PI);
	for (let kk = maxk; kk > 0; kk--) {
		const mm = 2 * kk - 1;
		const m2 = mm * mm;
		const m4 = m2 * m2;
		const m6 = m4 * m2;
		const qp = q ** (8 * kk);
		const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
		for (let i = 0; i < 4; i++) k[i] = k[i] * qp + coeffs[i];
	}
	const sqrt2pi = Math.sqrt(2 * Math.PI);
	const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
	for (let i = 0; i < 4; i++) k[i] = (k[i] * q * sqrt2pi) / div[i];
	q = Math.exp(-pi2 / 2 / z2);
	let k2extra = 0;
	let k3extra = 0;
	const sqrt3z = Math.sqrt(3) * z;
	for (let kk = maxk; kk > 0; kk--) {
		const ks2 = kk * kk;
		const qp = q ** ks2;
		const kspi = Math.PI * kk;
		k2extra += ks2 * qp;
		k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
	}
	k[2] += (k2extra * pi2 * sqrt2pi) / (-36 * z ** 3);
	k[3] += (k3extra * pi2 * sqrt2pi) / (216 * z6);
	let sum = 0;
	for (let i = 0; i < 4; i++) sum += k[i] / n ** (i / 2);
	return sum;
}

/**
 * Pr(D⁺_n ≥ x), the one-sided Smirnov distribution (scipy.special.smirnov): the
 * Birnbaum–Tingey sum x·Σ_{j ≤ n(1−x)} C(n, j)(1 − x − j/n)^(n−j)(x + j/n)^(j−1), its terms
 * in logs; above a million values the approximation exp(−(6nx + 1)²/18n), as cephes.
 */
export function smirnovSf(n: number, x: number): number {
	if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN;
	if (n === 1) return x;
	if (x === 0) return 1;
	if (x === 1) return 0;
	const nx = n * x;
	if (n > 1_000_000) return Math.exp(-((6 * nx + 1) ** 2) / 18 / n);
	const last = Math.floor(n * (1 - x));
	let sum = 0;
	let logBinom = 0; // ln C(n, j)
	for (let j = 0; j <= last; j++) {
		if (j > 0) logBinom += Math.log((n - j + 1) / j);
		const a = 1 - x - j / n;
		const b = x + j / n;
		if (a <= 0 && n - j > 0) continue;
		const logTerm = logBinom + (n - j) * Math.log(a) + (j - 1) * Math.log(b);
		sum += Math.exp(logTerm);
	}
	return clip(x * sum);
}

function logFactorialOverPower(n: number): number {
	// ln(n!/nⁿ) = ln Γ(n + 1) − n ln n.
	return logGamma(n + 1) - n * Math.log(n);
}

/** Pr(D_n > x): the two-sided one-sample Kolmogorov distribution's survival (scipy.stats.kstwo.sf). */
export function kolmogorovSf(n: number, x: number): number {
	if (x >= 1) return 0;
	if (x <= 0) return 1;
	const t = n * x;
	if (t <= 1) {
		if (t <= 0.5) return 1;
		const cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
		return clip(1 - cdf);
	}
	if (t >= n - 1) return clip(2 * (1 - x) ** n);
	if (x >= 0.5) return clip(2 * smirnovSf(n, x));
	const nx2 = t * x;
	if (n <= 140) {
		// scipy uses Pomeranz's recursion between 0.754693 and 4; Durbin's matrix is exact there too.
		if (nx2 <= 4) return clip(1 - kolmogorovCdfDurbin(n, x));
		return clip(2 * smirnovSf(n, x));
	}
	if (nx2 >= 370) return 0;
	if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
	const cdf = nx2 >= 18 ? 1 : n <= 100_000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
	return clip(1 - cdf);
}

function clip(p: number): number {
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** scipy.stats.ks_2samp(a, b) (two-sided, method 'auto'); missing values must be removed first. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): TestResult {
	const sa = sortedCopy(a);
	const sb = sortedCopy(b);
	return ksTwoSampleSorted(sa, sb);
}

/** As `ksTwoSample` on samples already sorted ascending. */
export function ksTwoSampleSorted(a: Float64Array, b: Float64Array): TestResult {
	const n1 = a.length;
	const n2 = b.length;
	if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN };
	let d = ksStatistic(a, b);
	if (Math.max(n1, n2) <= MAX_EXACT_N) {
		const g = gcd(n1, n2);
		const lcm = (n1 / g) * n2;
		const h = Math.round(d * lcm);
		d = h / lcm;
		if (h === 0) return { statistic: d, pValue: 1 };
		const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
		if (p >= 0 && p <= 1) return { statistic: d, pValue: p };
		// scipy falls back to the asymptotic distribution when the exact sum fails.
	}
	const m = Math.max(n1, n2);
	const n = Math.min(n1, n2);
	const en = (m * n) / (m + n);
	return { statistic: d, pValue: kolmogorovSf(Math.round(en), d) };
}

/** scipy.stats.chisquare(observed, expected): Pearson's statistic with k − 1 degrees of freedom. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): TestResult {
	let stat = 0;
	for (let i = 0; i < observed.length; i++) {
		const d = observed[i] - expected[i];
		stat += (d * d) / expected[i];
	}
	return { statistic: stat, pValue: chiSquareSf(stat, observed.length - 1) };
}

/**
 * The pooled two-proportion z-test of "share of rows equal to one level" between two samples
 * (Evidently's `z_stat_test`): z = (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂)), p = 2·(1 − Φ(|z|)).
 */
export function twoProportionZ(hits1: number, n1: number, hits2: number, n2: number): TestResult {
	const p1 = hits1 / n1;
	const p2 = hits2 / n2;
	const pooled = (hits1 + hits2) / (n1 + n2);
	const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
	return { statistic: z, pValue: Number.isNaN(z) ? NaN : 2 * normalSf(Math.abs(z)) };
}

/** scipy.stats.wasserstein_distance(u, v): ∫|F_u − F_v|, the area between the two ECDFs. */
export function wasserstein(u: ArrayLike<number>, v: ArrayLike<number>): number {
	return wassersteinSorted(sortedCopy(u), sortedCopy(v));
}

/** As `wasserstein` on samples already sorted ascending. */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
	const n1 = a.length;
	const n2 = b.length;
	if (n1 === 0 || n2 === 0) return NaN;
	let i = 0;
	let j = 0;
	let sum = 0;
	let prev = Math.min(a[0], b[0]);
	// Walk the merged values; between consecutive ones both ECDFs are flat.
	while (i < n1 || j < n2) {
		const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
		sum += Math.abs(i / n1 - j / n2) * (v - prev);
		prev = v;
		while (i < n1 && a[i] <= v) i++;
		while (j < n2 && b[j] <= v) j++;
	}
	return sum;
}

function relEntr(x: number, y: number): number {
	if (x > 0 && y > 0) return x * Math.log(x / y);
	if (x === 0 && y >= 0) return 0;
	return Infinity;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural log: √(½·KL(p‖m) + ½·KL(q‖m)). */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
	let sp = 0;
	let sq = 0;
	for (let i = 0; i < p.length; i++) {
		sp += p[i];
		sq += q[i];
	}
	let js = 0;
	for (let i = 0; i < p.length; i++) {
		const pi = p[i] / sp;
		const qi = q[i] / sq;
		const m = (pi + qi) / 2;
		js += relEntr(pi, m) + relEntr(qi, m);
	}
	return Math.sqrt(js / 2);
}

/** The Population Stability Index of two share vectors over the same bins (no zero shares). */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < reference.length; i++) sum += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
	return sum;
}

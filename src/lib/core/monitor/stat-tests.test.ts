import { describe, expect, it } from 'vitest';
import fixture from './fixtures/scipy-drift.json';
import { chiSquare, jensenShannon, kolmogorovSf, ksTwoSample, psi, smirnovSf, twoProportionZ, wasserstein } from './stat-tests';
import { chiSquareSf, logGamma, normalSf } from '../stats/special';

/** |a − b| within `rel` of b, or `abs` absolutely (p-values near 0 compare absolutely). */
function close(a: number, b: number, rel = 1e-9, abs = 1e-13) {
	if (!Number.isFinite(b)) return expect(a).toBe(b);
	expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(abs, rel * Math.abs(b)));
}

describe('special functions', () => {
	it('log Γ matches closed forms', () => {
		close(logGamma(1), 0, 0, 1e-14);
		close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
		close(logGamma(11), Math.log(3628800), 1e-14);
		close(logGamma(101), 363.73937555556347, 1e-13);
	});
	it('χ² and normal survival functions match closed forms', () => {
		// df = 2: sf(x) = e^(−x/2).
		close(chiSquareSf(3.7, 2), Math.exp(-1.85), 1e-13);
		close(chiSquareSf(90, 2), Math.exp(-45), 1e-12);
		// df = 1: sf(x) = 2·(1 − Φ(√x)); Φ(1.959963984540054) = 0.975.
		close(chiSquareSf(1.959963984540054 ** 2, 1), 0.05, 1e-12);
		close(normalSf(1.959963984540054), 0.025, 1e-12);
		close(normalSf(-1.959963984540054), 0.975, 1e-12);
		close(normalSf(0), 0.5, 1e-15);
	});
});

describe('Kolmogorov–Smirnov as scipy.stats.ks_2samp', () => {
	for (const c of fixture.ks) {
		it(`${c.name} (${c.a.length} vs ${c.b.length})`, () => {
			const r = ksTwoSample(c.a, c.b);
			close(r.statistic, c.statistic, 1e-12);
			close(r.pValue, c.pvalue, 1e-8, 1e-14);
		});
	}
	it('kstwo.sf on every branch of scipy', () => {
		for (const g of fixture.kstwo) {
			const got = kolmogorovSf(g.n, g.x);
			try {
				close(got, g.sf, 1e-8, 1e-14);
			} catch (e) {
				throw new Error(`kstwo.sf(${g.x}, ${g.n}) = ${g.sf}, got ${got}`, { cause: e });
			}
		}
	});
	it('smirnov (one-sided) as scipy.special.smirnov', () => {
		for (const g of fixture.smirnov) {
			const got = smirnovSf(g.n, g.x);
			try {
				close(got, g.sf, 1e-8, 1e-15);
			} catch (e) {
				throw new Error(`smirnov(${g.n}, ${g.x}) = ${g.sf}, got ${got}`, { cause: e });
			}
		}
	});
});

describe('the other statistics as scipy', () => {
	it('chisquare', () => {
		for (const c of fixture.chisquare) {
			const r = chiSquare(c.observed, c.expected);
			close(r.statistic, c.statistic, 1e-12);
			close(r.pValue, c.pvalue, 1e-10);
		}
	});
	it('two-proportion z', () => {
		for (const c of fixture.z) {
			const r = twoProportionZ(c.h1, c.n1, c.h2, c.n2);
			close(r.statistic, c.z, 1e-12);
			close(r.pValue, c.pvalue, 1e-9, 1e-15);
		}
	});
	it('wasserstein_distance', () => {
		for (const c of fixture.wasserstein) close(wasserstein(c.a, c.b), c.distance, 1e-11);
	});
	it('jensenshannon (natural log)', () => {
		for (const c of fixture.jensenshannon) close(jensenShannon(c.p, c.q), c.distance, 1e-12);
	});
	it('PSI of two share vectors (closed form)', () => {
		// (0.5 − 0.25)·ln 2 + (0.5 − 0.75)·ln(2/3)
		close(psi([0.5, 0.5], [0.25, 0.75]), 0.25 * Math.LN2 - 0.25 * Math.log(2 / 3), 1e-14);
		expect(psi([0.2, 0.8], [0.2, 0.8])).toBe(0);
	});
});

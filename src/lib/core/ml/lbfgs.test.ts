import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './optim/lbfgs';

describe('L-BFGS', () => {
	it('minimises the Rosenbrock function from the classic start', () => {
		const r = minimizeLbfgs(
			(x, g) => {
				const a = 1 - x[0];
				const b = x[1] - x[0] * x[0];
				g[0] = -2 * a - 400 * x[0] * b;
				g[1] = 200 * b;
				return a * a + 100 * b * b;
			},
			Float64Array.from([-1.2, 1]),
			{ gtol: 1e-8, ftol: 0, maxIter: 500 }
		);
		expect(r.converged).toBe(true);
		expect(r.x[0]).toBeCloseTo(1, 6);
		expect(r.x[1]).toBeCloseTo(1, 6);
		expect(r.iterations).toBeLessThan(60);
	});

	it('solves an ill-conditioned quadratic and honours maxIter and abort', () => {
		const d = Float64Array.from({ length: 50 }, (_, i) => 10 ** (i / 12));
		const fg = (x: Float64Array, g: Float64Array): number => {
			let f = 0;
			for (let i = 0; i < x.length; i++) {
				g[i] = d[i] * (x[i] - 1);
				f += 0.5 * d[i] * (x[i] - 1) ** 2;
			}
			return f;
		};
		// condition number 1.2e4: scipy's L-BFGS-B (maxcor=10) needs 1239 iterations for gtol=1e-9.
		const r = minimizeLbfgs(fg, new Float64Array(50), { gtol: 1e-9, ftol: 0, maxIter: 3000 });
		expect(r.reason).toBe('gtol');
		expect(r.iterations).toBeLessThan(1500);
		expect(Math.max(...r.x.map((v) => Math.abs(v - 1)))).toBeLessThan(1e-7);
		expect(minimizeLbfgs(fg, new Float64Array(50), { maxIter: 3, ftol: 0 }).reason).toBe('maxIter');
		const ctl = new AbortController();
		const aborted = minimizeLbfgs(fg, new Float64Array(50), {
			signal: ctl.signal,
			onIteration: (i) => (i === 2 ? ctl.abort() : undefined)
		});
		expect(aborted.reason).toBe('aborted');
		expect(aborted.iterations).toBe(2);
	});
});

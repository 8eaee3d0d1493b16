/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, alg. 7.4, 3.5, 3.6).
 *
 * Used by the exact solvers (logistic regression and future GLMs), where a smooth convex
 * objective over a few hundred parameters converges in tens of iterations instead of the
 * thousands of epochs SGD would need.
 */

/** Returns f(x) and writes ∇f(x) into `grad`; must not keep references to either array. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
	/** Maximum number of iterations (line searches), default 100. */
	maxIter?: number;
	/** Stop when max |∇f| <= gtol (scipy's pgtol), default 1e-5. */
	gtol?: number;
	/** Stop when (f_prev - f) / max(|f_prev|, |f|, 1) <= ftol, default 2.2e-9 (scipy's factr=1e7). */
	ftol?: number;
	/** Number of correction pairs kept, default 10. */
	memory?: number;
	/** Maximum function evaluations per line search, default 40. */
	maxLineSearch?: number;
	/** Checked once per iteration: an aborted signal ends the run with reason 'aborted'. */
	signal?: AbortSignal;
	onIteration?: (iteration: number, f: number, gradMax: number) => void;
}

export type LbfgsStop = 'gtol' | 'ftol' | 'maxIter' | 'lineSearch' | 'aborted';

export interface LbfgsResult {
	x: Float64Array;
	f: number;
	grad: Float64Array;
	iterations: number;
	evaluations: number;
	converged: boolean;
	reason: LbfgsStop;
}

const C1 = 1e-4;
const C2 = 0.9;

export function minimizeLbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
	const maxIter = opts.maxIter ?? 100;
	const gtol = opts.gtol ?? 1e-5;
	const ftol = opts.ftol ?? 2.220446049250313e-9;
	const mem = Math.max(1, opts.memory ?? 10);
	const maxLs = opts.maxLineSearch ?? 40;
	const n = x0.length;

	const x = x0.slice();
	const g = new Float64Array(n);
	let f = fg(x, g);
	let evaluations = 1;
	if (!Number.isFinite(f)) throw new Error('L-BFGS: the objective is not finite at the starting point');

	const S: Float64Array[] = [];
	const Y: Float64Array[] = [];
	const rho: number[] = [];
	const d = new Float64Array(n);
	const alphaBuf = new Float64Array(mem);
	const ls = new LineSearch(fg, n, maxLs);

	let iterations = 0;
	let reason: LbfgsStop = 'maxIter';
	if (maxAbs(g) <= gtol) reason = 'gtol';
	else {
		while (iterations < maxIter) {
			if (opts.signal?.aborted) {
				reason = 'aborted';
				break;
			}
			twoLoop(g, S, Y, rho, alphaBuf, d);
			let slope = dot(g, d);
			if (!(slope < 0)) {
				// The quasi-Newton direction is not a descent direction (round-off): restart from steepest descent.
				S.length = Y.length = rho.length = 0;
				for (let i = 0; i < n; i++) d[i] = -g[i];
				slope = dot(g, d);
			}
			// The first step has no curvature information: scale it to unit length, as scipy does.
			const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
			const ok = ls.search(x, f, d, slope, step0);
			evaluations += ls.evaluations;
			if (!ok) {
				if (S.length > 0) {
					S.length = Y.length = rho.length = 0;
					continue;
				}
				reason = 'lineSearch';
				break;
			}
			iterations++;

			const s = new Float64Array(n);
			const y = new Float64Array(n);
			for (let i = 0; i < n; i++) {
				s[i] = ls.x[i] - x[i];
				y[i] = ls.g[i] - g[i];
			}
			const sy = dot(s, y);
			// Skipping pairs without positive curvature keeps the implicit Hessian positive definite.
			if (sy > 1e-10 * Math.sqrt(dot(y, y) * dot(s, s))) {
				if (S.length === mem) {
					S.shift();
					Y.shift();
					rho.shift();
				}
				S.push(s);
				Y.push(y);
				rho.push(1 / sy);
			}
			const fPrev = f;
			f = ls.f;
			x.set(ls.x);
			g.set(ls.g);
			const gmax = maxAbs(g);
			opts.onIteration?.(iterations, f, gmax);
			if (gmax <= gtol) {
				reason = 'gtol';
				break;
			}
			if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= ftol) {
				reason = 'ftol';
				break;
			}
		}
	}
	return { x, f, grad: g, iterations, evaluations, converged: reason === 'gtol' || reason === 'ftol', reason };
}

/** d = -H g by the two-loop recursion, with H0 = (sᵀy / yᵀy) I from the newest pair. */
function twoLoop(g: Float64Array, S: Float64Array[], Y: Float64Array[], rho: number[], a: Float64Array, d: Float64Array): void {
	const n = g.length;
	for (let i = 0; i < n; i++) d[i] = -g[i];
	const k = S.length;
	for (let j = k - 1; j >= 0; j--) {
		a[j] = rho[j] * dot(S[j], d);
		axpy(-a[j], Y[j], d);
	}
	if (k > 0) {
		const gamma = 1 / (rho[k - 1] * dot(Y[k - 1], Y[k - 1]));
		for (let i = 0; i < n; i++) d[i] *= gamma;
	}
	for (let j = 0; j < k; j++) {
		const b = rho[j] * dot(Y[j], d);
		axpy(a[j] - b, S[j], d);
	}
}

/** Strong-Wolfe line search: bracketing then zoom with safeguarded cubic interpolation. */
class LineSearch {
	/** The accepted point, its value and gradient after a successful search. */
	readonly x: Float64Array;
	readonly g: Float64Array;
	f = 0;
	evaluations = 0;
	private readonly xt: Float64Array;
	private readonly gt: Float64Array;
	private x0: Float64Array;
	private d: Float64Array;

	constructor(
		private readonly fg: Objective,
		n: number,
		private readonly maxEvals: number
	) {
		this.x = new Float64Array(n);
		this.g = new Float64Array(n);
		this.xt = new Float64Array(n);
		this.gt = new Float64Array(n);
		this.x0 = this.xt;
		this.d = this.xt;
	}

	/** φ(α) = f(x0 + α d); returns [φ, φ'] and leaves the trial point in xt/gt. */
	private phi(alpha: number): [number, number] {
		const { x0, d, xt, gt } = this;
		for (let i = 0; i < xt.length; i++) xt[i] = x0[i] + alpha * d[i];
		const f = this.fg(xt, gt);
		this.evaluations++;
		// Treat a non-finite value as "too far" so the search backs off instead of failing.
		return Number.isFinite(f) ? [f, dot(gt, d)] : [Infinity, Infinity];
	}

	private accept(f: number): true {
		this.x.set(this.xt);
		this.g.set(this.gt);
		this.f = f;
		return true;
	}

	search(x0: Float64Array, f0: number, d: Float64Array, slope0: number, step: number): boolean {
		this.x0 = x0;
		this.d = d;
		this.evaluations = 0;
		let bestF = f0;
		let prevA = 0;
		let prevF = f0;
		let prevD = slope0;
		let a = step;
		for (let i = 0; i < this.maxEvals; i++) {
			const [fa, da] = this.phi(a);
			if (fa < bestF) {
				bestF = fa;
				this.accept(fa);
			}
			if (fa > f0 + C1 * a * slope0 || (i > 0 && fa >= prevF)) {
				return this.zoom(f0, slope0, prevA, prevF, prevD, a, fa, da, bestF < f0);
			}
			if (Math.abs(da) <= -C2 * slope0) return this.accept(fa);
			if (da >= 0) return this.zoom(f0, slope0, a, fa, da, prevA, prevF, prevD, bestF < f0);
			prevA = a;
			prevF = fa;
			prevD = da;
			a *= 2;
		}
		return bestF < f0;
	}

	private zoom(
		f0: number,
		slope0: number,
		lo: number,
		flo: number,
		dlo: number,
		hi: number,
		fhi: number,
		dhi: number,
		improved: boolean
	): boolean {
		let bestF = improved ? this.f : f0;
		while (this.evaluations < this.maxEvals) {
			const a = interpolate(lo, flo, dlo, hi, fhi, dhi);
			const [fa, da] = this.phi(a);
			if (fa < bestF) {
				bestF = fa;
				this.accept(fa);
			}
			if (fa > f0 + C1 * a * slope0 || fa >= flo) {
				hi = a;
				fhi = fa;
				dhi = da;
			} else {
				if (Math.abs(da) <= -C2 * slope0) return this.accept(fa);
				if (da * (hi - lo) >= 0) {
					hi = lo;
					fhi = flo;
					dhi = dlo;
				}
				lo = a;
				flo = fa;
				dlo = da;
			}
			if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
		}
		// No Wolfe point, but any strict decrease still makes progress.
		return bestF < f0;
	}
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the middle 80% of [a, b]. */
function interpolate(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
	const lo = Math.min(a, b);
	const hi = Math.max(a, b);
	const margin = 0.1 * (hi - lo);
	if (Number.isFinite(fa) && Number.isFinite(fb) && Number.isFinite(da) && Number.isFinite(db)) {
		const d1 = da + db - (3 * (fa - fb)) / (a - b);
		const disc = d1 * d1 - da * db;
		if (disc >= 0) {
			const d2 = Math.sign(b - a) * Math.sqrt(disc);
			const t = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
			if (Number.isFinite(t) && t >= lo + margin && t <= hi - margin) return t;
		}
	}
	return 0.5 * (lo + hi);
}

function dot(a: Float64Array, b: Float64Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += a[i] * b[i];
	return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
	for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

function maxAbs(a: Float64Array): number {
	let m = 0;
	for (let i = 0; i < a.length; i++) {
		const v = Math.abs(a[i]);
		if (v > m) m = v;
	}
	return m;
}

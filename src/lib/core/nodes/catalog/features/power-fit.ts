/**
 * Box-Cox and Yeo-Johnson: the transforms and their lambdas fitted by maximum likelihood
 * exactly as scikit-learn's PowerTransformer does it — scipy.optimize.brent (with its
 * downhill bracket search from (-2, 2)) minimising the same negative log-likelihoods —
 * so the lambdas agree with scikit-learn to the optimiser's tolerance.
 */

const GOLD = 1.618034;
const CG = 0.381966;

type Fn = (x: number) => number;

/** scipy.optimize.bracket: grow (xa, xb) downhill until f(xb) is below both ends. */
function bracket(f: Fn, xa0: number, xb0: number): [number, number, number, number, number, number] {
	let [xa, xb] = [xa0, xb0];
	let [fa, fb] = [f(xa), f(xb)];
	if (fa < fb) [xa, xb, fa, fb] = [xb, xa, fb, fa];
	let xc = xb + GOLD * (xb - xa);
	let fc = f(xc);
	for (let iter = 0; fc < fb;) {
		const tmp1 = (xb - xa) * (fb - fc);
		const tmp2 = (xb - xc) * (fb - fa);
		const val = tmp2 - tmp1;
		const denom = Math.abs(val) < 1e-21 ? 2e-21 : 2 * val;
		let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
		const wlim = xb + 110 * (xc - xb);
		if (iter++ > 1000) throw new Error('the power transform found no minimum (too many iterations)');
		let fw: number;
		if ((w - xc) * (xb - w) > 0) {
			fw = f(w);
			if (fw < fc) return [xb, w, xc, fb, fw, fc];
			if (fw > fb) return [xa, xb, w, fa, fb, fw];
			w = xc + GOLD * (xc - xb);
			fw = f(w);
		} else if ((w - wlim) * (wlim - xc) >= 0) {
			w = wlim;
			fw = f(w);
		} else if ((w - wlim) * (xc - w) > 0) {
			fw = f(w);
			if (fw < fc) {
				[xb, xc, fb, fc] = [xc, w, fc, fw];
				w = xc + GOLD * (xc - xb);
				fw = f(w);
			}
		} else {
			w = xc + GOLD * (xc - xb);
			fw = f(w);
		}
		[xa, xb, xc, fa, fb, fc] = [xb, xc, w, fb, fc, fw];
	}
	return [xa, xb, xc, fa, fb, fc];
}

/** scipy.optimize.brent with its defaults (tol 1.48e-8, 500 iterations), line for line. */
export function brent(f: Fn, brack: [number, number] = [-2, 2], tol = 1.48e-8, maxiter = 500): number {
	const [xa, xb, xc, , fb] = bracket(f, brack[0], brack[1]);
	let x = xb,
		w = xb,
		v = xb;
	let fx = fb,
		fw = fb,
		fv = fb;
	let a = Math.min(xa, xc),
		b = Math.max(xa, xc);
	let deltax = 0,
		rat = 0;
	for (let iter = 0; iter < maxiter; iter++) {
		const tol1 = tol * Math.abs(x) + 1e-11;
		const tol2 = 2 * tol1;
		const xmid = 0.5 * (a + b);
		if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
		if (Math.abs(deltax) <= tol1) {
			deltax = x >= xmid ? a - x : b - x;
			rat = CG * deltax;
		} else {
			const tmp1 = (x - w) * (fx - fv);
			let tmp2 = (x - v) * (fx - fw);
			let q = (x - v) * tmp2 - (x - w) * tmp1;
			tmp2 = 2 * (tmp2 - tmp1);
			if (tmp2 > 0) q = -q;
			tmp2 = Math.abs(tmp2);
			const dxTemp = deltax;
			deltax = rat;
			if (q > tmp2 * (a - x) && q < tmp2 * (b - x) && Math.abs(q) < Math.abs(0.5 * tmp2 * dxTemp)) {
				rat = q / tmp2;
				const u = x + rat;
				if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
			} else {
				deltax = x >= xmid ? a - x : b - x;
				rat = CG * deltax;
			}
		}
		const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
		const fu = f(u);
		if (fu > fx) {
			if (u < x) a = u;
			else b = u;
			if (fu <= fw || w === x) [v, w, fv, fw] = [w, u, fw, fu];
			else if (fu <= fv || v === x || v === w) [v, fv] = [u, fu];
		} else {
			if (u >= x) a = x;
			else b = x;
			[v, w, x, fv, fw, fx] = [w, x, u, fw, fx, fu];
		}
	}
	return x;
}

/** Population variance (numpy's var), two passes. */
function variance(values: Float64Array): number {
	let sum = 0;
	for (const x of values) sum += x;
	const mean = sum / values.length;
	let ss = 0;
	for (const x of values) ss += (x - mean) ** 2;
	return ss / values.length;
}

/** scipy.special.boxcox for one value. */
export function boxCox(x: number, lambda: number): number {
	return Math.abs(lambda) < 1e-19 ? Math.log(x) : Math.expm1(lambda * Math.log(x)) / lambda;
}

/** scikit-learn's _yeo_johnson_transform for one value. */
export function yeoJohnson(x: number, lambda: number): number {
	if (x >= 0) return Math.abs(lambda) < Number.EPSILON ? Math.log1p(x) : ((x + 1) ** lambda - 1) / lambda;
	return Math.abs(lambda - 2) > Number.EPSILON ? -((1 - x) ** (2 - lambda) - 1) / (2 - lambda) : -Math.log1p(-x);
}

/** Lambda maximising scipy.stats.boxcox_llf on positive values. */
export function boxCoxLambda(x: Float64Array): number {
	const logs = x.map(Math.log);
	let sumLog = 0;
	for (const l of logs) sumLog += l;
	const n = x.length;
	const tmp = new Float64Array(n);
	return brent((lambda) => {
		// As scipy: the variance of x^λ/λ (the offset -1/λ changes nothing and costs precision).
		if (lambda === 0) tmp.set(logs);
		else for (let i = 0; i < n; i++) tmp[i] = x[i] ** lambda / lambda;
		return -((lambda - 1) * sumLog - (n / 2) * Math.log(variance(tmp)));
	});
}

/** Lambda minimising scikit-learn's Yeo-Johnson negative log-likelihood. */
export function yeoJohnsonLambda(x: Float64Array): number {
	let signedLog = 0;
	for (const v of x) signedLog += Math.sign(v) * Math.log1p(Math.abs(v));
	const n = x.length;
	const tmp = new Float64Array(n);
	return brent((lambda) => {
		for (let i = 0; i < n; i++) tmp[i] = yeoJohnson(x[i], lambda);
		const v = variance(tmp);
		if (v < 2.2250738585072014e-308) return Infinity;
		return (n / 2) * Math.log(v) - (lambda - 1) * signedLog;
	});
}

import type { Matrix } from './matrix';

export interface LeastSquaresResult {
	/** Solution in the original column order; columns found dependent get 0 (a "basic" solution). */
	x: Float64Array;
	/** Numerical rank of A. */
	rank: number;
	/** Original indices of the columns that were found linearly dependent on the others. */
	dependent: number[];
	/** Residual sum of squares ||A x - b||². */
	rss: number;
}

/**
 * Minimises ||A x - b|| by Householder QR with column pivoting.
 *
 * Why QR and not the normal equations: forming AᵀA squares the condition number, which loses
 * half the digits on correlated features; Householder QR works on A itself and is backward
 * stable. Column pivoting puts the strongest remaining column first at every step, so a
 * column that is (numerically) a combination of earlier ones ends up last with a tiny
 * diagonal in R and is reported in `dependent` rather than producing huge, meaningless
 * coefficients. The rank threshold follows LAPACK / numpy: |R_kk| <= max(m, n)·eps·|R_00|
 * unless `rcond` overrides it.
 */
export function leastSquares(A: Matrix, b: Float64Array, rcond?: number): LeastSquaresResult {
	const m = A.rows;
	const n = A.cols;
	if (b.length !== m) throw new Error(`leastSquares: b has ${b.length} values for ${m} rows`);

	// Column-major working copy: every Householder step streams whole columns.
	const a = new Float64Array(m * n);
	for (let i = 0; i < m; i++) {
		const off = i * n;
		for (let j = 0; j < n; j++) a[j * m + i] = A.data[off + j];
	}
	const qtb = b.slice();
	const perm = new Int32Array(n);
	for (let j = 0; j < n; j++) perm[j] = j;
	const norms2 = new Float64Array(n);
	const diag = new Float64Array(n);
	const steps = Math.min(m, n);

	for (let k = 0; k < steps; k++) {
		// Exact trailing norms (not downdated): costs the same order as the QR step and
		// never suffers the cancellation that downdating needs guards against.
		let best = k;
		for (let j = k; j < n; j++) {
			let s = 0;
			const base = j * m;
			for (let i = k; i < m; i++) s += a[base + i] * a[base + i];
			norms2[j] = s;
			if (s > norms2[best]) best = j;
		}
		const normX = Math.sqrt(norms2[best]);
		if (best !== k) swapColumns(a, m, k, best, perm);

		const base = k * m;
		if (normX === 0) {
			diag[k] = 0;
			continue;
		}
		const alpha = a[base + k] > 0 ? -normX : normX;
		// v = x - alpha e1, stored in place of x; H = I - 2 v vᵀ / (vᵀv).
		a[base + k] -= alpha;
		let vtv = 0;
		for (let i = k; i < m; i++) vtv += a[base + i] * a[base + i];
		diag[k] = alpha;
		if (vtv === 0) continue;
		const scale = 2 / vtv;
		for (let j = k + 1; j < n; j++) {
			const cb = j * m;
			let s = 0;
			for (let i = k; i < m; i++) s += a[base + i] * a[cb + i];
			s *= scale;
			if (s !== 0) for (let i = k; i < m; i++) a[cb + i] -= s * a[base + i];
		}
		let s = 0;
		for (let i = k; i < m; i++) s += a[base + i] * qtb[i];
		s *= scale;
		for (let i = k; i < m; i++) qtb[i] -= s * a[base + i];
	}

	const eps = 2.220446049250313e-16;
	const tol = (rcond ?? Math.max(m, n) * eps) * Math.abs(diag[0] ?? 0);
	let rank = 0;
	while (rank < steps && Math.abs(diag[rank]) > tol) rank++;

	// Back substitution on the leading rank×rank block of R (upper triangle lives above the diagonal of a).
	const z = new Float64Array(rank);
	for (let i = rank - 1; i >= 0; i--) {
		let s = qtb[i];
		for (let j = i + 1; j < rank; j++) s -= a[j * m + i] * z[j];
		z[i] = s / diag[i];
	}
	const x = new Float64Array(n);
	for (let i = 0; i < rank; i++) x[perm[i]] = z[i];
	const dependent: number[] = [];
	for (let i = rank; i < n; i++) dependent.push(perm[i]);
	dependent.sort((p, q) => p - q);

	let rss = 0;
	for (let i = rank; i < m; i++) rss += qtb[i] * qtb[i];
	return { x, rank, dependent, rss };
}

function swapColumns(a: Float64Array, m: number, p: number, q: number, perm: Int32Array): void {
	const bp = p * m;
	const bq = q * m;
	for (let i = 0; i < m; i++) {
		const t = a[bp + i];
		a[bp + i] = a[bq + i];
		a[bq + i] = t;
	}
	const t = perm[p];
	perm[p] = perm[q];
	perm[q] = t;
}

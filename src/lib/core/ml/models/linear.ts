import { leastSquares } from '../linalg';
import { assertFinite, columnMeans, zeros, type Matrix } from '../matrix';

export interface LinearOptions {
	/** Ridge (L2) strength, as sklearn's Ridge(alpha): minimises ||y - Xw - b||² + alpha·||w||². */
	alpha?: number;
	fitIntercept?: boolean;
}

/** Plain JSON: what a saved pipeline stores for a fitted linear model. */
export interface LinearState {
	coef: number[];
	intercept: number;
}

/**
 * Ordinary least squares or ridge regression by QR.
 *
 * With an intercept the columns and target are centred first: the intercept then drops out of
 * the problem, is never penalised (as in sklearn), and centring also improves conditioning.
 * Ridge is solved as plain least squares on [X; sqrt(alpha)·I] against [y; 0], which has the
 * same minimiser as (XᵀX + alpha·I) w = Xᵀy without ever forming XᵀX.
 */
export function fitLinear(X: Matrix, y: Float64Array, opts: LinearOptions = {}): LinearState {
	const alpha = opts.alpha ?? 0;
	const fitIntercept = opts.fitIntercept ?? true;
	if (!(alpha >= 0)) throw new Error(`Linear regression: alpha must be >= 0, got ${alpha}`);
	if (y.length !== X.rows) throw new Error(`Linear regression: ${y.length} targets for ${X.rows} rows`);
	if (X.rows === 0) throw new Error('Linear regression: no training rows');
	assertFinite(X, 'X');
	for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`Linear regression: target is non-finite at row ${i}`);

	const n = X.rows;
	const p = X.cols;
	const xMean = fitIntercept ? columnMeans(X) : new Float64Array(p);
	let yMean = 0;
	if (fitIntercept) {
		for (let i = 0; i < n; i++) yMean += y[i];
		yMean /= n;
	}

	const extra = alpha > 0 ? p : 0;
	const A = zeros(n + extra, p);
	const b = new Float64Array(n + extra);
	for (let i = 0; i < n; i++) {
		const off = i * p;
		for (let j = 0; j < p; j++) A.data[off + j] = X.data[off + j] - xMean[j];
		b[i] = y[i] - yMean;
	}
	const root = Math.sqrt(alpha);
	for (let j = 0; j < extra; j++) A.data[(n + j) * p + j] = root;

	const { x: basic, dependent } = leastSquares(A, b);
	// Collinear features (e.g. every one-hot column of a category): like numpy's lstsq and
	// scikit-learn, return the minimum-norm solution, which does not depend on column order.
	const x = dependent.length ? minimumNorm(A, basic, dependent) : basic;
	let intercept = yMean;
	for (let j = 0; j < p; j++) intercept -= xMean[j] * x[j];
	return { coef: Array.from(x), intercept };
}

export function predictLinear(state: LinearState, X: Matrix): Float64Array {
	const p = state.coef.length;
	if (X.cols !== p) throw new Error(`Linear model expects ${p} features, got ${X.cols}`);
	const w = Float64Array.from(state.coef);
	const out = new Float64Array(X.rows);
	for (let i = 0; i < X.rows; i++) {
		let s = state.intercept;
		const off = i * p;
		for (let j = 0; j < p; j++) s += w[j] * X.data[off + j];
		out[i] = s;
	}
	return out;
}

/**
 * Turn a basic least-squares solution (dependent columns at 0) into the minimum-norm one:
 * each dependent column j equals a combination c of the independent ones, so
 * z_j = e_j − c spans the null space of A; removing x's component along it leaves A·x unchanged.
 */
function minimumNorm(A: Matrix, basic: Float64Array, dependent: readonly number[]): Float64Array {
	const p = A.cols;
	const isDep = new Set(dependent);
	const indep = Array.from({ length: p }, (_, j) => j).filter((j) => !isDep.has(j));
	const B = zeros(A.rows, indep.length);
	for (let i = 0; i < A.rows; i++) for (let k = 0; k < indep.length; k++) B.data[i * indep.length + k] = A.data[i * p + indep[k]];
	const m = dependent.length;
	const N = new Float64Array(p * m); // p × m, column k is the null vector of dependent[k]
	dependent.forEach((j, k) => {
		const col = new Float64Array(A.rows);
		for (let i = 0; i < A.rows; i++) col[i] = A.data[i * p + j];
		const c = indep.length ? leastSquares(B, col).x : new Float64Array(0);
		N[j * m + k] = 1;
		indep.forEach((jj, t) => (N[jj * m + k] = -c[t]));
	});
	// Solve (NᵀN) w = Nᵀx by Cholesky-free Gaussian elimination: m is the count of dependent columns, small.
	const G = new Float64Array(m * m);
	const r = new Float64Array(m);
	for (let a = 0; a < m; a++) {
		for (let i = 0; i < p; i++) r[a] += N[i * m + a] * basic[i];
		for (let c = 0; c < m; c++) for (let i = 0; i < p; i++) G[a * m + c] += N[i * m + a] * N[i * m + c];
	}
	const w = solveSmall(G, r, m);
	const x = Float64Array.from(basic);
	for (let i = 0; i < p; i++) for (let k = 0; k < m; k++) x[i] -= N[i * m + k] * w[k];
	return x;
}

function solveSmall(G: Float64Array, r: Float64Array, m: number): Float64Array {
	const a = Float64Array.from(G);
	const b = Float64Array.from(r);
	for (let col = 0; col < m; col++) {
		let piv = col;
		for (let row = col + 1; row < m; row++) if (Math.abs(a[row * m + col]) > Math.abs(a[piv * m + col])) piv = row;
		if (piv !== col) {
			for (let k = 0; k < m; k++) [a[col * m + k], a[piv * m + k]] = [a[piv * m + k], a[col * m + k]];
			[b[col], b[piv]] = [b[piv], b[col]];
		}
		for (let row = col + 1; row < m; row++) {
			const f = a[row * m + col] / a[col * m + col];
			for (let k = col; k < m; k++) a[row * m + k] -= f * a[col * m + k];
			b[row] -= f * b[col];
		}
	}
	const w = new Float64Array(m);
	for (let row = m - 1; row >= 0; row--) {
		let s = b[row];
		for (let k = row + 1; k < m; k++) s -= a[row * m + k] * w[k];
		w[row] = s / a[row * m + row];
	}
	return w;
}

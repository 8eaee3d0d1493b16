import { leastSquares } from '../linalg';
import { assertFinite, columnMeans, zeros, type Matrix } from '../matrix';
import { yielder } from '../../util/yield';
import { enetCoordinateDescent, type GramProblem } from './coordinate-descent';

export type LinearPenalty = 'none' | 'l2' | 'l1' | 'elasticnet';

export interface LinearOptions {
	/** Default 'l2' when alpha > 0, else 'none' (the behaviour before penalties had names). */
	penalty?: LinearPenalty;
	/**
	 * Penalty strength as sklearn's: Ridge(alpha) minimises ||y - Xw - b||² + alpha·||w||²;
	 * Lasso / ElasticNet(alpha, l1_ratio) minimise 1/(2n)||y - Xw - b||² + alpha·l1Ratio·||w||₁
	 * + alpha(1 - l1Ratio)/2·||w||².
	 */
	alpha?: number;
	/** Share of L1 in the elastic net (sklearn's l1_ratio), default 0.5; l1 means 1. */
	l1Ratio?: number;
	/** Coordinate-descent sweeps (sklearn's max_iter), default 1000. */
	maxIter?: number;
	/** Duality-gap tolerance (sklearn's tol), default 1e-4. */
	tol?: number;
	fitIntercept?: boolean;
	signal?: AbortSignal;
	/** Coordinate descent only: the objective after each sweep. */
	onIteration?: (iteration: number, loss: number) => void;
}

/** Plain JSON: what a saved pipeline stores for a fitted linear model. */
export interface LinearState {
	coef: number[];
	intercept: number;
	/** Coordinate descent: sweeps run and whether the duality gap closed (absent for closed forms). */
	iterations?: number;
	converged?: boolean;
}

/**
 * Least squares with no penalty or ridge by QR; lasso / elastic net by coordinate descent.
 * An aborted signal ends coordinate descent after the current sweep with converged: false
 * (the caller sees its signal and decides whether to keep the model).
 */
export async function fitLinear(X: Matrix, y: Float64Array, opts: LinearOptions = {}): Promise<LinearState> {
	const alpha = opts.alpha ?? 0;
	const penalty = opts.penalty ?? (alpha > 0 ? 'l2' : 'none');
	if (!(alpha >= 0)) throw new Error(`Linear regression: alpha must be >= 0, got ${alpha}`);
	const l1Ratio = penalty === 'l1' ? 1 : (opts.l1Ratio ?? 0.5);
	if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new Error(`Linear regression: l1 ratio must be in [0, 1], got ${l1Ratio}`);
	if (y.length !== X.rows) throw new Error(`Linear regression: ${y.length} targets for ${X.rows} rows`);
	if (X.rows === 0) throw new Error('Linear regression: no training rows');
	assertFinite(X, 'X');
	for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`Linear regression: target is non-finite at row ${i}`);
	if (penalty === 'none' || penalty === 'l2') return closedForm(X, y, penalty === 'l2' ? alpha : 0, opts.fitIntercept ?? true);

	const fitIntercept = opts.fitIntercept ?? true;
	const { prob, xMean, yMean } = await centredGram(X, y, fitIntercept, opts.signal);
	const tick = yielder();
	const res = await enetCoordinateDescent(prob, {
		alpha,
		l1Ratio,
		maxIter: opts.maxIter,
		tol: opts.tol,
		signal: opts.signal,
		onSweep: async (sweep, loss) => {
			opts.onIteration?.(sweep, loss);
			await tick();
		}
	});
	let intercept = yMean;
	for (let j = 0; j < X.cols; j++) intercept -= xMean[j] * res.coef[j];
	return { coef: Array.from(res.coef), intercept, iterations: res.sweeps, converged: res.converged };
}

/** XᵀX and Xᵀy of the centred data, in one pass over the rows (upper triangle, then mirrored). */
async function centredGram(X: Matrix, y: Float64Array, centre: boolean, signal?: AbortSignal) {
	const { rows: n, cols: p, data } = X;
	const xMean = centre ? columnMeans(X) : new Float64Array(p);
	let yMean = 0;
	if (centre) {
		for (let i = 0; i < n; i++) yMean += y[i];
		yMean /= n;
	}
	const gram = new Float64Array(p * p);
	const xty = new Float64Array(p);
	const row = new Float64Array(p);
	let yy = 0;
	const tick = yielder();
	for (let i = 0; i < n; i++) {
		const off = i * p;
		for (let j = 0; j < p; j++) row[j] = data[off + j] - xMean[j];
		const yi = y[i] - yMean;
		yy += yi * yi;
		for (let j = 0; j < p; j++) {
			const v = row[j];
			if (v === 0) continue;
			xty[j] += v * yi;
			const g = j * p;
			for (let k = j; k < p; k++) gram[g + k] += v * row[k];
		}
		if ((i & 8191) === 8191) {
			await tick();
			signal?.throwIfAborted();
		}
	}
	for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) gram[j * p + k] = gram[k * p + j];
	const prob: GramProblem = { gram, xty, yy, n, p };
	return { prob, xMean, yMean };
}

/**
 * Ordinary least squares or ridge regression by QR.
 *
 * With an intercept the columns and target are centred first: the intercept then drops out of
 * the problem, is never penalised (as in sklearn), and centring also improves conditioning.
 * Ridge is solved as plain least squares on [X; sqrt(alpha)·I] against [y; 0], which has the
 * same minimiser as (XᵀX + alpha·I) w = Xᵀy without ever forming XᵀX.
 */
function closedForm(X: Matrix, y: Float64Array, alpha: number, fitIntercept: boolean): LinearState {
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

import { leastSquares } from '../linalg';
import { assertFinite, zeros, type Matrix } from '../matrix';
import type { ComputePool } from '../../compute/pool';
import { LINEAR_CHUNK, openRowPasses, partialsLength, type RowPasses } from './linear-kernels';
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
	/** Threads for the passes over the rows (none: this thread; the coefficients are the same). */
	pool?: ComputePool;
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
 * Least squares with no penalty or ridge by the normal equations (QR where they do not serve),
 * lasso / elastic net by coordinate descent. An aborted signal ends coordinate descent after
 * the current sweep with converged: false (the caller sees its signal and decides whether to
 * keep the model). The passes over the rows (sums, Gram product, residuals) run on
 * `opts.pool`'s threads when given, in fixed chunks added in order: the same coefficients to
 * the bit on any number of threads.
 */
export async function fitLinear(X: Matrix, y: Float64Array, opts: LinearOptions = {}): Promise<LinearState> {
	const alpha = opts.alpha ?? 0;
	const penalty = opts.penalty ?? (alpha > 0 ? 'l2' : 'none');
	if (!(alpha >= 0)) throw new Error(`Linear regression: alpha must be >= 0, got ${alpha}`);
	const l1Ratio = penalty === 'l1' ? 1 : (opts.l1Ratio ?? 0.5);
	if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new Error(`Linear regression: l1 ratio must be in [0, 1], got ${l1Ratio}`);
	if (y.length !== X.rows) throw new Error(`Linear regression: ${y.length} targets for ${X.rows} rows`);
	if (X.rows === 0) throw new Error('Linear regression: no training rows');
	const { rows: n, cols: p } = X;
	const passes = await openRowPasses(opts.pool, X, y, null, { vec: 2 * p, partials: partialsLength('linear.gram', n, p, LINEAR_CHUNK) });
	try {
		const sums = await passes.reduce('linear.sums', LINEAR_CHUNK);
		// The column sums double as the finiteness check: a NaN or ±Infinity anywhere makes its column's sum non-finite.
		const means = new Float64Array(p);
		for (let j = 0; j < p; j++) means[j] = sums[j] / n;
		if (!means.every(Number.isFinite)) assertFinite(X, 'X');
		const ySum = sums[p];
		if (!Number.isFinite(ySum))
			for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw new Error(`Linear regression: target is non-finite at row ${i}`);
		const fitIntercept = opts.fitIntercept ?? true;
		const xMean = fitIntercept ? means : new Float64Array(p);
		const yMean = fitIntercept ? ySum / n : 0;
		passes.buffers.vec.set(xMean);
		if (penalty === 'none' || penalty === 'l2') return await closedForm(passes, X, y, xMean, yMean, penalty === 'l2' ? alpha : 0);

		const prob = await centredGram(passes, n, p, yMean);
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
		for (let j = 0; j < p; j++) intercept -= xMean[j] * res.coef[j];
		return { coef: Array.from(res.coef), intercept, iterations: res.sweeps, converged: res.converged };
	} finally {
		passes.close();
	}
}

/** XᵀX (mirrored from its upper triangle), Xᵀy and yᵀy of the centred data (the column means already in vec). */
async function centredGram(passes: RowPasses, n: number, p: number, yMean: number): Promise<GramProblem> {
	const s = await passes.reduce('linear.gram', LINEAR_CHUNK, yMean);
	const gram = s.slice(0, p * p);
	for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) gram[j * p + k] = gram[k * p + j];
	return { gram, xty: s.slice(p * p, p * p + p), yy: s[p * p + p], n, p };
}

/**
 * Ordinary least squares or ridge regression.
 *
 * With an intercept the columns and target are centred first: the intercept then drops out of
 * the problem, is never penalised (as in sklearn), and centring also improves conditioning.
 *
 * Fast path, for tall well-conditioned problems: the normal equations (XᵀX + alpha·I) w = Xᵀy,
 * formed in one pass over the rows and solved by a Cholesky factorisation of the p × p matrix
 * (Jacobi-scaled), then refined against residuals computed from X itself (corrected
 * semi-normal equations). Each refinement shrinks the error by about cond(XᵀX)·eps, so after
 * one or two passes the solution agrees with the QR one to rounding, at a fraction of the cost
 * of a Householder QR of the n × p copy.
 *
 * Otherwise (rank-deficient or ill-conditioned X, or too few rows) the QR path: ridge as plain
 * least squares on [X; sqrt(alpha)·I] against [y; 0], which has the same minimiser without
 * ever forming XᵀX, and the minimum-norm solution for collinear columns.
 */
async function closedForm(
	passes: RowPasses,
	X: Matrix,
	y: Float64Array,
	xMean: Float64Array,
	yMean: number,
	alpha: number
): Promise<LinearState> {
	const n = X.rows;
	const p = X.cols;
	const x = (n >= 2 * p && (await normalEquations(passes, n, p, xMean, yMean, alpha))) || qrSolve(X, y, xMean, yMean, alpha);
	let intercept = yMean;
	for (let j = 0; j < p; j++) intercept -= xMean[j] * x[j];
	return { coef: Array.from(x), intercept };
}

function qrSolve(X: Matrix, y: Float64Array, xMean: Float64Array, yMean: number, alpha: number): Float64Array {
	const n = X.rows;
	const p = X.cols;
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
	return dependent.length ? minimumNorm(A, basic, dependent) : basic;
}

const EPS = 2.220446049250313e-16;

/**
 * The normal-equations solve described at closedForm, or null when the problem is too close to
 * rank-deficient for it (the QR path then decides which columns are dependent, as before).
 */
async function normalEquations(
	passes: RowPasses,
	n: number,
	p: number,
	xMean: Float64Array,
	yMean: number,
	alpha: number
): Promise<Float64Array | null> {
	if (p === 0) return new Float64Array(0);
	const { gram, xty } = await centredGram(passes, n, p, yMean);
	for (let j = 0; j < p; j++) gram[j * p + j] += alpha;

	// Jacobi scaling D = diag(G)^-½, then Cholesky of D·G·D (lower triangle, in place of a copy).
	const d = new Float64Array(p);
	let dMin = Infinity;
	let dMax = 0;
	for (let j = 0; j < p; j++) {
		const v = gram[j * p + j];
		if (!(v > 0)) return null; // a constant column: rank-deficient
		d[j] = 1 / Math.sqrt(v);
		dMin = Math.min(dMin, v);
		dMax = Math.max(dMax, v);
	}
	const L = new Float64Array(p * p);
	for (let j = 0; j < p; j++) for (let k = 0; k <= j; k++) L[j * p + k] = gram[j * p + k] * d[j] * d[k];
	let lMin = Infinity;
	let lMax = 0;
	for (let j = 0; j < p; j++) {
		const rj = j * p;
		for (let k = 0; k < j; k++) {
			const rk = k * p;
			let s = L[rj + k];
			for (let t = 0; t < k; t++) s -= L[rj + t] * L[rk + t];
			L[rj + k] = s / L[rk + k];
		}
		let s = L[rj + j];
		for (let t = 0; t < j; t++) s -= L[rj + t] * L[rj + t];
		if (!(s > 0)) return null;
		const l = Math.sqrt(s);
		L[rj + j] = l;
		lMin = Math.min(lMin, l);
		lMax = Math.max(lMax, l);
	}
	// (max Lᵢᵢ / min Lᵢᵢ)² estimates cond(D·G·D) from below. Keep to problems well inside what the
	// refinement corrects (≤ 1e10), and far (×1000) from the QR path's rank threshold
	// |R_kk| <= max(m, p)·eps·|R_00|, so that QR would not have called any column dependent.
	const condScaled = (lMax / lMin) ** 2;
	const condX = Math.sqrt(condScaled * (dMax / dMin));
	const m = n + (alpha > 0 ? p : 0);
	if (!(condScaled <= 1e10) || !(condX <= 1e-3 / (Math.max(m, p) * EPS))) return null;

	const solve = (rhs: Float64Array, out: Float64Array) => {
		// G⁻¹ = D (LLᵀ)⁻¹ D
		for (let j = 0; j < p; j++) {
			let s = rhs[j] * d[j];
			for (let t = 0; t < j; t++) s -= L[j * p + t] * out[t];
			out[j] = s / L[j * p + j];
		}
		for (let j = p - 1; j >= 0; j--) {
			let s = out[j];
			for (let t = j + 1; t < p; t++) s -= L[t * p + j] * out[t];
			out[j] = s / L[j * p + j];
		}
		for (let j = 0; j < p; j++) out[j] *= d[j];
	};
	const w = new Float64Array(p);
	solve(xty, w);
	const r = new Float64Array(p);
	const delta = new Float64Array(p);
	for (let step = 0; step < 4; step++) {
		await residualGradient(passes, p, xMean, yMean, alpha, w, r);
		solve(r, delta);
		let dw = 0;
		let wMax = 0;
		for (let j = 0; j < p; j++) {
			w[j] += delta[j];
			dw = Math.max(dw, Math.abs(delta[j]));
			wMax = Math.max(wMax, Math.abs(w[j]));
		}
		if (!Number.isFinite(dw)) return null;
		if (dw <= 1e-14 * wMax) return w;
	}
	return null;
}

/** out = Xcᵀ(yc − Xc·w) − alpha·w (Xc, yc the centred data): minus half the gradient of the objective. */
async function residualGradient(
	passes: RowPasses,
	p: number,
	xMean: Float64Array,
	yMean: number,
	alpha: number,
	w: Float64Array,
	out: Float64Array
): Promise<void> {
	let b = yMean;
	for (let j = 0; j < p; j++) b -= xMean[j] * w[j];
	passes.buffers.vec.set(w, p);
	const r = await passes.reduce('linear.residual', LINEAR_CHUNK, b);
	for (let j = 0; j < p; j++) out[j] = r[j] - alpha * w[j];
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

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

	const { x, dependent } = leastSquares(A, b);
	if (dependent.length > 0) {
		// A silent basic solution would make coefficients depend on column order; say so instead.
		const cols = dependent.map((j) => `#${j}`).join(', ');
		throw new Error(
			`Linear regression: feature column(s) ${cols} are constant or a linear combination of other features ` +
				`(rank ${p - dependent.length} of ${p}); drop them or use ridge (alpha > 0)`
		);
	}
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

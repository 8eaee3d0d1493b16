import type { Matrix } from '../matrix';
import { assertFinite } from '../matrix';
import { minimizeLbfgs } from '../optim/lbfgs';
import { argmaxRows } from './argmax';

export interface LogisticOptions {
	/** Inverse regularisation strength, as sklearn's C (default 1). */
	C?: number;
	/** L-BFGS iterations, default 100 (sklearn's max_iter). */
	maxIter?: number;
	/** Gradient tolerance as sklearn's tol (on the summed objective), default 1e-4. */
	tol?: number;
	signal?: AbortSignal;
	/** loss = mean log-loss + ‖W‖²/(2Cn), the objective actually minimised. */
	onIteration?: (iteration: number, loss: number) => void;
}

/** Plain JSON. Binary models have one coefficient row (the positive class, code 1), like sklearn. */
export interface LogisticState {
	classes: number;
	coef: number[][];
	intercept: number[];
	iterations: number;
	converged: boolean;
}

/**
 * L2-regularised logistic regression, the same model as sklearn's
 * LogisticRegression(C, penalty='l2', solver='lbfgs'): binary sigmoid for 2 classes, full
 * multinomial softmax (k coefficient rows) above that, intercepts unpenalised.
 *
 * The objective sklearn states is ½‖W‖² + C·Σ logloss. Like sklearn ≥ 1.1 we minimise it divided
 * by C·n — the mean log-loss plus ‖W‖²/(2Cn) — which has the same minimiser but a gradient
 * whose scale does not grow with n, so `tol` means the same thing for 100 or 100,000 rows.
 */
export function fitLogistic(X: Matrix, y: Int32Array, k: number, opts: LogisticOptions = {}): LogisticState {
	const C = opts.C ?? 1;
	if (!(C > 0)) throw new Error(`Logistic regression: C must be > 0, got ${C}`);
	if (k < 2) throw new Error('Logistic regression needs at least 2 classes');
	if (y.length !== X.rows) throw new Error(`Logistic regression: ${y.length} labels for ${X.rows} rows`);
	if (X.rows === 0) throw new Error('Logistic regression: no training rows');
	assertFinite(X, 'X');
	for (let i = 0; i < y.length; i++) {
		if (y[i] < 0 || y[i] >= k) throw new Error(`Logistic regression: label ${y[i]} at row ${i} is outside 0..${k - 1}`);
	}
	const lambda = 1 / (C * X.rows);
	const objective = k === 2 ? binaryObjective(X, y, lambda) : multinomialObjective(X, y, k, lambda);
	const p = X.cols;
	const rows = k === 2 ? 1 : k;
	const result = minimizeLbfgs(objective, new Float64Array(rows * (p + 1)), {
		maxIter: opts.maxIter ?? 100,
		// sklearn ≤ 1.2 (our reference) applies tol to the gradient of the summed objective; on the
		// mean objective that is tol / n. Looser (tol on the mean) stops ~0.5% short of the optimum.
		gtol: (opts.tol ?? 1e-4) / X.rows,
		// sklearn passes ftol = 64·eps, i.e. effectively "stop on the gradient only".
		ftol: 64 * 2.220446049250313e-16,
		// sklearn allows 50 line-search steps (maxls).
		maxLineSearch: 50,
		signal: opts.signal,
		onIteration: opts.onIteration ? (it, f) => opts.onIteration?.(it, f) : undefined
	});
	// An aborted fit has no meaningful state to keep: report it as the abort it was.
	opts.signal?.throwIfAborted();

	const coef: number[][] = [];
	for (let c = 0; c < rows; c++) coef.push(Array.from(result.x.subarray(c * p, (c + 1) * p)));
	const intercept = Array.from(result.x.subarray(rows * p));
	return { classes: k, coef, intercept, iterations: result.iterations, converged: result.converged };
}

/** Parameters: [w_0..w_{p-1}, b]. */
function binaryObjective(X: Matrix, y: Int32Array, lambda: number) {
	const { rows: n, cols: p, data } = X;
	return (w: Float64Array, grad: Float64Array): number => {
		grad.fill(0);
		const b = w[p];
		let loss = 0;
		let gb = 0;
		for (let i = 0; i < n; i++) {
			const off = i * p;
			let z = b;
			for (let j = 0; j < p; j++) z += w[j] * data[off + j];
			// log(1 + e^{-z}) for y=1, log(1 + e^{z}) for y=0, in a form that never overflows.
			// One exp per row: e = exp(-|z|) serves both the loss and the sigmoid.
			const m = y[i] === 1 ? -z : z;
			const e = Math.exp(-Math.abs(z));
			loss += (m > 0 ? m : 0) + Math.log1p(e);
			const prob = z >= 0 ? 1 / (1 + e) : e / (1 + e);
			const r = prob - y[i];
			if (r !== 0) for (let j = 0; j < p; j++) grad[j] += r * data[off + j];
			gb += r;
		}
		let reg = 0;
		for (let j = 0; j < p; j++) {
			reg += w[j] * w[j];
			grad[j] = grad[j] / n + lambda * w[j];
		}
		grad[p] = gb / n;
		return loss / n + 0.5 * lambda * reg;
	};
}

/** Parameters: [W (k×p, row-major), b_0..b_{k-1}]. */
function multinomialObjective(X: Matrix, y: Int32Array, k: number, lambda: number) {
	const { rows: n, cols: p, data } = X;
	const scores = new Float64Array(k);
	return (w: Float64Array, grad: Float64Array): number => {
		grad.fill(0);
		const bOff = k * p;
		let loss = 0;
		for (let i = 0; i < n; i++) {
			const off = i * p;
			let max = -Infinity;
			for (let c = 0; c < k; c++) {
				let s = w[bOff + c];
				const wc = c * p;
				for (let j = 0; j < p; j++) s += w[wc + j] * data[off + j];
				scores[c] = s;
				if (s > max) max = s;
			}
			const yi = y[i];
			const sy = scores[yi];
			let sum = 0;
			for (let c = 0; c < k; c++) {
				const e = Math.exp(scores[c] - max);
				scores[c] = e;
				sum += e;
			}
			// -log softmax_y = max + log Σ exp(s - max) - s_y, never overflowing.
			loss += max + Math.log(sum) - sy;
			const inv = 1 / sum;
			for (let c = 0; c < k; c++) {
				const r = scores[c] * inv - (c === yi ? 1 : 0);
				const gc = c * p;
				for (let j = 0; j < p; j++) grad[gc + j] += r * data[off + j];
				grad[bOff + c] += r;
			}
		}
		let reg = 0;
		for (let q = 0; q < bOff; q++) {
			reg += w[q] * w[q];
			grad[q] = grad[q] / n + lambda * w[q];
		}
		for (let c = 0; c < k; c++) grad[bOff + c] /= n;
		return loss / n + 0.5 * lambda * reg;
	};
}

/** Class probabilities, rows × classes, row-major. */
export function predictProbaLogistic(state: LogisticState, X: Matrix): Float64Array {
	const k = state.classes;
	const p = state.coef[0].length;
	if (X.cols !== p) throw new Error(`Logistic model expects ${p} features, got ${X.cols}`);
	const W = Float64Array.from(state.coef.flat());
	const out = new Float64Array(X.rows * k);
	const scores = new Float64Array(state.coef.length);
	for (let i = 0; i < X.rows; i++) {
		const off = i * p;
		for (let c = 0; c < state.coef.length; c++) {
			let s = state.intercept[c];
			for (let j = 0; j < p; j++) s += W[c * p + j] * X.data[off + j];
			scores[c] = s;
		}
		if (k === 2) {
			const z = scores[0];
			const p1 = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
			out[i * 2] = 1 - p1;
			out[i * 2 + 1] = p1;
		} else {
			let max = -Infinity;
			for (let c = 0; c < k; c++) if (scores[c] > max) max = scores[c];
			let sum = 0;
			for (let c = 0; c < k; c++) sum += scores[c] = Math.exp(scores[c] - max);
			for (let c = 0; c < k; c++) out[i * k + c] = scores[c] / sum;
		}
	}
	return out;
}

export function predictLogistic(state: LogisticState, X: Matrix): Int32Array {
	return argmaxRows(predictProbaLogistic(state, X), state.classes);
}

import type { Matrix } from '../matrix';
import { LOGISTIC_CHUNK, partialsLength, runAllChunks, sumPartials, type RowPasses } from './linear-kernels';

/** Returns f(w) and writes ∇f(w) into `grad` (one pass over the rows). */
export type SmoothObjective = (w: Float64Array, grad: Float64Array) => number;

/** The same, computed on the compute pool's threads. */
export type AsyncObjective = (w: Float64Array, grad: Float64Array) => Promise<number>;

/**
 * Binary log-loss: f = (1/n)·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) + ½λ‖w‖², intercept unpenalised.
 * Parameters: [w_0..w_{p-1}, b]. The pass over the rows is the 'logistic.binary' kernel in
 * fixed chunks added in order (linear-kernels.ts); `passes` holds X, the 0/1 labels as
 * numbers and the row weights (empty: every row weighs 1). `evaluate` runs it on the pool
 * (when the passes have one), `here` in this thread: the same numbers either way.
 */
export function binaryObjective(passes: RowPasses, lambda: number): { evaluate: AsyncObjective; here: SmoothObjective } {
	const { vec } = passes.buffers;
	const { rows: n, cols: p } = passes;
	const finish = (s: Float64Array, w: Float64Array, grad: Float64Array): number => {
		let reg = 0;
		const inv = 1 / n;
		for (let j = 0; j < p; j++) {
			reg += w[j] * w[j];
			grad[j] = s[j] * inv + lambda * w[j];
		}
		grad[p] = s[p] * inv;
		return s[p + 1] * inv + 0.5 * lambda * reg;
	};
	return {
		evaluate: async (w, grad) => {
			vec.set(w);
			return finish(await passes.reduce('logistic.binary', LOGISTIC_CHUNK), w, grad);
		},
		here: (w, grad) => {
			vec.set(w);
			return finish(passes.reduceHere('logistic.binary', LOGISTIC_CHUNK), w, grad);
		}
	};
}

/**
 * Mean binary log-loss of w = [w_0..w_{p-1}, b] on the passes' validation rows (meanLogLoss's
 * numbers, in fixed chunks added in order), on the pool when the passes have one.
 */
export function binaryValidationLoss(passes: RowPasses): (w: Float64Array) => Promise<number> {
	return async (w) => {
		passes.buffers.vec.set(w);
		const s = await passes.reduce('logistic.validation', LOGISTIC_CHUNK, 0, passes.validationRows);
		return s[1] ? s[0] / s[1] : NaN;
	};
}

/** Multinomial (softmax) log-loss. Parameters: [W (k×p, row-major), b_0..b_{k-1}]. */
export function multinomialObjective(X: Matrix, y: Int32Array, k: number, sw: Float64Array | null, lambda: number): SmoothObjective {
	const { rows: n, cols: p, data } = X;
	const scores = new Float64Array(k);
	return (w, grad) => {
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
			const s = sw === null ? 1 : sw[i];
			if (s === 0) continue;
			// -log softmax_y = max + log Σ exp(s - max) - s_y, never overflowing.
			loss += s * (max + Math.log(sum) - sy);
			const inv = s / sum;
			for (let c = 0; c < k; c++) {
				const r = scores[c] * inv - (c === yi ? s : 0);
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

/**
 * Mean log-loss of parameters `w` (layout as the objectives) on other rows — the validation
 * curve. Forward pass only; rows whose class is unknown (code < 0) or with a missing value are skipped.
 */
export function meanLogLoss(X: Matrix, y: Int32Array, k: number, w: Float64Array): number {
	if (k === 2) return binaryMeanLogLoss(X, y, w);
	const { rows: n, cols: p, data } = X;
	const rows = k === 2 ? 1 : k;
	const bOff = rows * p;
	const scores = new Float64Array(rows);
	let loss = 0;
	let counted = 0;
	for (let i = 0; i < n; i++) {
		const yi = y[i];
		if (yi < 0 || yi >= k) continue;
		const off = i * p;
		let max = -Infinity;
		for (let c = 0; c < rows; c++) {
			let s = w[bOff + c];
			for (let j = 0; j < p; j++) s += w[c * p + j] * data[off + j];
			scores[c] = s;
			if (s > max) max = s;
		}
		if (Number.isNaN(scores[0])) continue;
		if (k === 2) {
			const m = yi === 1 ? -scores[0] : scores[0];
			loss += (m > 0 ? m : 0) + Math.log1p(Math.exp(-Math.abs(m)));
		} else {
			let sum = 0;
			for (let c = 0; c < k; c++) sum += Math.exp(scores[c] - max);
			loss += max + Math.log(sum) - scores[yi];
		}
		counted++;
	}
	return counted ? loss / counted : NaN;
}

/** meanLogLoss for two classes: the validation pass of a fit on the pool, run here (one place for its numbers). */
function binaryMeanLogLoss(X: Matrix, y: Int32Array, w: Float64Array): number {
	const empty = new Float64Array(0);
	const chunks = Math.ceil(X.rows / LOGISTIC_CHUNK);
	const partials = new Float64Array(partialsLength('logistic.validation', X.rows, X.cols, LOGISTIC_CHUNK));
	const buffers = { X: empty, y: empty, weights: empty, valX: X.data, valY: Float64Array.from(y), vec: w, partials };
	runAllChunks(buffers, 'logistic.validation', chunks, [LOGISTIC_CHUNK, X.rows, X.cols, 0]);
	const s = sumPartials(partials, chunks, 2, new Float64Array(2));
	return s[1] ? s[0] / s[1] : NaN;
}

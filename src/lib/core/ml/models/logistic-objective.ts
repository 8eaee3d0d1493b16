import type { Matrix } from '../matrix';

/** Returns f(w) and writes ∇f(w) into `grad` (one pass over the rows). */
export type SmoothObjective = (w: Float64Array, grad: Float64Array) => number;

/**
 * Binary log-loss: f = (1/n)·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) + ½λ‖w‖², intercept unpenalised.
 * Parameters: [w_0..w_{p-1}, b]. `sw` null means every row weighs 1.
 */
export function binaryObjective(X: Matrix, y: Int32Array, sw: Float64Array | null, lambda: number): SmoothObjective {
	const { rows: n, cols: p, data } = X;
	const g = new Float64Array(p);
	return (w, grad) => {
		g.fill(0);
		const b = w[p];
		let loss = 0;
		let gb = 0;
		for (let i = 0; i < n; i++) {
			const off = i * p;
			let z = b;
			for (let j = 0; j < p; j++) z += w[j] * data[off + j];
			// log(1 + e^{-z}) for y=1, log(1 + e^{z}) for y=0, in a form that never overflows.
			// One exp per row: e = exp(-|z|) serves both the loss and the sigmoid.
			const yi = y[i];
			const m = yi === 1 ? -z : z;
			const e = Math.exp(-Math.abs(z));
			const prob = z >= 0 ? 1 / (1 + e) : e / (1 + e);
			let r = prob - yi;
			let l = (m > 0 ? m : 0) + Math.log1p(e);
			if (sw !== null) {
				const s = sw[i];
				r *= s;
				l *= s;
			}
			loss += l;
			if (r !== 0) for (let j = 0; j < p; j++) g[j] += r * data[off + j];
			gb += r;
		}
		let reg = 0;
		const inv = 1 / n;
		for (let j = 0; j < p; j++) {
			reg += w[j] * w[j];
			grad[j] = g[j] * inv + lambda * w[j];
		}
		grad[p] = gb * inv;
		return loss * inv + 0.5 * lambda * reg;
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

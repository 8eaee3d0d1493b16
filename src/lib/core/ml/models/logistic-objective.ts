import type { Matrix } from '../matrix';

/** Returns f(w) and writes ∇f(w) into `grad` (one pass over the rows). */
export type SmoothObjective = (w: Float64Array, grad: Float64Array) => number;

/**
 * Binary log-loss: f = (1/n)·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) + ½λ‖w‖², intercept unpenalised.
 * Parameters: [w_0..w_{p-1}, b]. `sw` null means every row weighs 1.
 *
 * Rows go four at a time: each w_j load serves four dot products, and each gradient slot is
 * read and written once per four rows — about 1.7× faster than row by row in V8, which keeps
 * the four sums in registers but not a p-long gradient.
 */
export function binaryObjective(X: Matrix, y: Int32Array, sw: Float64Array | null, lambda: number): SmoothObjective {
	const { rows: n, cols: p, data } = X;
	const g = new Float64Array(p);
	const r = new Float64Array(4);
	const tail = n - (n % 4);
	return (w, grad) => {
		// Locals, not closure slots, inside the hot loops.
		const d = data;
		const gg = g;
		const yy = y;
		gg.fill(0);
		const b = w[p];
		let loss = 0;
		let gb = 0;
		for (let i = 0; i < tail; i += 4) {
			const o0 = i * p;
			const o1 = o0 + p;
			const o2 = o1 + p;
			const o3 = o2 + p;
			let z0 = b;
			let z1 = b;
			let z2 = b;
			let z3 = b;
			for (let j = 0; j < p; j++) {
				const wj = w[j];
				z0 += wj * d[o0 + j];
				z1 += wj * d[o1 + j];
				z2 += wj * d[o2 + j];
				z3 += wj * d[o3 + j];
			}
			let r0: number;
			let r1: number;
			let r2: number;
			let r3: number;
			if (sw === null) {
				// Unweighted: the four rows' log(1 + e^{-|z|}) as one log of their product (each factor in [1, 2]).
				const e0 = Math.exp(-Math.abs(z0));
				const e1 = Math.exp(-Math.abs(z1));
				const e2 = Math.exp(-Math.abs(z2));
				const e3 = Math.exp(-Math.abs(z3));
				const q0 = 1 + e0;
				const q1 = 1 + e1;
				const q2 = 1 + e2;
				const q3 = 1 + e3;
				const i0 = 1 / q0;
				const i1 = 1 / q1;
				const i2 = 1 / q2;
				const i3 = 1 / q3;
				const y0 = yy[i];
				const y1 = yy[i + 1];
				const y2 = yy[i + 2];
				const y3 = yy[i + 3];
				r0 = (z0 >= 0 ? i0 : e0 * i0) - y0;
				r1 = (z1 >= 0 ? i1 : e1 * i1) - y1;
				r2 = (z2 >= 0 ? i2 : e2 * i2) - y2;
				r3 = (z3 >= 0 ? i3 : e3 * i3) - y3;
				const m0 = y0 === 1 ? -z0 : z0;
				const m1 = y1 === 1 ? -z1 : z1;
				const m2 = y2 === 1 ? -z2 : z2;
				const m3 = y3 === 1 ? -z3 : z3;
				loss += (m0 > 0 ? m0 : 0) + (m1 > 0 ? m1 : 0) + (m2 > 0 ? m2 : 0) + (m3 > 0 ? m3 : 0) + Math.log(q0 * q1 * q2 * q3);
			} else {
				loss += rowTerm(z0, yy[i], sw[i], r, 0);
				loss += rowTerm(z1, yy[i + 1], sw[i + 1], r, 1);
				loss += rowTerm(z2, yy[i + 2], sw[i + 2], r, 2);
				loss += rowTerm(z3, yy[i + 3], sw[i + 3], r, 3);
				r0 = r[0];
				r1 = r[1];
				r2 = r[2];
				r3 = r[3];
			}
			for (let j = 0; j < p; j++) gg[j] += r0 * d[o0 + j] + r1 * d[o1 + j] + r2 * d[o2 + j] + r3 * d[o3 + j];
			gb += r0 + r1 + r2 + r3;
		}
		for (let i = tail; i < n; i++) {
			const off = i * p;
			let z = b;
			for (let j = 0; j < p; j++) z += w[j] * d[off + j];
			loss += rowTerm(z, yy[i], sw === null ? 1 : sw[i], r, 0);
			const ri = r[0];
			for (let j = 0; j < p; j++) gg[j] += ri * d[off + j];
			gb += ri;
		}
		let reg = 0;
		const inv = 1 / n;
		for (let j = 0; j < p; j++) {
			reg += w[j] * w[j];
			grad[j] = gg[j] * inv + lambda * w[j];
		}
		grad[p] = gb * inv;
		return loss * inv + 0.5 * lambda * reg;
	};
}

/**
 * One row's weighted log-loss, returned, and its gradient residual s·(σ(z) − y), into r[k].
 * log(1 + e^{-z}) for y=1, log(1 + e^{z}) for y=0, in a form that never overflows; one exp
 * per row: e = exp(-|z|) serves both the loss and the sigmoid.
 */
function rowTerm(z: number, yi: number, s: number, r: Float64Array, k: number): number {
	const e = Math.exp(-Math.abs(z));
	const inv = 1 / (1 + e);
	r[k] = s * ((z >= 0 ? inv : e * inv) - yi);
	const m = yi === 1 ? -z : z;
	return s * ((m > 0 ? m : 0) + Math.log1p(e));
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

/** meanLogLoss for two classes: four rows at a time, as binaryObjective's forward pass. */
function binaryMeanLogLoss(X: Matrix, y: Int32Array, w: Float64Array): number {
	const { rows: n, cols: p, data: d } = X;
	const b = w[p];
	let loss = 0;
	let counted = 0;
	const tail = n - (n % 4);
	const term = (z: number, yi: number) => {
		if (yi < 0 || yi >= 2 || Number.isNaN(z)) return;
		const m = yi === 1 ? -z : z;
		loss += (m > 0 ? m : 0) + Math.log1p(Math.exp(-Math.abs(m)));
		counted++;
	};
	for (let i = 0; i < tail; i += 4) {
		const o0 = i * p;
		const o1 = o0 + p;
		const o2 = o1 + p;
		const o3 = o2 + p;
		let z0 = b;
		let z1 = b;
		let z2 = b;
		let z3 = b;
		for (let j = 0; j < p; j++) {
			const wj = w[j];
			z0 += wj * d[o0 + j];
			z1 += wj * d[o1 + j];
			z2 += wj * d[o2 + j];
			z3 += wj * d[o3 + j];
		}
		term(z0, y[i]);
		term(z1, y[i + 1]);
		term(z2, y[i + 2]);
		term(z3, y[i + 3]);
	}
	for (let i = tail; i < n; i++) {
		let z = b;
		const off = i * p;
		for (let j = 0; j < p; j++) z += w[j] * d[off + j];
		term(z, y[i]);
	}
	return counted ? loss / counted : NaN;
}

// Distance kernels over tiles of 4 query rows × 4 training rows: each loaded value is
// reused four times, which is what makes brute force affordable in plain JavaScript.
// Every kernel writes "reduced" distances (no final root) for query rows qr..qr+3 against
// training rows t0..t1 (t1 - t0 a multiple of 4) into out[q * stride + (t - t0)].

export type Kernel = (
	q: Float64Array,
	qr: number,
	t: Float64Array,
	t0: number,
	t1: number,
	p: number,
	out: Float64Array,
	stride: number
) => void;

/** Squared euclidean distance from differences: exact, so equal rows tie exactly. */
export function squaredKernel(
	q: Float64Array,
	qr: number,
	t: Float64Array,
	t0: number,
	t1: number,
	p: number,
	out: Float64Array,
	stride: number
): void {
	const a0 = qr * p;
	const a1 = a0 + p;
	const a2 = a1 + p;
	const a3 = a2 + p;
	for (let j = t0; j < t1; j += 4) {
		const b0 = j * p;
		const b1 = b0 + p;
		const b2 = b1 + p;
		const b3 = b2 + p;
		let s00 = 0,
			s01 = 0,
			s02 = 0,
			s03 = 0,
			s10 = 0,
			s11 = 0,
			s12 = 0,
			s13 = 0;
		let s20 = 0,
			s21 = 0,
			s22 = 0,
			s23 = 0,
			s30 = 0,
			s31 = 0,
			s32 = 0,
			s33 = 0;
		for (let d = 0; d < p; d++) {
			const y0 = t[b0 + d],
				y1 = t[b1 + d],
				y2 = t[b2 + d],
				y3 = t[b3 + d];
			let x = q[a0 + d];
			let e = x - y0;
			s00 += e * e;
			e = x - y1;
			s01 += e * e;
			e = x - y2;
			s02 += e * e;
			e = x - y3;
			s03 += e * e;
			x = q[a1 + d];
			e = x - y0;
			s10 += e * e;
			e = x - y1;
			s11 += e * e;
			e = x - y2;
			s12 += e * e;
			e = x - y3;
			s13 += e * e;
			x = q[a2 + d];
			e = x - y0;
			s20 += e * e;
			e = x - y1;
			s21 += e * e;
			e = x - y2;
			s22 += e * e;
			e = x - y3;
			s23 += e * e;
			x = q[a3 + d];
			e = x - y0;
			s30 += e * e;
			e = x - y1;
			s31 += e * e;
			e = x - y2;
			s32 += e * e;
			e = x - y3;
			s33 += e * e;
		}
		let o = j - t0;
		out[o] = s00;
		out[o + 1] = s01;
		out[o + 2] = s02;
		out[o + 3] = s03;
		o += stride;
		out[o] = s10;
		out[o + 1] = s11;
		out[o + 2] = s12;
		out[o + 3] = s13;
		o += stride;
		out[o] = s20;
		out[o + 1] = s21;
		out[o + 2] = s22;
		out[o + 3] = s23;
		o += stride;
		out[o] = s30;
		out[o + 1] = s31;
		out[o + 2] = s32;
		out[o + 3] = s33;
	}
}

/** Manhattan (city-block) distance. */
export function absKernel(
	q: Float64Array,
	qr: number,
	t: Float64Array,
	t0: number,
	t1: number,
	p: number,
	out: Float64Array,
	stride: number
): void {
	const a0 = qr * p;
	const a1 = a0 + p;
	const a2 = a1 + p;
	const a3 = a2 + p;
	for (let j = t0; j < t1; j += 4) {
		const b0 = j * p;
		const b1 = b0 + p;
		const b2 = b1 + p;
		const b3 = b2 + p;
		let s00 = 0,
			s01 = 0,
			s02 = 0,
			s03 = 0,
			s10 = 0,
			s11 = 0,
			s12 = 0,
			s13 = 0;
		let s20 = 0,
			s21 = 0,
			s22 = 0,
			s23 = 0,
			s30 = 0,
			s31 = 0,
			s32 = 0,
			s33 = 0;
		for (let d = 0; d < p; d++) {
			const y0 = t[b0 + d],
				y1 = t[b1 + d],
				y2 = t[b2 + d],
				y3 = t[b3 + d];
			let x = q[a0 + d];
			s00 += Math.abs(x - y0);
			s01 += Math.abs(x - y1);
			s02 += Math.abs(x - y2);
			s03 += Math.abs(x - y3);
			x = q[a1 + d];
			s10 += Math.abs(x - y0);
			s11 += Math.abs(x - y1);
			s12 += Math.abs(x - y2);
			s13 += Math.abs(x - y3);
			x = q[a2 + d];
			s20 += Math.abs(x - y0);
			s21 += Math.abs(x - y1);
			s22 += Math.abs(x - y2);
			s23 += Math.abs(x - y3);
			x = q[a3 + d];
			s30 += Math.abs(x - y0);
			s31 += Math.abs(x - y1);
			s32 += Math.abs(x - y2);
			s33 += Math.abs(x - y3);
		}
		let o = j - t0;
		out[o] = s00;
		out[o + 1] = s01;
		out[o + 2] = s02;
		out[o + 3] = s03;
		o += stride;
		out[o] = s10;
		out[o + 1] = s11;
		out[o + 2] = s12;
		out[o + 3] = s13;
		o += stride;
		out[o] = s20;
		out[o + 1] = s21;
		out[o + 2] = s22;
		out[o + 3] = s23;
		o += stride;
		out[o] = s30;
		out[o + 1] = s31;
		out[o + 2] = s32;
		out[o + 3] = s33;
	}
}

/** Minkowski distance of order `power` without the final root (Σ |x - y|^power). */
export function powerKernel(power: number): Kernel {
	return (q, qr, t, t0, t1, p, out, stride) => {
		for (let r = 0; r < 4; r++) {
			const a = (qr + r) * p;
			const o = r * stride - t0;
			for (let j = t0; j < t1; j++) {
				const b = j * p;
				let s = 0;
				for (let d = 0; d < p; d++) s += Math.abs(q[a + d] - t[b + d]) ** power;
				out[o + j] = s;
			}
		}
	};
}

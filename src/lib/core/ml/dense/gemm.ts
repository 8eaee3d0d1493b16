/**
 * Single-precision matrix multiply over one Float32Array heap, in plain JavaScript.
 *
 * Every operand is an offset into the same heap, so the trainer can keep all of its buffers in
 * one WebAssembly memory and hand the very same offsets to the SIMD kernel (gemm-wasm.ts); this
 * file is the fallback where SIMD does not validate and handles the SIMD kernel's ragged edges.
 *
 * C (m×n, row stride ldc) = A (m×k) · B (k×n, row stride ldb), optionally added to C.
 * A is addressed as a + i·rsA + p·csA, so Aᵀ needs no copy: (rsA, csA) = (1, lda) reads a
 * row-major k×m matrix as its transpose (the dW = Xᵀ·dY product).
 */
export function gemmJs(
	h: Float32Array,
	m: number,
	n: number,
	k: number,
	a: number,
	rsA: number,
	csA: number,
	b: number,
	ldb: number,
	c: number,
	ldc: number,
	accumulate: boolean
): void {
	const m4 = m - (m % 4);
	const n4 = n - (n % 4);
	for (let i = 0; i < m4; i += 4) {
		const a0 = a + i * rsA;
		const a1 = a0 + rsA;
		const a2 = a1 + rsA;
		const a3 = a2 + rsA;
		for (let j = 0; j < n4; j += 4) {
			// A 4×4 tile of accumulators in locals: V8 keeps them in registers, so each loaded
			// A and B value feeds four multiply-adds instead of one.
			let c00 = 0,
				c01 = 0,
				c02 = 0,
				c03 = 0;
			let c10 = 0,
				c11 = 0,
				c12 = 0,
				c13 = 0;
			let c20 = 0,
				c21 = 0,
				c22 = 0,
				c23 = 0;
			let c30 = 0,
				c31 = 0,
				c32 = 0,
				c33 = 0;
			let pb = b + j;
			for (let p = 0, q = 0; p < k; p++, q += csA, pb += ldb) {
				const x0 = h[a0 + q];
				const x1 = h[a1 + q];
				const x2 = h[a2 + q];
				const x3 = h[a3 + q];
				const y0 = h[pb];
				const y1 = h[pb + 1];
				const y2 = h[pb + 2];
				const y3 = h[pb + 3];
				c00 += x0 * y0;
				c01 += x0 * y1;
				c02 += x0 * y2;
				c03 += x0 * y3;
				c10 += x1 * y0;
				c11 += x1 * y1;
				c12 += x1 * y2;
				c13 += x1 * y3;
				c20 += x2 * y0;
				c21 += x2 * y1;
				c22 += x2 * y2;
				c23 += x2 * y3;
				c30 += x3 * y0;
				c31 += x3 * y1;
				c32 += x3 * y2;
				c33 += x3 * y3;
			}
			const r0 = c + i * ldc + j;
			const r1 = r0 + ldc;
			const r2 = r1 + ldc;
			const r3 = r2 + ldc;
			if (accumulate) {
				h[r0] += c00;
				h[r0 + 1] += c01;
				h[r0 + 2] += c02;
				h[r0 + 3] += c03;
				h[r1] += c10;
				h[r1 + 1] += c11;
				h[r1 + 2] += c12;
				h[r1 + 3] += c13;
				h[r2] += c20;
				h[r2 + 1] += c21;
				h[r2 + 2] += c22;
				h[r2 + 3] += c23;
				h[r3] += c30;
				h[r3 + 1] += c31;
				h[r3 + 2] += c32;
				h[r3 + 3] += c33;
			} else {
				h[r0] = c00;
				h[r0 + 1] = c01;
				h[r0 + 2] = c02;
				h[r0 + 3] = c03;
				h[r1] = c10;
				h[r1 + 1] = c11;
				h[r1 + 2] = c12;
				h[r1 + 3] = c13;
				h[r2] = c20;
				h[r2 + 1] = c21;
				h[r2 + 2] = c22;
				h[r2 + 3] = c23;
				h[r3] = c30;
				h[r3 + 1] = c31;
				h[r3 + 2] = c32;
				h[r3 + 3] = c33;
			}
		}
	}
	// Ragged right columns (all rows), then ragged bottom rows (the tiled columns).
	if (n4 < n) gemmScalar(h, 0, m, n4, n, k, a, rsA, csA, b, ldb, c, ldc, accumulate);
	if (m4 < m && n4 > 0) gemmScalar(h, m4, m, 0, n4, k, a, rsA, csA, b, ldb, c, ldc, accumulate);
}

/** The plain triple loop over rows [i0, i1) and columns [j0, j1) of C. */
export function gemmScalar(
	h: Float32Array | Float64Array,
	i0: number,
	i1: number,
	j0: number,
	j1: number,
	k: number,
	a: number,
	rsA: number,
	csA: number,
	b: number,
	ldb: number,
	c: number,
	ldc: number,
	accumulate: boolean
): void {
	for (let i = i0; i < i1; i++) {
		const ai = a + i * rsA;
		for (let j = j0; j < j1; j++) {
			let s = 0;
			for (let p = 0; p < k; p++) s += h[ai + p * csA] * h[b + p * ldb + j];
			const at = c + i * ldc + j;
			h[at] = accumulate ? h[at] + s : s;
		}
	}
}

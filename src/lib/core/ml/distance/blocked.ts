/**
 * Squared euclidean distances in blocks through the single-precision GEMM kernels (dense/),
 * as ‖a‖² + ‖b‖² − 2·a·b, with a rigorous bound on how far each float32 distance can sit from
 * the float64 difference-of-squares one. Callers screen candidates in float32 and recompute
 * the survivors exactly, so their results stay identical to the float64 path.
 *
 * Layout: each side is centred on the same mean first (distances do not change; the norms,
 * and so the cancellation error, shrink for data far from the origin), then written to the
 * heap in float32 with one extra column, so a single multiply gives
 *   g = a·b − ½‖b‖²   and   d̃ = ‖a‖² − 2g
 * with ‖a‖² and ‖b‖² taken in float64. Larger g means nearer, so a scan needs only g.
 */

/** Above this squared norm a float32 product or ½‖b‖² could overflow: such rows go exact. */
export const MAX_NORM2 = 1e30;

/**
 * Per-column mean of the rows whose values are all finite (0 where there are none), so one
 * NaN row does not turn every centred value into NaN.
 */
export function finiteMean(data: Float64Array, rows: number, cols: number): Float64Array {
	const mean = new Float64Array(cols);
	let count = 0;
	for (let i = 0; i < rows; i++) {
		const o = i * cols;
		let finite = true;
		for (let j = 0; j < cols; j++) if (!Number.isFinite(data[o + j])) finite = false;
		if (!finite) continue;
		count++;
		for (let j = 0; j < cols; j++) mean[j] += data[o + j];
	}
	if (count > 0) for (let j = 0; j < cols; j++) mean[j] /= count;
	return mean;
}

/**
 * Writes rows [r0, r1) of `data`, centred, as float32 rows of cols + 1 values (the last one 1)
 * at heap[at], and their float64 squared norms (NaN for a row with a non-finite value) into
 * norms[0 ..]. Rows are the "a" side of the product.
 */
export function writeRows(
	h: Float32Array,
	at: number,
	data: Float64Array,
	cols: number,
	r0: number,
	r1: number,
	mean: Float64Array,
	norms: Float64Array
): void {
	const w = cols + 1;
	for (let i = r0, o = at; i < r1; i++, o += w) {
		let s = 0;
		const src = i * cols;
		for (let j = 0; j < cols; j++) {
			const v = data[src + j] - mean[j];
			h[o + j] = v;
			s += v * v;
		}
		h[o + cols] = 1;
		norms[i - r0] = Number.isFinite(s) ? s : NaN;
	}
}

/**
 * Writes rows [0, rows) of `data`, centred, transposed into a (cols + 1) × ld float32 panel at
 * heap[at]: column i holds row i and, last, −½‖row‖². Rows are the "b" side of the product.
 * A row with a non-finite value gets NaN there, so it never screens in (nor is it ever a
 * neighbour on the exact path, whose distance to it is NaN or ∞). Returns the largest finite
 * squared norm, for the caller's overflow check.
 */
export function writeColumns(
	h: Float32Array,
	at: number,
	ld: number,
	data: Float64Array,
	rows: number,
	cols: number,
	mean: Float64Array,
	norms: Float64Array
): number {
	let most = 0;
	for (let i = 0; i < rows; i++) {
		let s = 0;
		const src = i * cols;
		for (let j = 0; j < cols; j++) {
			const v = data[src + j] - mean[j];
			h[at + j * ld + i] = v;
			s += v * v;
		}
		const finite = Number.isFinite(s);
		norms[i] = finite ? s : NaN;
		h[at + cols * ld + i] = finite ? -0.5 * s : NaN;
		if (finite && s > most) most = s;
	}
	return most;
}

/**
 * A bound on |d̃ − d| for a query of centred squared norm `na` and a float32 distance `dt`,
 * where d is the float64 difference-of-squares distance.
 *
 * Why this holds: float32 inner products of p + 1 terms without fused multiply-add err by at
 * most (p + 1)·u·Σ|aᵢbᵢ| (u = 2⁻²⁴), rounding the inputs to float32 adds 2u·‖a‖‖b‖ and
 * ½u·‖b‖², so |d̃ − d| ≤ (p + 4)·u·1.02·(‖a‖² + 2‖b‖²) plus float64 rounding far below it;
 * with ‖b‖² ≤ 2d + 2‖a‖² this is ≤ c·(5‖a‖² + 4d) for c = (p + 4)·1.02·u, and d ≤ d̃ + err.
 * `c` below is twice that, which also absorbs the float64 rounding of d̃, of the centring and
 * of the exact path itself; the last term covers float32 underflow near zero.
 */
export function errorBound(cols: number, na: number, dt: number): number {
	const size = 5 * na + 4 * Math.abs(dt);
	return errorSlope(cols) * size + UNDERFLOW * (1 + size);
}

/** The float32 error bound's relative part, for callers that inline it in a hot loop. */
export function errorSlope(cols: number): number {
	const c = (cols + 8) * 2 ** -22;
	return c / (1 - 8 * c);
}

/** Its absolute part, for float32 underflow near zero. */
export const UNDERFLOW = 2 ** -90;

/**
 * True when every row whose float32 distance is ≥ `far` is, in exact arithmetic, strictly
 * farther than every row whose float32 distance is ≤ `near`. (d̃ − bound(d̃) only grows with
 * d̃, so checking the two edges is enough.)
 */
export function separated(cols: number, na: number, near: number, far: number): boolean {
	return far - errorBound(cols, na, far) > near + errorBound(cols, na, near);
}

/** The exact squared distance between two rows, summed in feature order as the exact kernels do. */
export function exactSquared(a: Float64Array, ai: number, b: Float64Array, bi: number, cols: number): number {
	let s = 0;
	for (let j = 0; j < cols; j++) {
		const e = a[ai + j] - b[bi + j];
		s += e * e;
	}
	return s;
}

import type { Matrix } from '../matrix';
import { createKernels, type DenseKernels, type KernelChoice } from '../dense/kernels';
import { MAX_NORM2, UNDERFLOW, errorSlope, exactSquared, finiteMean } from '../distance/blocked';

/** 'exact' assigns every row in float64 only; the others name the GEMM kernels to screen with. */
export type AssignEngine = KernelChoice | 'exact';

/** Rows per GEMM block: 8 centres × 2,048 rows of float32 products (64 KiB) stay in L2. */
const ROW_BLOCK = 2048;

/**
 * Nearest-centre assignment for Lloyd iterations through the float32 GEMM kernels, with the
 * same labels as the float64 loop: a row whose two nearest centres are not provably apart
 * under the float32 error bound (distance/blocked.ts) is assigned exactly instead.
 *
 * The rows are written to the heap once (centred, transposed, with a row of ones) and reused
 * by every iteration and restart; only the k centres are rewritten per iteration, each as
 * [c − mean, −½‖c − mean‖²], so one multiply gives g = c·x − ½‖c‖² (larger is nearer).
 */
export class CentreAssigner {
	private readonly kernels: DenseKernels | null;
	private readonly mean: Float64Array;
	private readonly norms: Float64Array;
	private readonly centreAt: number;
	private readonly productAt: number;
	// Per-row scratch for one block: the two largest products and the index of the largest.
	private readonly g1 = new Float64Array(ROW_BLOCK);
	private readonly g2 = new Float64Array(ROW_BLOCK);
	private readonly best = new Int32Array(ROW_BLOCK);

	constructor(
		private readonly x: Matrix,
		private readonly k: number,
		engine: AssignEngine
	) {
		const { rows: n, cols: p, data } = x;
		const w = p + 1;
		this.mean = finiteMean(data, n, p);
		this.norms = new Float64Array(n);
		this.centreAt = w * n;
		this.productAt = this.centreAt + k * w;
		this.kernels = engine === 'exact' || n === 0 ? null : createKernels(this.productAt + k * Math.min(ROW_BLOCK, n), engine);
		if (!this.kernels) return;
		const h = this.kernels.heap;
		for (let i = 0; i < n; i++) {
			let s = 0;
			for (let j = 0; j < p; j++) {
				const v = data[i * p + j] - this.mean[j];
				h[j * n + i] = v;
				s += v * v;
			}
			h[p * n + i] = 1;
			this.norms[i] = s;
		}
	}

	/** Writes each row's nearest centre (lowest index on exact ties) into labels; true if any label changed. */
	assign(centres: Float64Array, labels: Int32Array): boolean {
		const { rows: n, cols: p } = this.x;
		const kernels = this.kernels;
		if (!kernels || !this.writeCentres(centres)) return this.exactRange(centres, labels, 0, n);
		const { k, norms } = this;
		const h = kernels.heap;
		const w = p + 1;
		const block = Math.min(ROW_BLOCK, n);
		const C = this.productAt;
		let changed = false;
		const { g1, g2, best } = this;
		// separated() from distance/blocked.ts, inlined: near + err(near) < far − err(far).
		const slope = errorSlope(p) + UNDERFLOW;
		const floor = 2 * UNDERFLOW;
		// Locals, not the imported bindings: a CommonJS build reads those through getters.
		const limit = MAX_NORM2;
		for (let r0 = 0; r0 < n; r0 += block) {
			const bn = Math.min(block, n - r0);
			kernels.gemm(k, bn, w, this.centreAt, w, 1, r0, n, C, block, false);
			// The two largest products per row, centre by centre so each pass reads contiguously.
			for (let r = 0; r < bn; r++) {
				g1[r] = h[C + r];
				g2[r] = -Infinity;
				best[r] = 0;
			}
			for (let c = 1; c < k; c++) {
				const at = C + c * block;
				for (let r = 0; r < bn; r++) {
					const g = h[at + r];
					if (g > g1[r]) {
						g2[r] = g1[r];
						g1[r] = g;
						best[r] = c;
					} else if (g > g2[r]) g2[r] = g;
				}
			}
			for (let r = 0; r < bn; r++) {
				const i = r0 + r;
				const a2 = norms[i];
				const near = a2 - 2 * g1[r];
				const far = a2 - 2 * g2[r];
				// NaN rows (every comparison false), overflow risk, and near-ties go exact.
				const apart = far - near > slope * (10 * a2 + 4 * (Math.abs(near) + Math.abs(far))) + floor;
				const label = a2 <= limit && (k === 1 ? g1[r] === g1[r] : apart) ? best[r] : this.exactRow(centres, i);
				if (labels[i] !== label) changed = true;
				labels[i] = label;
			}
		}
		return changed;
	}

	/** Centred centres with −½‖c‖² appended; false when one is non-finite or too large for float32. */
	private writeCentres(centres: Float64Array): boolean {
		const h = this.kernels!.heap;
		const p = this.x.cols;
		for (let c = 0; c < this.k; c++) {
			let s = 0;
			const at = this.centreAt + c * (p + 1);
			for (let j = 0; j < p; j++) {
				const v = centres[c * p + j] - this.mean[j];
				h[at + j] = v;
				s += v * v;
			}
			if (!(s <= MAX_NORM2)) return false;
			h[at + p] = -0.5 * s;
		}
		return true;
	}

	private exactRange(centres: Float64Array, labels: Int32Array, from: number, to: number): boolean {
		let changed = false;
		for (let i = from; i < to; i++) {
			const label = this.exactRow(centres, i);
			if (labels[i] !== label) changed = true;
			labels[i] = label;
		}
		return changed;
	}

	/** The float64 rule: strictly smaller wins, so ties keep the lower centre (0 if none is finite). */
	private exactRow(centres: Float64Array, i: number): number {
		const p = this.x.cols;
		let best = Infinity;
		let label = 0;
		for (let c = 0; c < this.k; c++) {
			const d = exactSquared(this.x.data, i * p, centres, c * p, p);
			if (d < best) {
				best = d;
				label = c;
			}
		}
		return label;
	}
}

/** Each row's exact squared distance to its labelled centre, as the float64 assignment computes it. */
export function labelledDistances(x: Matrix, centres: Float64Array, labels: Int32Array, dist: Float64Array): void {
	const { rows: n, cols: p, data } = x;
	for (let i = 0; i < n; i++) {
		const d = exactSquared(data, i * p, centres, labels[i] * p, p);
		// A row with no finite distance keeps the float64 loop's starting value.
		dist[i] = Number.isNaN(d) ? Infinity : d;
	}
}

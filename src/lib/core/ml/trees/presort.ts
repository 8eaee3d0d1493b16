import type { Matrix } from '../matrix';

/**
 * Feature columns for tree building, column-major. As in scikit-learn, features are
 * float32: half the memory of the row-major float64 matrix and the same thresholds.
 */
export interface Columns {
	readonly rows: number;
	readonly cols: number;
	/** cols × rows; column j is data[j*rows .. (j+1)*rows). NaN = missing. */
	readonly data: Float32Array;
}

export function toColumns(X: Matrix): Columns {
	const { rows, cols } = X;
	const data = new Float32Array(rows * cols);
	for (let i = 0; i < rows; i++) {
		const src = i * cols;
		for (let j = 0; j < cols; j++) data[j * rows + i] = X.data[src + j];
	}
	return { rows, cols, data };
}

const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const MASK = BUCKETS - 1;

/**
 * Row indices of each feature in ascending order, missing (NaN) last: cols × rows.
 * An LSD radix sort on order-preserving integer keys of the float32 bits is linear in
 * the rows and keeps equal values in row order (a stable sort, as the splitter expects).
 */
export function presort(c: Columns): Int32Array {
	const { rows, cols } = c;
	const order = new Int32Array(rows * cols);
	const bits = new Uint32Array(c.data.buffer, c.data.byteOffset, c.data.length);
	const keys = new Uint32Array(rows);
	const keysTmp = new Uint32Array(rows);
	const idx = new Int32Array(rows);
	const idxTmp = new Int32Array(rows);
	const count = new Int32Array(BUCKETS);
	for (let j = 0; j < cols; j++) {
		const base = j * rows;
		for (let i = 0; i < rows; i++) {
			const v = c.data[base + i];
			const b = bits[base + i];
			// Negative floats reverse their order as integers; flipping all bits fixes that.
			keys[i] = v !== v ? 0xffffffff : b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
			idx[i] = i;
		}
		let kIn = keys;
		let kOut = keysTmp;
		let iIn = idx;
		let iOut = idxTmp;
		for (let shift = 0; shift < 32; shift += RADIX_BITS) {
			count.fill(0);
			for (let i = 0; i < rows; i++) count[(kIn[i] >>> shift) & MASK]++;
			let sum = 0;
			for (let b = 0; b < BUCKETS; b++) {
				const t = count[b];
				count[b] = sum;
				sum += t;
			}
			for (let i = 0; i < rows; i++) {
				const d = count[(kIn[i] >>> shift) & MASK]++;
				kOut[d] = kIn[i];
				iOut[d] = iIn[i];
			}
			[kIn, kOut] = [kOut, kIn];
			[iIn, iOut] = [iOut, iIn];
		}
		order.set(iIn, base);
	}
	return order;
}

/** Each feature's presorted order and values in that order; the float32 columns are dropped after. */
export function presortMatrix(X: Matrix): { order: Int32Array; vals: Float32Array } {
	const cols = toColumns(X);
	const order = presort(cols);
	return { order, vals: sortedValues(cols, order) };
}

/** Each feature's values in its presorted order (cols × rows), read sequentially by the split scan. */
export function sortedValues(c: Columns, order: Int32Array): Float32Array {
	const { rows, cols, data } = c;
	const vals = new Float32Array(rows * cols);
	for (let j = 0; j < cols; j++) {
		const base = j * rows;
		for (let i = 0; i < rows; i++) vals[base + i] = data[base + order[base + i]];
	}
	return vals;
}

/**
 * The presorted order and values restricted to rows with a non-zero weight (a bootstrap
 * sample), still sorted, written into the first kept × cols entries of the given buffers
 * (reused from tree to tree so a forest allocates them once).
 */
export function restrictOrder(
	order: Int32Array,
	vals: Float32Array,
	rows: number,
	cols: number,
	weight: Int32Array,
	outOrder: Int32Array,
	outVals: Float32Array
): number {
	let o = 0;
	for (let k = 0; k < rows * cols; k++) {
		const r = order[k];
		if (weight[r] > 0) {
			outOrder[o] = r;
			outVals[o++] = vals[k];
		}
	}
	return o / cols;
}

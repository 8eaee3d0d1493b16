/** A dense row-major matrix of doubles: element (i, j) lives at data[i * cols + j]. */
export interface Matrix {
	rows: number;
	cols: number;
	data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
	return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Builds a matrix from nested arrays; every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
	const r = rows.length;
	const c = r === 0 ? 0 : rows[0].length;
	const m = zeros(r, c);
	for (let i = 0; i < r; i++) {
		if (rows[i].length !== c) throw new Error(`Row ${i} has ${rows[i].length} values, expected ${c}`);
		m.data.set(rows[i], i * c);
	}
	return m;
}

export function toRows(m: Matrix): number[][] {
	const out: number[][] = [];
	for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
	return out;
}

export function get(m: Matrix, i: number, j: number): number {
	return m.data[i * m.cols + j];
}

export function set(m: Matrix, i: number, j: number, v: number): void {
	m.data[i * m.cols + j] = v;
}

export function clone(m: Matrix): Matrix {
	return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/** The rows at the given indices, in that order (used for splits and mini-batches). */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
	const out = zeros(indices.length, m.cols);
	for (let k = 0; k < indices.length; k++) {
		const src = indices[k] * m.cols;
		out.data.set(m.data.subarray(src, src + m.cols), k * m.cols);
	}
	return out;
}

export function column(m: Matrix, j: number): Float64Array {
	const out = new Float64Array(m.rows);
	for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
	return out;
}

export function columnMeans(m: Matrix): Float64Array {
	const means = new Float64Array(m.cols);
	for (let i = 0; i < m.rows; i++) {
		const off = i * m.cols;
		for (let j = 0; j < m.cols; j++) means[j] += m.data[off + j];
	}
	if (m.rows > 0) for (let j = 0; j < m.cols; j++) means[j] /= m.rows;
	return means;
}

/** Throws on NaN or ±Infinity, naming the first offending cell, so solvers fail loudly. */
export function assertFinite(m: Matrix, what = 'X'): void {
	for (let k = 0; k < m.data.length; k++) {
		if (!Number.isFinite(m.data[k])) {
			const i = Math.floor(k / m.cols);
			throw new Error(`${what} has a non-finite value at row ${i}, column ${k - i * m.cols}`);
		}
	}
}

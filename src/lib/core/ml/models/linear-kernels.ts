import type { Kernel, KernelJob } from '../../compute/kernel';
import { sharedCopy, type ComputeJob, type ComputePool } from '../../compute/pool';
import type { Matrix } from '../matrix';
import { wasmBinaryRows, wasmValidationRows } from './logistic-wasm';

/**
 * The linear models' passes over the rows as compute-pool kernels: column sums, the centred
 * Gram product (XᵀX, Xᵀy, yᵀy), the least-squares residual gradient and the binary logistic
 * loss and gradient. Each is an ordered reduction: a call's items are fixed chunks of rows
 * (sizes that never depend on the threads), chunk c writes its partial sums to
 * partials[c·width ..], and the caller adds the partials in chunk order (`sumPartials`). So the
 * numbers are the same to the bit on 1, 2 or 4 threads, and the same again when the chunks
 * all run in the caller (`runChunks`, the path without a pool).
 */
export type LinearBuffers = {
	/** The design matrix, row-major: row i's features at [i·p, (i + 1)·p). */
	readonly X: Float64Array;
	/** Targets (linear) or 0/1 labels (logistic). */
	readonly y: Float64Array;
	/** Per-row weights (logistic); empty: every row weighs 1. */
	readonly weights: Float64Array;
	/** Logistic: the validation rows (row-major, NaN where missing) and their class codes (-1: unknown); else empty. */
	readonly valX: Float64Array;
	readonly valY: Float64Array;
	/** Small inputs of a call: linear, the column means at [0, p) and w at [p, 2p); logistic, w and b. */
	readonly vec: Float64Array;
	readonly partials: Float64Array;
};

/** Every call's first arguments: rows per chunk, rows, features. */
export const Arg = { Chunk: 0, Rows: 1, Cols: 2, Extra: 3 } as const;

/** Rows per chunk of the linear passes: 4096 × 20 features is 640 kB read per partial. */
export const LINEAR_CHUNK = 4096;
/** Rows per chunk of the logistic pass (run once per objective evaluation, so finer for balance). */
export const LOGISTIC_CHUNK = 2048;

/** Doubles one chunk's partial takes, by kernel. */
export const width = {
	sums: (p: number) => p + 1,
	gram: (p: number) => p * p + p + 1,
	residual: (p: number) => p,
	binary: (p: number) => p + 2,
	validation: () => 2
} as const;

type Pass = (b: LinearBuffers, from: number, to: number, p: number, out: Float64Array, a: ArrayLike<number>) => void;

/** Runs `pass` on chunks [from, to), each over its rows into its own zeroed partial. */
function chunked(pass: Pass, w: (p: number) => number): Kernel<LinearBuffers> {
	return (job: KernelJob<LinearBuffers>, from, to, a) => runChunks(job.buffers, pass, w, from, to, a);
}

function runChunks(b: LinearBuffers, pass: Pass, w: (p: number) => number, from: number, to: number, a: ArrayLike<number>): void {
	const chunk = a[Arg.Chunk];
	const n = a[Arg.Rows];
	const p = a[Arg.Cols];
	const size = w(p);
	for (let c = from; c < to; c++) {
		const out = b.partials.subarray(c * size, (c + 1) * size);
		out.fill(0);
		pass(b, c * chunk, Math.min(n, (c + 1) * chunk), p, out, a);
	}
}

/** Column sums and the target's sum: out = [Σx_0 .. Σx_{p-1}, Σy]. */
const sums: Pass = ({ X, y }, from, to, p, out) => {
	let sy = 0;
	for (let i = from; i < to; i++) {
		const o = i * p;
		for (let j = 0; j < p; j++) out[j] += X[o + j];
		sy += y[i];
	}
	out[p] = sy;
};

/**
 * The centred Gram product of rows [from, to): out = [G (p × p, upper triangle), Xcᵀyc, ycᵀyc],
 * xc = x − mean (vec[0, p)), yc = y − yMean (argument Extra). A symmetric rank-4 update per
 * four rows: each Gram entry is loaded and stored once per four rows, and only j ≤ k is formed.
 */
const gram: Pass = ({ X, y, vec }, from, to, p, out, args) => {
	const yMean = args[Arg.Extra];
	const xty = p * p;
	const a = new Float64Array(4 * p);
	const tail = to - ((to - from) % 4);
	let yy = 0;
	for (let i = from; i < tail; i += 4) {
		const o = i * p;
		for (let j = 0; j < p; j++) {
			const m = vec[j];
			a[j] = X[o + j] - m;
			a[p + j] = X[o + p + j] - m;
			a[2 * p + j] = X[o + 2 * p + j] - m;
			a[3 * p + j] = X[o + 3 * p + j] - m;
		}
		const y0 = y[i] - yMean;
		const y1 = y[i + 1] - yMean;
		const y2 = y[i + 2] - yMean;
		const y3 = y[i + 3] - yMean;
		yy += y0 * y0 + y1 * y1 + y2 * y2 + y3 * y3;
		for (let j = 0; j < p; j++) {
			const a0 = a[j];
			const a1 = a[p + j];
			const a2 = a[2 * p + j];
			const a3 = a[3 * p + j];
			out[xty + j] += a0 * y0 + a1 * y1 + a2 * y2 + a3 * y3;
			const g = j * p;
			for (let k = j; k < p; k++) out[g + k] += a0 * a[k] + a1 * a[p + k] + a2 * a[2 * p + k] + a3 * a[3 * p + k];
		}
	}
	for (let i = tail; i < to; i++) {
		const o = i * p;
		for (let j = 0; j < p; j++) a[j] = X[o + j] - vec[j];
		const yi = y[i] - yMean;
		yy += yi * yi;
		for (let j = 0; j < p; j++) {
			const aj = a[j];
			out[xty + j] += aj * yi;
			const g = j * p;
			for (let k = j; k < p; k++) out[g + k] += aj * a[k];
		}
	}
	out[xty + p] = yy;
};

/**
 * out = Xcᵀ(yc − Xc·w) over rows [from, to) (w at vec[p, 2p)); argument Extra is
 * yMean − mean·w, so that yc − Xc·w = y − X·w − Extra folds the centring into one offset.
 */
const residual: Pass = ({ X, y, vec }, from, to, p, out, args) => {
	const b = args[Arg.Extra];
	const tail = to - ((to - from) % 4);
	for (let i = from; i < tail; i += 4) {
		const o0 = i * p;
		const o1 = o0 + p;
		const o2 = o1 + p;
		const o3 = o2 + p;
		let r0 = y[i] - b;
		let r1 = y[i + 1] - b;
		let r2 = y[i + 2] - b;
		let r3 = y[i + 3] - b;
		for (let j = 0; j < p; j++) {
			const wj = vec[p + j];
			r0 -= wj * X[o0 + j];
			r1 -= wj * X[o1 + j];
			r2 -= wj * X[o2 + j];
			r3 -= wj * X[o3 + j];
		}
		for (let j = 0; j < p; j++) {
			const m = vec[j];
			out[j] += r0 * (X[o0 + j] - m) + r1 * (X[o1 + j] - m) + r2 * (X[o2 + j] - m) + r3 * (X[o3 + j] - m);
		}
	}
	for (let i = tail; i < to; i++) {
		const o = i * p;
		let ri = y[i] - b;
		for (let j = 0; j < p; j++) ri -= vec[p + j] * X[o + j];
		for (let j = 0; j < p; j++) out[j] += ri * (X[o + j] - vec[j]);
	}
};

/**
 * Binary log-loss of rows [from, to) at w = vec[0, p), b = vec[p]:
 * out = [Σ sᵢ(σ(zᵢ) − yᵢ)·xᵢ (p), Σ sᵢ(σ(zᵢ) − yᵢ), Σ sᵢ·logloss(yᵢ, zᵢ)], s the weights (or 1).
 *
 * Rows go four at a time: each w_j load serves four dot products, and each gradient slot is
 * read and written once per four rows — about 1.7× faster than row by row in V8, which keeps
 * the four sums in registers but not a p-long gradient.
 */
const binary: Pass = ({ X: d, y, weights, vec: w }, from, to, p, out) => {
	const weighted = weights.length > 0;
	const b = w[p];
	let loss = 0;
	let gb = 0;
	const tail = to - ((to - from) % 4);
	for (let i = from; i < tail; i += 4) {
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
		// e = exp(-|z|) serves both the loss and the sigmoid; never overflows.
		const e0 = Math.exp(-Math.abs(z0));
		const e1 = Math.exp(-Math.abs(z1));
		const e2 = Math.exp(-Math.abs(z2));
		const e3 = Math.exp(-Math.abs(z3));
		const q0 = 1 + e0;
		const q1 = 1 + e1;
		const q2 = 1 + e2;
		const q3 = 1 + e3;
		const y0 = y[i];
		const y1 = y[i + 1];
		const y2 = y[i + 2];
		const y3 = y[i + 3];
		let r0 = (z0 >= 0 ? 1 / q0 : e0 / q0) - y0;
		let r1 = (z1 >= 0 ? 1 / q1 : e1 / q1) - y1;
		let r2 = (z2 >= 0 ? 1 / q2 : e2 / q2) - y2;
		let r3 = (z3 >= 0 ? 1 / q3 : e3 / q3) - y3;
		const m0 = y0 === 1 ? -z0 : z0;
		const m1 = y1 === 1 ? -z1 : z1;
		const m2 = y2 === 1 ? -z2 : z2;
		const m3 = y3 === 1 ? -z3 : z3;
		const l0 = m0 > 0 ? m0 : 0;
		const l1 = m1 > 0 ? m1 : 0;
		const l2 = m2 > 0 ? m2 : 0;
		const l3 = m3 > 0 ? m3 : 0;
		if (weighted) {
			const s0 = weights[i];
			const s1 = weights[i + 1];
			const s2 = weights[i + 2];
			const s3 = weights[i + 3];
			r0 *= s0;
			r1 *= s1;
			r2 *= s2;
			r3 *= s3;
			loss += s0 * (l0 + Math.log1p(e0)) + s1 * (l1 + Math.log1p(e1)) + s2 * (l2 + Math.log1p(e2)) + s3 * (l3 + Math.log1p(e3));
		} else {
			// The four rows' log(1 + e^{-|z|}) as one log of their product (each factor in [1, 2]).
			loss += l0 + l1 + l2 + l3 + Math.log(q0 * q1 * q2 * q3);
		}
		for (let j = 0; j < p; j++) out[j] += r0 * d[o0 + j] + r1 * d[o1 + j] + r2 * d[o2 + j] + r3 * d[o3 + j];
		gb += r0 + r1 + r2 + r3;
	}
	out[p] = gb;
	out[p + 1] = loss;
	binaryTail({ X: d, y, weights, vec: w }, tail, to, p, out);
};

/** The JavaScript binary pass over rows [from, to) into `out` (p + 2 values): what the WebAssembly pass must agree with. */
export function binaryRowsJs(b: LinearBuffers, from: number, to: number, p: number, out: Float64Array): void {
	out.fill(0);
	binary(b, from, to, p, out, []);
}

/** The binary pass's rows one at a time, added to `out` (the last rows of a chunk, after its blocks of four). */
function binaryTail(
	{ X: d, y, weights, vec: w }: Pick<LinearBuffers, 'X' | 'y' | 'weights' | 'vec'>,
	from: number,
	to: number,
	p: number,
	out: Float64Array
): void {
	const weighted = weights.length > 0;
	const b = w[p];
	for (let i = from; i < to; i++) {
		const o = i * p;
		let z = b;
		for (let j = 0; j < p; j++) z += w[j] * d[o + j];
		const s = weighted ? weights[i] : 1;
		const e = Math.exp(-Math.abs(z));
		const r = s * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]);
		const m = y[i] === 1 ? -z : z;
		out[p + 1] += s * ((m > 0 ? m : 0) + Math.log1p(e));
		for (let j = 0; j < p; j++) out[j] += r * d[o + j];
		out[p] += r;
	}
}

/**
 * The binary pass over chunks [from, to): WebAssembly SIMD (logistic-wasm.ts) where it runs
 * and the rows are unweighted, else JavaScript. The choice depends on neither the thread nor
 * the split, so a fit's numbers are the same on 1, 2 or 4 threads. `owner` is the job's
 * thread-local scratch: the rows of chunks [from, to) are copied into this thread's instance
 * once per job.
 */
function binaryChunks(b: LinearBuffers, owner: object, from: number, to: number, a: ArrayLike<number>): void {
	const chunk = a[Arg.Chunk];
	const n = a[Arg.Rows];
	const p = a[Arg.Cols];
	const size = width.binary(p);
	const range = { from: from * chunk, to: Math.min(n, to * chunk) };
	for (let c = from; c < to; c++) {
		const out = b.partials.subarray(c * size, (c + 1) * size);
		const r0 = c * chunk;
		const r1 = Math.min(n, r0 + chunk);
		const left = b.weights.length === 0 ? wasmBinaryRows(owner, b.X, b.y, p, range, b.vec, r0, r1, out) : null;
		if (left === null) {
			out.fill(0);
			binary(b, r0, r1, p, out, a);
		} else if (left > 0) binaryTail(b, r1 - left, r1, p, out);
	}
}

/**
 * Binary log-loss of validation rows [from, to) at w = vec[0, p), b = vec[p]: out = [Σ loss,
 * rows counted]. Rows whose class is unknown (code < 0) or with a missing value are skipped.
 */
const validation: Pass = ({ valX: d, valY: y, vec: w }, from, to, p, out) => {
	const left = wasmValidationRows(d, y, p, w, from, to, out);
	validationRows(d, y, w, left === null ? from : to - left, to, p, out);
};

/** The validation pass in JavaScript over rows [from, to), added to out (the rows the WebAssembly pass leaves, or all). */
function validationRows(d: Float64Array, y: Float64Array, w: Float64Array, from: number, to: number, p: number, out: Float64Array): void {
	const b = w[p];
	let loss = 0;
	let counted = 0;
	for (let i = from; i < to; i++) {
		const yi = y[i];
		const o = i * p;
		let z = b;
		for (let j = 0; j < p; j++) z += w[j] * d[o + j];
		if (yi < 0 || yi > 1 || z !== z) continue;
		const m = yi === 1 ? -z : z;
		loss += (m > 0 ? m : 0) + Math.log1p(Math.exp(-Math.abs(m)));
		counted++;
	}
	out[0] += loss;
	out[1] += counted;
}

export const linearKernels = {
	'linear.sums': chunked(sums, width.sums),
	'linear.gram': chunked(gram, width.gram),
	'linear.residual': chunked(residual, width.residual),
	'logistic.binary': ((job: KernelJob<LinearBuffers>, from, to, a) =>
		binaryChunks(job.buffers, job.local, from, to, a)) as Kernel<LinearBuffers>,
	'logistic.validation': chunked(validation, width.validation)
};

export type LinearKernel = keyof typeof linearKernels;

/** The passes by kernel name, for running a call's chunks in the caller. */
const passes: Record<LinearKernel, [Pass, (p: number) => number]> = {
	'linear.sums': [sums, width.sums],
	'linear.gram': [gram, width.gram],
	'linear.residual': [residual, width.residual],
	'logistic.binary': [binary, width.binary],
	'logistic.validation': [validation, width.validation]
};

/** Runs every chunk of a call here, in order: the same partials a pool computes. */
export function runAllChunks(b: LinearBuffers, kernel: LinearKernel, chunks: number, args: ArrayLike<number>, owner: object = {}): void {
	if (kernel === 'logistic.binary') return binaryChunks(b, owner, 0, chunks, args);
	const [pass, w] = passes[kernel];
	runChunks(b, pass, w, 0, chunks, args);
}

/** out[k] = Σ_c partials[c·size + k], the chunks added in order (so any split of the chunks gives these bits). */
export function sumPartials(partials: Float64Array, chunks: number, size: number, out: Float64Array): Float64Array {
	out.fill(0);
	for (let c = 0; c < chunks; c++) {
		const o = c * size;
		for (let k = 0; k < size; k++) out[k] += partials[o + k];
	}
	return out;
}

/**
 * A fit's passes over its rows: the buffers (in the pool's shared memory when it has threads)
 * and a job on the pool, open until `close`. Without a pool every pass runs here, chunk by
 * chunk, to the same bits.
 */
export interface RowPasses {
	readonly buffers: LinearBuffers;
	/** Rows and features of X, and rows of the validation matrix (0: none). */
	readonly rows: number;
	readonly cols: number;
	readonly validationRows: number;
	/** Threads a pass runs on (1: this one). */
	readonly threads: number;
	/**
	 * Runs `kernel` over every chunk of `chunk` rows (of X; `rows` for another matrix: the
	 * validation rows); the partials summed in chunk order (a view, valid until the next pass).
	 */
	reduce(kernel: LinearKernel, chunk: number, extra?: number, rows?: number): Promise<Float64Array>;
	/** The same pass, always in this thread (for a solver that cannot wait). */
	reduceHere(kernel: LinearKernel, chunk: number, extra?: number, rows?: number): Float64Array;
	close(): void;
}

/**
 * Opens passes over X (row-major) and y. `vec` and `partials` are the lengths of those buffers
 * the caller needs (partials: the widest kernel's width × its number of chunks). X is used in
 * place when it already lives in shared memory (featureMatrix can build it there), else copied.
 */
export async function openRowPasses(
	pool: ComputePool | undefined,
	X: Matrix,
	y: ArrayLike<number>,
	weights: ArrayLike<number> | null,
	sizes: { readonly vec: number; readonly partials: number },
	validation: Labelled | null = null
): Promise<RowPasses> {
	if (pool === undefined || pool.threads < 2) return rowPassesHere(X, y, weights, sizes, validation);
	const shared = (m: Float64Array) => (m.buffer instanceof SharedArrayBuffer ? m : sharedCopy(pool, Float64Array, m));
	const buffers: LinearBuffers = {
		X: shared(X.data),
		y: sharedCopy(pool, Float64Array, y),
		weights: sharedCopy(pool, Float64Array, weights ?? []),
		valX: shared(validation?.X.data ?? new Float64Array(0)),
		valY: sharedCopy(pool, Float64Array, validation?.y ?? []),
		vec: pool.alloc(Float64Array, sizes.vec),
		partials: pool.alloc(Float64Array, sizes.partials)
	};
	return passesOver(buffers, X.rows, X.cols, validation?.X.rows ?? 0, await pool.open(buffers));
}

/** Passes that all run in this thread (no pool, or a solver that cannot wait): the same bits as on a pool. */
export function rowPassesHere(
	X: Matrix,
	y: ArrayLike<number>,
	weights: ArrayLike<number> | null,
	sizes: { readonly vec: number; readonly partials: number },
	validation: Labelled | null = null
): RowPasses {
	const buffers: LinearBuffers = {
		X: X.data,
		y: y instanceof Float64Array ? y : Float64Array.from(y),
		weights: Float64Array.from(weights ?? []),
		valX: validation?.X.data ?? new Float64Array(0),
		valY: Float64Array.from(validation?.y ?? []),
		vec: new Float64Array(sizes.vec),
		partials: new Float64Array(sizes.partials)
	};
	return passesOver(buffers, X.rows, X.cols, validation?.X.rows ?? 0, null);
}

/** Other rows a fit reports on (logistic regression's validation curve). */
export type Labelled = { readonly X: Matrix; readonly y: ArrayLike<number> };

function passesOver(buffers: LinearBuffers, n: number, p: number, validationRows: number, job: ComputeJob | null): RowPasses {
	const sums = new Float64Array(Math.max(width.gram(p), width.binary(p)));
	const args = (chunk: number, extra: number, rows: number) => [chunk, rows, p, extra];
	const total = (kernel: LinearKernel, chunks: number) => {
		const size = passes[kernel][1](p);
		return sumPartials(buffers.partials, chunks, size, sums.subarray(0, size));
	};
	// This thread's scratch for the passes' life (the binary pass's rows in WebAssembly memory).
	const local = {};
	const reduceHere = (kernel: LinearKernel, chunk: number, extra = 0, rows = n) => {
		const chunks = Math.ceil(rows / chunk);
		runAllChunks(buffers, kernel, chunks, args(chunk, extra, rows), local);
		return total(kernel, chunks);
	};
	return {
		buffers,
		rows: n,
		cols: p,
		validationRows,
		threads: job ? job.parts : 1,
		reduceHere,
		async reduce(kernel, chunk, extra = 0, rows = n) {
			if (!job) return reduceHere(kernel, chunk, extra, rows);
			const chunks = Math.ceil(rows / chunk);
			await job.run(kernel, chunks, args(chunk, extra, rows));
			return total(kernel, chunks);
		},
		close: () => job?.close()
	};
}

/** Length of the partials buffer for passes of `kernel` in chunks of `chunk` over n rows. */
export const partialsLength = (kernel: LinearKernel, n: number, p: number, chunk: number): number =>
	Math.ceil(n / chunk) * passes[kernel][1](p);

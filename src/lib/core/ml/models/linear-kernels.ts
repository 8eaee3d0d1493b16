import type { Kernel, KernelJob } from '../../compute/kernel';
import { sharedCopy, type ComputeJob, type ComputePool } from '../../compute/pool';
import type { Matrix } from '../matrix';
import { Arg, width, type LinearBuffers, type Pass } from './linear-buffers';
import { binary, binaryChunks, validation } from './logistic-passes';

export { Arg, LINEAR_CHUNK, LOGISTIC_CHUNK, width, type LinearBuffers } from './linear-buffers';
export { binaryRowsJs } from './logistic-passes';

/**
 * The linear models' passes over the rows as compute-pool kernels: column sums, the centred
 * Gram product (XᵀX, Xᵀy, yᵀy), the least-squares residual gradient and the binary logistic
 * loss and gradient. Each is an ordered reduction: a call's items are fixed chunks of rows
 * (sizes that never depend on the threads), chunk c writes its partial sums to
 * partials[c·width ..], and the caller adds the partials in chunk order (`sumPartials`). So the
 * numbers are the same to the bit on 1, 2 or 4 threads, and the same again when the chunks
 * all run in the caller (`runChunks`, the path without a pool).
 */

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

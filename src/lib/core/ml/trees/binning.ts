import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { sampleRows } from './hist-sampling';
import { sortFloat64 } from '../../stats/sort';
import type { Kernel } from '../../compute/kernel';
import { sharedCopy, type ArrayOf, type ComputePool } from '../../compute/pool';

/** Thresholds above this are clipped, so +Infinity is only ever the "non-missing vs missing" split. */
export const ALMOST_INF = 1e300;

/**
 * How raw feature values map to small integer bins (as scikit-learn's _BinMapper).
 * A numeric value v falls in bin k when thresholds[k-1] < v <= thresholds[k]; a category
 * code is its own bin. Each feature's missing bin comes right after its non-missing bins.
 */
export interface BinMapper {
	/** Per feature: the upper edge of every non-missing bin but the last; [] for categorical features. */
	readonly thresholds: number[][];
	/** Per feature: number of non-missing bins; the missing bin's code equals it (≤ 255). */
	readonly nBins: number[];
	readonly categorical: boolean[];
}

/** As numpy.percentile(a, q, method='midpoint') on sorted values, for q in linspace(0, 100, maxBins + 1)[1:-1]. */
function midpointPercentiles(sorted: Float64Array, maxBins: number): number[] {
	const n = sorted.length;
	const step = 100 / maxBins;
	const out: number[] = [];
	for (let k = 1; k < maxBins; k++) {
		const index = (n - 1) * ((k * step) / 100);
		const lo = Math.floor(index);
		out.push(index % 1 === 0 ? sorted[lo] : 0.5 * (sorted[lo] + sorted[Math.min(n - 1, lo + 1)]));
	}
	return out;
}

/** Bin edges of one numeric column's non-missing values. */
export function numericThresholds(values: Float64Array, maxBins: number): number[] {
	const sorted = sortFloat64(values.filter((v) => !Number.isNaN(v)));
	// Distinct values are only needed while there are at most maxBins of them (a column of
	// many distinct values is binned by percentiles): stop collecting at one more.
	const distinct: number[] = [];
	for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++)
		if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
	const edges =
		distinct.length <= maxBins ? distinct.slice(1).map((v, i) => 0.5 * (distinct[i] + v)) : midpointPercentiles(sorted, maxBins);
	return edges.map((t) => Math.min(t, ALMOST_INF));
}

/** Rows used to fit the edges: all of them, or a seeded sample of `subsample` rows (sklearn bins on 2e5). */
function binningRows(n: number, subsample: number, seed: number): Uint32Array {
	if (n > subsample) return sampleRows(n, subsample / n, createRandom(seed));
	const all = new Uint32Array(n);
	for (let i = 0; i < n; i++) all[i] = i;
	return all;
}

/** Bins of a categorical column: its codes 0..L-1 (NaN: missing), refused at maxBins or more. */
function categoryBins(X: Matrix, j: number, maxBins: number): number {
	const { rows: n, cols: p, data } = X;
	let max = -1;
	for (let i = 0; i < n; i++) {
		const v = data[i * p + j];
		if (v > max) max = v;
	}
	if (max >= maxBins)
		throw new Error(`categorical feature ${j} has more than ${maxBins} categories; raise max bins or group rare categories`);
	return Math.max(1, max + 1);
}

/**
 * Fits the bins on the rows of X. Categorical columns hold codes 0..L-1 (NaN: missing);
 * their bins are the codes themselves, so they must be below maxBins.
 */
export function fitBins(X: Matrix, categorical: readonly boolean[], maxBins: number, seed = 0, subsample = 200_000): BinMapper {
	if (maxBins < 2 || maxBins > 255) throw new Error(`max bins must be between 2 and 255 (got ${maxBins})`);
	const { rows: n, cols: p, data } = X;
	const rows = binningRows(n, subsample, seed);
	const thresholds: number[][] = [];
	const nBins: number[] = [];
	const column = new Float64Array(rows.length);
	for (let j = 0; j < p; j++) {
		if (categorical[j]) {
			thresholds.push([]);
			nBins.push(categoryBins(X, j, maxBins));
			continue;
		}
		for (let i = 0; i < rows.length; i++) column[i] = data[rows[i] * p + j];
		const edges = numericThresholds(column, maxBins);
		thresholds.push(edges);
		nBins.push(edges.length + 1);
	}
	return { thresholds, nBins, categorical: [...categorical] };
}

type BinBuffers = {
	/** The binning rows' values, feature-major: feature j's m values at j * m. */
	readonly sample: Float64Array;
	/** Feature j's edges at j * 255, their number in counts[j]. */
	readonly edges: Float64Array;
	readonly counts: Int32Array;
	readonly categorical: Uint8Array;
};

/** Edges of features [from, to) (arguments: rows in the sample, max bins): a parallel for over features. */
const edgesKernel: Kernel<BinBuffers> = ({ buffers: b }, from, to, a) => {
	const [m, maxBins] = a;
	for (let j = from; j < to; j++) {
		if (b.categorical[j]) continue;
		const edges = numericThresholds(b.sample.subarray(j * m, (j + 1) * m), maxBins);
		b.edges.set(edges, j * 255);
		b.counts[j] = edges.length;
	}
};

/**
 * fitBins with the numeric features' edges (a sort each) found on the pool's threads, one
 * feature per thread at a time: the same function on the same values, so the same edges.
 */
export async function fitBinsOnPool(
	pool: ComputePool,
	X: Matrix,
	categorical: readonly boolean[],
	maxBins: number,
	seed = 0,
	subsample = 200_000
): Promise<BinMapper> {
	if (pool.threads === 1) return fitBins(X, categorical, maxBins, seed, subsample);
	if (maxBins < 2 || maxBins > 255) throw new Error(`max bins must be between 2 and 255 (got ${maxBins})`);
	const { rows: n, cols: p, data } = X;
	const rows = binningRows(n, subsample, seed);
	const m = rows.length;
	const buffers: BinBuffers = {
		sample: pool.alloc(Float64Array, p * m),
		edges: pool.alloc(Float64Array, p * 255),
		counts: pool.alloc(Int32Array, p),
		categorical: sharedCopy(pool, Uint8Array, categorical.map(Number))
	};
	for (let i = 0; i < m; i++) {
		const at = rows[i] * p;
		for (let j = 0; j < p; j++) buffers.sample[j * m + i] = data[at + j];
	}
	const job = await pool.open(buffers);
	try {
		await job.run('bins.edges', p, [m, maxBins]);
	} finally {
		job.close();
	}
	const thresholds: number[][] = [];
	const nBins: number[] = [];
	for (let j = 0; j < p; j++) {
		thresholds.push(categorical[j] ? [] : Array.from(buffers.edges.subarray(j * 255, j * 255 + buffers.counts[j])));
		nBins.push(categorical[j] ? categoryBins(X, j, maxBins) : buffers.counts[j] + 1);
	}
	return { thresholds, nBins, categorical: [...categorical] };
}

/** A mapper's numeric edges laid out for the branch-free search: per feature, padded with +Infinity to a power of two. */
type BinTables = {
	/** Feature j's padded edges at starts[j], sizes[j] of them (0: categorical). */
	readonly edges: Float64Array;
	readonly sizes: Int32Array;
	readonly starts: Int32Array;
	/** Feature j's missing code (its number of non-missing bins). */
	readonly missing: Int32Array;
};

function binTables(mapper: BinMapper, alloc: <T extends Int32Array | Float64Array>(type: ArrayOf<T>, length: number) => T): BinTables {
	const p = mapper.nBins.length;
	const sizes = alloc(Int32Array, p);
	const starts = alloc(Int32Array, p);
	let total = 0;
	for (let j = 0; j < p; j++) {
		let size = 1;
		while (size < mapper.thresholds[j].length + 1) size *= 2;
		sizes[j] = mapper.categorical[j] ? 0 : size;
		starts[j] = total;
		total += sizes[j];
	}
	const edges = alloc(Float64Array, total).fill(Infinity);
	for (let j = 0; j < p; j++) if (!mapper.categorical[j]) edges.set(mapper.thresholds[j], starts[j]);
	const missing = alloc(Int32Array, p);
	missing.set(mapper.nBins);
	return { edges, sizes, starts, missing };
}

/** Codes of rows [from, to) of the row-major n × p values `data` into `out`, column-major. */
function binRows(t: BinTables, data: Float64Array, n: number, p: number, out: Uint8Array, from: number, to: number): void {
	const { edges, sizes, starts, missing } = t;
	// Lower bound (the first edge with v <= edge) = how many edges are below v: a branch-free
	// binary search over each feature's edges padded with +Infinity to a power of two.
	// Row by row: X is row-major, so each row's values are read once, from one cache line or two.
	for (let i = from; i < to; i++) {
		const at = i * p;
		for (let j = 0; j < p; j++) {
			const v = data[at + j];
			const size = sizes[j];
			let code: number;
			if (v !== v) code = missing[j];
			else if (size === 0) {
				// Categorical: unseen categories (beyond the fitted bins) travel with the missing values.
				code = v >= 0 && v < missing[j] ? v : missing[j];
			} else {
				const base = starts[j];
				let pos = 0;
				for (let step = size >>> 1; step > 0; step >>>= 1) pos += edges[base + pos + step - 1] < v ? step : 0;
				code = pos;
			}
			out[j * n + i] = code;
		}
	}
}

/** Bin codes, column-major (feature j of row i at j * n + i), so a histogram pass reads one column contiguously; into `out` (n × p) when given. */
export function binMatrix(mapper: BinMapper, X: Matrix, out: Uint8Array = new Uint8Array(X.rows * X.cols)): Uint8Array {
	binRows(
		binTables(mapper, (type, length) => new type(new ArrayBuffer(length * type.BYTES_PER_ELEMENT))),
		X.data,
		X.rows,
		X.cols,
		out,
		0,
		X.rows
	);
	return out;
}

type CodeBuffers = BinTables & {
	/** The rows' values, row-major, in shared memory. */
	readonly data: Float64Array;
	readonly out: Uint8Array;
};

/** Codes of rows [from, to) (argument: columns): a parallel for over rows. */
const codesKernel: Kernel<CodeBuffers> = ({ buffers: b }, from, to, a) => binRows(b, b.data, b.out.length / a[0], a[0], b.out, from, to);

/**
 * binMatrix on the pool's threads, into `out` (from the pool's alloc): rows in blocks, each
 * row's codes its own, so the same codes. The values are copied to shared memory first.
 */
export async function binMatrixOnPool(pool: ComputePool, mapper: BinMapper, X: Matrix, out: Uint8Array): Promise<Uint8Array> {
	if (pool.threads === 1 || X.rows === 0) return binMatrix(mapper, X, out);
	const buffers: CodeBuffers = {
		...binTables(mapper, (type, length) => pool.alloc(type, length)),
		data: sharedCopy(pool, Float64Array, X.data.subarray(0, X.rows * X.cols)),
		out
	};
	const job = await pool.open(buffers);
	try {
		await job.run('bins.codes', X.rows, [X.cols]);
	} finally {
		job.close();
	}
	return out;
}

export const binningKernels = { 'bins.edges': edgesKernel, 'bins.codes': codesKernel };

import type { Matrix } from '../matrix';
import { yielder } from '../../util/yield';
import type { KernelChoice } from '../dense/kernels';
import type { ComputePool } from '../../compute/pool';
import { gemmNearest } from './gemm-search';
import { Heaps } from './heaps';
import { absKernel, powerKernel, squaredKernel, type Kernel } from './kernels';

export type Metric = 'euclidean' | 'manhattan' | 'minkowski';

/** Training rows laid out for the kernels: padded to a multiple of 4 rows with far-away rows. */
export interface SearchIndex {
	readonly data: Float64Array;
	readonly rows: number;
	readonly cols: number;
}

/** k nearest training rows per query row, nearest first; ties keep the lower training index. */
export interface Neighbours {
	readonly k: number;
	/** rows × k training row indices. */
	readonly index: Int32Array;
	/** rows × k distances (with the metric's root taken). */
	readonly distance: Float64Array;
}

// Far enough never to be a neighbour, small enough that its square stays finite.
const FAR = 1e100;
const QUERY_CHUNK = 256;
// 1024 training rows × 20 features: 160 kB, reused by every query of the chunk.
const TRAIN_CHUNK = 1024;

export function buildIndex(X: Matrix): SearchIndex {
	const padded = Math.ceil(X.rows / 4) * 4;
	const data = new Float64Array(padded * X.cols).fill(FAR);
	data.set(X.data.subarray(0, X.rows * X.cols));
	return { data, rows: X.rows, cols: X.cols };
}

/**
 * How euclidean distances are computed: through the float32 GEMM kernels with an exact
 * re-rank ('auto', 'wasm', 'js': the kernel choice), or by exact float64 differences only.
 * Every choice gives the same neighbours and distances.
 */
export type SearchEngine = KernelChoice | 'exact';

const isEuclidean = (metric: Metric, power: number) => metric === 'euclidean' || (metric === 'minkowski' && power === 2);

function kernelFor(metric: Metric, power: number): Kernel {
	if (isEuclidean(metric, power)) return squaredKernel;
	if (metric === 'manhattan' || power === 1) return absKernel;
	return powerKernel(power);
}

function rootFor(metric: Metric, power: number): (d: number) => number {
	if (isEuclidean(metric, power)) return Math.sqrt;
	if (metric === 'manhattan' || power === 1) return (d) => d;
	return (d) => d ** (1 / power);
}

/**
 * Brute-force k-nearest-neighbour search. Euclidean goes through the float32 GEMM kernels
 * with an exact re-rank (gemm-search.ts: several times faster, same answers); the other
 * metrics, and 'exact', run tiles of queries × a cache-sized chunk of training rows in
 * float64, each candidate checked against its query's heap. Yields to the event loop
 * between chunks so a worker stays responsive on large inputs. With `pool`, the euclidean
 * search spreads its query blocks over the pool's threads (same answers).
 */
export async function kNearest(
	index: SearchIndex,
	queries: Matrix,
	k: number,
	metric: Metric,
	power = 2,
	engine: SearchEngine = 'auto',
	pool?: ComputePool
): Promise<Neighbours> {
	if (queries.cols !== index.cols)
		throw new Error(`the rows to score have ${queries.cols} features; the model was trained on ${index.cols}`);
	if (k < 1 || k > index.rows) throw new Error(`k = ${k} needs at least ${k} training rows; there are ${index.rows}`);
	const p = index.cols;
	const n = index.rows;
	const m = queries.rows;
	const out = { k, index: new Int32Array(m * k), distance: new Float64Array(m * k) };
	if (
		isEuclidean(metric, power) &&
		engine !== 'exact' &&
		m > 0 &&
		(await gemmNearest(index.data, n, queries, k, engine, out.index, out.distance, pool))
	) {
		for (let i = 0; i < out.distance.length; i++) out.distance[i] = Math.sqrt(out.distance[i]);
		return out;
	}
	const kernel = kernelFor(metric, power);
	const root = rootFor(metric, power);
	const heaps = new Heaps(QUERY_CHUNK, k);
	const scratch = new Float64Array(4 * TRAIN_CHUNK);
	const q = new Float64Array(QUERY_CHUNK * p);
	const padded = index.data.length / p;
	const pause = yielder();
	for (let q0 = 0; q0 < m; q0 += QUERY_CHUNK) {
		const qn = Math.min(QUERY_CHUNK, m - q0);
		// Copy the chunk so a partial last tile reads zeros, not the next chunk or past the end.
		q.fill(0);
		q.set(queries.data.subarray(q0 * p, (q0 + qn) * p));
		heaps.reset();
		for (let t0 = 0; t0 < padded; t0 += TRAIN_CHUNK) {
			const t1 = Math.min(padded, t0 + TRAIN_CHUNK);
			const real = Math.min(t1, n);
			for (let qr = 0; qr < qn; qr += 4) {
				kernel(q, qr, index.data, t0, t1, p, scratch, TRAIN_CHUNK);
				const rows = Math.min(4, qn - qr);
				for (let r = 0; r < rows; r++) {
					const qi = qr + r;
					const o = r * TRAIN_CHUNK - t0;
					let top = heaps.top[qi];
					for (let j = t0; j < real; j++) {
						const d = scratch[o + j];
						if (d < top) {
							heaps.push(qi, d, j);
							top = heaps.top[qi];
						}
					}
				}
			}
			await pause();
		}
		for (let r = 0; r < qn; r++) heaps.drain(r, q0 + r, out.index, out.distance, root);
	}
	return out;
}

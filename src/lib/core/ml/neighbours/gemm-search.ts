import type { Matrix } from '../matrix';
import type { KernelChoice } from '../dense/kernels';
import { MAX_NORM2, finiteMean, writeColumns } from '../distance/blocked';
import { computeKernels } from '../../compute/kernels';
import { inThreadPool, sharedCopy, type ComputePool } from '../../compute/pool';
import { yielder } from '../../util/yield';
import { CHOICES, GemmArg, QUERY_BLOCK, type GemmSearchBuffers } from './gemm-kernels';

/**
 * Euclidean k-nearest neighbours through the GEMM kernels, identical to the exact search:
 * each query keeps its k + margin nearest rows by float32 distance (a bounded heap), then
 * those are re-ranked by their exact float64 distances. Where the float32 error bound cannot
 * prove that no row outside the candidates could belong in the top k (near-ties beyond the
 * margin, a non-finite query), that query is searched exactly instead (gemm-kernels.ts).
 *
 * With a compute pool the blocks of 256 queries are spread over its threads; each thread
 * owns its queries whole (its own copy of the training panel in its WebAssembly memory), so
 * the answers are the same bits on any number of threads.
 *
 * Writes index (rows × k, −1 where fewer than k rows have a finite distance) and distance
 * (squared, exact); returns false without writing when the training rows are too large for
 * float32, so the caller runs the exact search.
 */
export async function gemmNearest(
	train: Float64Array,
	n: number,
	queries: Matrix,
	k: number,
	choice: KernelChoice,
	index: Int32Array,
	distance: Float64Array,
	pool: ComputePool = inThreadPool(computeKernels)
): Promise<boolean> {
	const p = queries.cols;
	const m = queries.rows;
	const w = p + 1;
	const mean = finiteMean(train, n, p);
	const panel = pool.alloc(Float32Array, w * n);
	if (!(writeColumns(panel, 0, n, train, n, p, mean, new Float64Array(n)) <= MAX_NORM2)) return false;
	const shared = pool.threads > 1;
	const buffers: GemmSearchBuffers = {
		// Threads see only shared memory: copies there, answers copied back (all in place on one thread).
		train: shared ? sharedCopy(pool, Float64Array, train.subarray(0, n * p)) : train,
		panel,
		queries: shared ? sharedCopy(pool, Float64Array, queries.data.subarray(0, m * p)) : queries.data,
		mean: shared ? sharedCopy(pool, Float64Array, mean) : mean,
		index: shared ? pool.alloc(Int32Array, m * k) : index,
		distance: shared ? pool.alloc(Float64Array, m * k) : distance
	};
	const blocks = Math.ceil(m / QUERY_BLOCK);
	const job = await pool.open(buffers);
	const pause = yielder();
	try {
		// One block per thread per call, so a worker still hears a Cancel between calls.
		for (let first = 0; first < blocks; first += job.parts) {
			const args = new Array<number>(GemmArg.Length);
			args[GemmArg.Rows] = n;
			args[GemmArg.Cols] = p;
			args[GemmArg.Queries] = m;
			args[GemmArg.K] = k;
			args[GemmArg.FirstBlock] = first;
			args[GemmArg.Choice] = CHOICES.indexOf(choice);
			await job.run('knn.gemm', Math.min(job.parts, blocks - first), args);
			await pause();
		}
	} finally {
		job.close();
	}
	if (shared) {
		index.set(buffers.index);
		distance.set(buffers.distance);
	}
	return true;
}

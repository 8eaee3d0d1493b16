import type { Kernel } from '../../compute/kernel';
import { sharedCopy, type ComputePool } from '../../compute/pool';
import type { Matrix } from '../matrix';
import { addTreeRaw, type CompiledTree } from './hist-tree';

/**
 * Scoring a fitted booster on the compute pool: the rows are cut into blocks and each thread
 * walks its blocks through every tree, adding leaf values in tree order, exactly as
 * `predictRaw` does on one thread. A row's sum never depends on which thread or block it fell
 * in, so the scores are the same bits on 1, 2 or 4 threads.
 *
 * The trees travel as one set of concatenated arrays (tree t's nodes from `starts[t]`), each
 * thread viewing tree t through subarrays as a CompiledTree, so the walk is addTreeRaw itself.
 */
export type PredictBuffers = {
	/** Rows × features, row-major (NaN missing). */
	readonly X: Float64Array;
	/** Raw scores, class-major (output k of row i at k * n + i), filled with the baseline by the caller. */
	readonly raw: Float64Array;
	readonly nBins: Int32Array;
	/** Tree t's nodes are [starts[t], starts[t + 1]); one more entry than trees. */
	readonly starts: Int32Array;
	readonly feature: Int32Array;
	readonly threshold: Float64Array;
	readonly bin: Int32Array;
	readonly missingLeft: Uint8Array;
	/** Two per node, indices within the tree (as CompiledTree.kids). */
	readonly kids: Int32Array;
	readonly missingKid: Int32Array;
	readonly value: Float64Array;
	/** Eight per node. */
	readonly catBits: Uint32Array;
	readonly isCat: Uint8Array;
};

/** Rows a thread walks through every tree before the next block (as predictRaw's block: rows and trees stay in cache). */
export const PREDICT_BLOCK = 512;

/** The arguments of a `gbdt.predict` call, by position. */
export const PredictArg = { Rows: 0, Features: 1, Outputs: 2 } as const;

/** Tree t of the buffers as a CompiledTree over views (no copy), for addTreeRaw. */
function treeView(b: PredictBuffers, t: number): CompiledTree {
	const from = b.starts[t];
	const to = b.starts[t + 1];
	const isCat = b.isCat.subarray(from, to);
	return {
		feature: b.feature.subarray(from, to),
		threshold: b.threshold.subarray(from, to),
		bin: b.bin.subarray(from, to),
		missingLeft: b.missingLeft.subarray(from, to),
		kids: b.kids.subarray(2 * from, 2 * to),
		missingKid: b.missingKid.subarray(from, to),
		value: b.value.subarray(from, to),
		catBits: b.catBits.subarray(8 * from, 8 * to),
		isCat,
		anyCat: isCat.includes(1),
		rootLeaf: b.feature[from] < 0
	};
}

const predictBlocks: Kernel<PredictBuffers> = (job, from, to, args) => {
	const b = job.buffers;
	const n = args[PredictArg.Rows];
	const p = args[PredictArg.Features];
	const K = args[PredictArg.Outputs];
	// The views are made once per job on each thread, not per block.
	const trees = (job.local.trees ??= Array.from({ length: b.starts.length - 1 }, (_, t) => treeView(b, t))) as CompiledTree[];
	const X: Matrix = { rows: n, cols: p, data: b.X.subarray(0, n * p) };
	for (let block = from; block < to; block++) {
		const lo = block * PREDICT_BLOCK;
		const hi = Math.min(n, lo + PREDICT_BLOCK);
		for (let t = 0; t < trees.length; t++) addTreeRaw(b.raw, (t % K) * n, trees[t], X, b.nBins, lo, hi);
	}
};

export const predictKernels = { 'gbdt.predict': predictBlocks };

/**
 * Raw scores of compiled trees on the pool (class-major, as predictRaw): the same sums as
 * walking every block here. `baseline` has one value per output.
 */
export async function predictRawOnPool(
	pool: ComputePool,
	trees: readonly CompiledTree[],
	baseline: ArrayLike<number>,
	nBins: ArrayLike<number>,
	X: Matrix
): Promise<Float64Array> {
	const n = X.rows;
	const K = baseline.length;
	const sizes = trees.map((t) => t.feature.length);
	const starts = new Int32Array(trees.length + 1);
	sizes.forEach((m, t) => (starts[t + 1] = starts[t] + m));
	const m = starts[trees.length];
	const buffers: PredictBuffers = {
		X: sharedCopy(pool, Float64Array, X.data.subarray(0, n * X.cols)),
		raw: pool.alloc(Float64Array, K * n),
		nBins: sharedCopy(pool, Int32Array, nBins),
		starts: sharedCopy(pool, Int32Array, starts),
		feature: pool.alloc(Int32Array, m),
		threshold: pool.alloc(Float64Array, m),
		bin: pool.alloc(Int32Array, m),
		missingLeft: pool.alloc(Uint8Array, m),
		kids: pool.alloc(Int32Array, 2 * m),
		missingKid: pool.alloc(Int32Array, m),
		value: pool.alloc(Float64Array, m),
		catBits: pool.alloc(Uint32Array, 8 * m),
		isCat: pool.alloc(Uint8Array, m)
	};
	trees.forEach((t, i) => {
		const at = starts[i];
		buffers.feature.set(t.feature, at);
		buffers.threshold.set(t.threshold, at);
		buffers.bin.set(t.bin, at);
		buffers.missingLeft.set(t.missingLeft, at);
		buffers.kids.set(t.kids, 2 * at);
		buffers.missingKid.set(t.missingKid, at);
		buffers.value.set(t.value, at);
		buffers.catBits.set(t.catBits, 8 * at);
		buffers.isCat.set(t.isCat, at);
	});
	for (let k = 0; k < K; k++) buffers.raw.fill(baseline[k], k * n, (k + 1) * n);
	const job = await pool.open(buffers);
	try {
		await job.run('gbdt.predict', Math.ceil(n / PREDICT_BLOCK), [n, X.cols, K]);
	} finally {
		job.close();
	}
	// Out of shared memory: the caller keeps the scores, the pool its buffers' lifetime.
	return Float64Array.from(buffers.raw);
}

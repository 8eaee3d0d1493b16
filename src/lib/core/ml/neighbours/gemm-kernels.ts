import type { Kernel } from '../../compute/kernel';
import { createKernels, type DenseKernels, type KernelChoice } from '../dense/kernels';
import { MAX_NORM2, exactSquared, separated, writeRows } from '../distance/blocked';
import { Heaps } from './heaps';

/** Queries per block: their float32 rows (84 B each at 20 features) stay in L1 across a panel. */
export const QUERY_BLOCK = 256;
/** Training rows per block: the 256 × 1024 float32 product (1 MiB) stays in L2 for the scan. */
export const TRAIN_BLOCK = 1024;

/** Extra float32 candidates kept past k, so near-ties at the k-th place survive to the exact re-rank. */
const marginFor = (k: number) => Math.max(8, k);

/**
 * What the GEMM search's threads share: the training rows (float64, for the exact re-rank),
 * their centred float32 panel (writeColumns: (cols + 1) × rows, the last row −½‖row‖²), the
 * queries, the centring mean, and the answers (rows × k each).
 */
export type GemmSearchBuffers = {
	readonly train: Float64Array;
	readonly panel: Float32Array;
	readonly queries: Float64Array;
	readonly mean: Float64Array;
	readonly index: Int32Array;
	readonly distance: Float64Array;
};

/** The arguments of a `knn.gemm` call, by position. */
export const GemmArg = { Rows: 0, Cols: 1, Queries: 2, K: 3, FirstBlock: 4, Choice: 5, Length: 6 } as const;
export const CHOICES: readonly KernelChoice[] = ['auto', 'wasm', 'js'];

/** A thread's own multiply (its WebAssembly memory holds a copy of the panel) and heaps, kept for the job. */
interface Scratch {
	readonly kernels: DenseKernels;
	readonly heaps: Heaps;
	readonly exact: Heaps;
	readonly na: Float64Array;
}

function scratchOf(
	job: { local: Record<string, unknown> },
	b: GemmSearchBuffers,
	n: number,
	w: number,
	k: number,
	choice: KernelChoice
): Scratch {
	const have = job.local.knn as Scratch | undefined;
	if (have) return have;
	const tb = Math.min(TRAIN_BLOCK, n);
	const kernels = createKernels(w * n + QUERY_BLOCK * w + QUERY_BLOCK * tb, choice);
	kernels.heap.set(b.panel.subarray(0, w * n), 0);
	const scratch: Scratch = {
		kernels,
		heaps: new Heaps(QUERY_BLOCK, Math.min(n, k + marginFor(k))),
		exact: new Heaps(1, k),
		na: new Float64Array(QUERY_BLOCK)
	};
	job.local.knn = scratch;
	return scratch;
}

/**
 * Query blocks [from, to) (offset by FirstBlock) of the GEMM search: every query of a block is
 * searched whole by the thread that owns the block and written to its own rows of the answers,
 * so any split over threads gives the same bits.
 */
const gemmBlocks: Kernel<GemmSearchBuffers> = (job, from, to, a) => {
	const b = job.buffers;
	// Whole numbers as int32 (`| 0`): read from a Float64Array they are doubles, and every index
	// built from them would be converted back on each access of the scan.
	const n = a[GemmArg.Rows] | 0;
	const p = a[GemmArg.Cols] | 0;
	const m = a[GemmArg.Queries] | 0;
	const k = a[GemmArg.K] | 0;
	const first = a[GemmArg.FirstBlock] | 0;
	const w = p + 1;
	const s = scratchOf(job, b, n, w, k, CHOICES[a[GemmArg.Choice]]);
	for (let block = from + first; block < to + first; block++) {
		const q0 = block * QUERY_BLOCK;
		if (q0 < m) searchBlock(s, b, n, p, k, q0, Math.min(QUERY_BLOCK, m - q0));
	}
};

export const gemmSearchKernels = { 'knn.gemm': gemmBlocks };

/** Queries [q0, q0 + qn) against every training row: float32 candidates, then the exact re-rank. */
function searchBlock(s: Scratch, b: GemmSearchBuffers, n: number, p: number, k: number, q0: number, qn: number): void {
	const { kernels, heaps, na } = s;
	const h = kernels.heap;
	const w = p + 1;
	const tb = Math.min(TRAIN_BLOCK, n);
	const B = 0;
	const A = w * n;
	const C = A + QUERY_BLOCK * w;
	// A local, not the imported binding: a CommonJS build reads that through a getter.
	const limit = MAX_NORM2;
	writeRows(h, A, b.queries, p, q0, q0 + qn, b.mean, na);
	heaps.reset();
	for (let t0 = 0; t0 < n; t0 += tb) {
		const tn = Math.min(tb, n - t0);
		kernels.gemm(qn, tn, w, A, w, 1, B + t0, n, C, tb, false);
		for (let r = 0; r < qn; r++) {
			const a2 = na[r];
			if (!(a2 <= limit)) continue;
			// d̃ = ‖a‖² − 2g < top  ⇔  g > (‖a‖² − top) / 2: the scan reads one float per row.
			let top = heaps.top[r];
			let floor = (a2 - top) * 0.5;
			const row = C + r * tb;
			for (let j = 0; j < tn; j += 8) {
				const at = row + j;
				// Once the heap is full almost nothing passes: test eight at a time, then look closer.
				if (
					j + 8 <= tn &&
					!(
						h[at] > floor ||
						h[at + 1] > floor ||
						h[at + 2] > floor ||
						h[at + 3] > floor ||
						h[at + 4] > floor ||
						h[at + 5] > floor ||
						h[at + 6] > floor ||
						h[at + 7] > floor
					)
				)
					continue;
				const end = Math.min(tn, j + 8);
				for (let jj = j; jj < end; jj++) {
					const g = h[row + jj];
					if (!(g > floor)) continue;
					const d = a2 - 2 * g;
					if (d < top) {
						heaps.push(r, d, t0 + jj);
						top = heaps.top[r];
						floor = (a2 - top) * 0.5;
					}
				}
			}
		}
	}
	for (let r = 0; r < qn; r++) {
		const q = q0 + r;
		if (!rerank(heaps, r, na[r], n, p, k, b.queries, q, b.train, b.index, b.distance))
			exactRow(s.exact, b.queries, q, b.train, n, p, b.index, b.distance);
	}
}

/**
 * The exact top k of one query's float32 candidates, if the error bound proves them complete:
 * either every row with a finite float32 distance is a candidate (the heap never filled), or
 * the farthest candidate is provably farther than the k-th nearest.
 */
function rerank(
	heaps: Heaps,
	r: number,
	a2: number,
	n: number,
	p: number,
	k: number,
	q: Float64Array,
	qi: number,
	train: Float64Array,
	index: Int32Array,
	distance: Float64Array
): boolean {
	if (!(a2 <= MAX_NORM2)) return false;
	const size = heaps.size[r];
	const base = r * heaps.k;
	const order = Array.from({ length: size }, (_, j) => j);
	order.sort((x, y) => heaps.dist[base + x] - heaps.dist[base + y]);
	if (size === heaps.k && size < n && !separated(p, a2, heaps.dist[base + order[k - 1]], heaps.dist[base + order[size - 1]])) return false;
	const exact = order.map((j) => {
		const t = heaps.idx[base + j];
		return { t, d: exactSquared(q, qi * p, train, t * p, p) };
	});
	exact.sort((x, y) => x.d - y.d || x.t - y.t);
	for (let j = 0; j < k; j++) {
		index[qi * k + j] = j < exact.length ? exact[j].t : -1;
		distance[qi * k + j] = j < exact.length ? exact[j].d : NaN;
	}
	return true;
}

/** One query against every training row in float64, as the exact search does. */
function exactRow(
	heap: Heaps,
	q: Float64Array,
	qi: number,
	train: Float64Array,
	n: number,
	p: number,
	index: Int32Array,
	distance: Float64Array
): void {
	heap.reset();
	for (let t = 0; t < n; t++) {
		const d = exactSquared(q, qi * p, train, t * p, p);
		if (d < heap.top[0]) heap.push(0, d, t);
	}
	heap.drain(0, qi, index, distance, (d) => d);
}

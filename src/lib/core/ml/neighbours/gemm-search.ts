import type { Matrix } from '../matrix';
import { createKernels, type KernelChoice } from '../dense/kernels';
import { MAX_NORM2, exactSquared, finiteMean, separated, writeColumns, writeRows } from '../distance/blocked';
import { yielder } from '../../util/yield';
import { Heaps } from './heaps';

/** Queries per block: their float32 rows (84 B each at 20 features) stay in L1 across a panel. */
const QUERY_BLOCK = 256;
/** Training rows per block: the 256 × 1024 float32 product (1 MiB) stays in L2 for the scan. */
const TRAIN_BLOCK = 1024;

/** Extra float32 candidates kept past k, so near-ties at the k-th place survive to the exact re-rank. */
const marginFor = (k: number) => Math.max(8, k);

/**
 * Euclidean k-nearest neighbours through the GEMM kernels, identical to the exact search:
 * each query keeps its k + margin nearest rows by float32 distance (a bounded heap), then
 * those are re-ranked by their exact float64 distances. Where the float32 error bound cannot
 * prove that no row outside the candidates could belong in the top k (near-ties beyond the
 * margin, a non-finite query), that query is searched exactly instead.
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
	distance: Float64Array
): Promise<boolean> {
	const p = queries.cols;
	const m = queries.rows;
	const w = p + 1;
	const mean = finiteMean(train, n, p);
	const qb = Math.min(QUERY_BLOCK, m);
	const tb = Math.min(TRAIN_BLOCK, n);
	const B = 0;
	const A = w * n;
	const C = A + qb * w;
	const kernels = createKernels(C + qb * tb, choice);
	const h = kernels.heap;
	const trainNorms = new Float64Array(n);
	if (!(writeColumns(h, B, n, train, n, p, mean, trainNorms) <= MAX_NORM2)) return false;
	const K = Math.min(n, k + marginFor(k));
	const heaps = new Heaps(qb, K);
	const na = new Float64Array(qb);
	const exact = new Heaps(1, k);
	const pause = yielder();
	// A local, not the imported binding: a CommonJS build reads that through a getter.
	const limit = MAX_NORM2;
	for (let q0 = 0; q0 < m; q0 += qb) {
		const qn = Math.min(qb, m - q0);
		writeRows(h, A, queries.data, p, q0, q0 + qn, mean, na);
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
			await pause();
		}
		for (let r = 0; r < qn; r++) {
			const q = q0 + r;
			if (!rerank(heaps, r, na[r], n, p, k, queries.data, q, train, index, distance))
				exactRow(exact, queries.data, q, train, n, p, index, distance);
		}
	}
	return true;
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

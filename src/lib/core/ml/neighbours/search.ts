import type { Matrix } from '../matrix';
import { yielder } from '../../util/yield';
import { absKernel, dotKernel, powerKernel, squaredKernel, type Kernel } from './kernels';

export type Metric = 'euclidean' | 'manhattan' | 'minkowski';

/** Training rows laid out for the kernels: padded to a multiple of 4 rows with far-away rows. */
export interface SearchIndex {
	readonly data: Float64Array;
	readonly rows: number;
	readonly cols: number;
	/** Squared norm of each (padded) row, for the dot-product kernel. */
	readonly norms: Float64Array;
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
	const norms = new Float64Array(padded);
	for (let i = 0; i < padded; i++) {
		let s = 0;
		for (let j = i * X.cols; j < (i + 1) * X.cols; j++) s += data[j] * data[j];
		norms[i] = s;
	}
	return { data, rows: X.rows, cols: X.cols, norms };
}

/** Above this many features the dot-product kernel pays; below it exact differences keep exact ties (scikit-learn's own switch from k-d trees to brute force). */
const DOT_FROM_FEATURES = 16;

const isEuclidean = (metric: Metric, power: number) => metric === 'euclidean' || (metric === 'minkowski' && power === 2);

function kernelFor(index: SearchIndex, metric: Metric, power: number): Kernel {
	if (isEuclidean(metric, power)) return index.cols >= DOT_FROM_FEATURES ? dotKernel(index.norms) : squaredKernel;
	if (metric === 'manhattan' || power === 1) return absKernel;
	return powerKernel(power);
}

function rootFor(metric: Metric, power: number): (d: number) => number {
	if (isEuclidean(metric, power)) return Math.sqrt;
	if (metric === 'manhattan' || power === 1) return (d) => d;
	return (d) => d ** (1 / power);
}

/**
 * Bounded max-heaps, one per query of a chunk, ordered by (distance, training index), so the
 * root is the neighbour to drop first. Candidates arrive in increasing index order, so a later
 * candidate at the root's distance never displaces it: ties keep the earlier training row.
 */
class Heaps {
	readonly dist: Float64Array;
	readonly idx: Int32Array;
	readonly size: Int32Array;
	/** Distance a candidate must beat to enter (Infinity until the heap is full). */
	readonly top: Float64Array;

	constructor(
		readonly queries: number,
		readonly k: number
	) {
		this.dist = new Float64Array(queries * k);
		this.idx = new Int32Array(queries * k);
		this.size = new Int32Array(queries);
		this.top = new Float64Array(queries).fill(Infinity);
	}

	reset(): void {
		this.size.fill(0);
		this.top.fill(Infinity);
	}

	push(q: number, d: number, i: number): void {
		const k = this.k;
		const base = q * k;
		const dist = this.dist;
		const idx = this.idx;
		let pos: number;
		if (this.size[q] < k) {
			// Sift up from the end.
			pos = this.size[q]++;
			while (pos > 0) {
				const parent = (pos - 1) >> 1;
				const pd = dist[base + parent];
				if (pd > d || (pd === d && idx[base + parent] > i)) break;
				dist[base + pos] = pd;
				idx[base + pos] = idx[base + parent];
				pos = parent;
			}
		} else {
			// Replace the root and sift down.
			pos = 0;
			for (;;) {
				let child = 2 * pos + 1;
				if (child >= k) break;
				const right = child + 1;
				if (right < k && (dist[base + right] > dist[base + child] || (dist[base + right] === dist[base + child] && idx[base + right] > idx[base + child])))
					child = right;
				const cd = dist[base + child];
				if (cd < d || (cd === d && idx[base + child] < i)) break;
				dist[base + pos] = cd;
				idx[base + pos] = idx[base + child];
				pos = child;
			}
		}
		dist[base + pos] = d;
		idx[base + pos] = i;
		if (this.size[q] === k) this.top[q] = dist[base];
	}

	/** Writes query q's neighbours, nearest first, into the output arrays at row `row`. */
	drain(q: number, row: number, index: Int32Array, distance: Float64Array, root: (d: number) => number): void {
		const k = this.k;
		// A query with a missing value has no finite distance: its heap stays short.
		const order = Array.from({ length: this.size[q] }, (_, j) => j);
		const base = q * k;
		order.sort((a, b) => this.dist[base + a] - this.dist[base + b] || this.idx[base + a] - this.idx[base + b]);
		for (let j = 0; j < k; j++) {
			index[row * k + j] = j < order.length ? this.idx[base + order[j]] : -1;
			distance[row * k + j] = j < order.length ? root(this.dist[base + order[j]]) : NaN;
		}
	}
}

/**
 * Brute-force k-nearest-neighbour search: tiles of queries × a cache-sized chunk of training
 * rows, then each candidate checked against its query's heap. Yields to the event loop
 * between chunks so a worker stays responsive on large inputs.
 */
export async function kNearest(index: SearchIndex, queries: Matrix, k: number, metric: Metric, power = 2): Promise<Neighbours> {
	if (queries.cols !== index.cols) throw new Error(`the rows to score have ${queries.cols} features; the model was trained on ${index.cols}`);
	if (k < 1 || k > index.rows) throw new Error(`k = ${k} needs at least ${k} training rows; there are ${index.rows}`);
	const p = index.cols;
	const n = index.rows;
	const m = queries.rows;
	const kernel = kernelFor(index, metric, power);
	const dot = isEuclidean(metric, power) && p >= DOT_FROM_FEATURES;
	const root = dot ? (d: number) => d : rootFor(metric, power);
	const out = { k, index: new Int32Array(m * k), distance: new Float64Array(m * k) };
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
	if (dot) {
		// Add back each query's squared norm; rounding can leave a tiny negative for a duplicate row.
		for (let i = 0; i < m; i++) {
			let s = 0;
			for (let d = i * p; d < (i + 1) * p; d++) s += queries.data[d] * queries.data[d];
			for (let j = i * k; j < (i + 1) * k; j++) out.distance[j] = Math.sqrt(Math.max(0, out.distance[j] + s));
		}
	}
	return out;
}

import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { CentreAssigner, labelledDistances, type AssignEngine } from './assign';
import { abortError } from '../../util/abort';

/**
 * k-means as scikit-learn's KMeans (algorithm 'lloyd'): greedy k-means++ seeding, n_init
 * restarts keeping the lowest inertia, Lloyd iterations until the labels stop changing or
 * the centres move less than tol × (mean feature variance).
 */
export interface KMeansOptions {
	readonly k: number;
	readonly nInit?: number;
	readonly maxIter?: number;
	readonly tol?: number;
	readonly seed?: number;
	readonly signal?: AbortSignal;
	/** Awaited between iterations so a worker sees a Cancel (util/yield.ts). */
	readonly tick?: () => Promise<void>;
	/** Fraction done in [0, 1], over all restarts. */
	readonly progress?: (fraction: number) => void;
	/** How Lloyd iterations find the nearest centre (assign.ts); every choice gives the same result. */
	readonly engine?: AssignEngine;
}

export interface KMeansResult {
	/** k × p, row-major. */
	readonly centres: Float64Array;
	readonly labels: Int32Array;
	readonly inertia: number;
	/** Iterations of the kept restart. */
	readonly iterations: number;
}

/**
 * Nearest centre for every row: writes labels and squared distances, returns the inertia.
 * Direct differences rather than the ‖x‖² − 2x·c + ‖c‖² expansion: the same cost here, and
 * no cancellation error for points far from the origin.
 */
export function assignNearest(x: Matrix, centres: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
	const { rows: n, cols: p, data } = x;
	let inertia = 0;
	for (let i = 0; i < n; i++) {
		const o = i * p;
		let best = Infinity;
		let bestC = 0;
		for (let c = 0; c < k; c++) {
			const co = c * p;
			let s = 0;
			for (let j = 0; j < p; j++) {
				const d = data[o + j] - centres[co + j];
				s += d * d;
			}
			if (s < best) {
				best = s;
				bestC = c;
			}
		}
		labels[i] = bestC;
		dist[i] = best;
		inertia += best;
	}
	return inertia;
}

function rowDistances(x: Matrix, row: number, out: Float64Array): void {
	const { rows: n, cols: p, data } = x;
	const r = row * p;
	for (let i = 0; i < n; i++) {
		const o = i * p;
		let s = 0;
		for (let j = 0; j < p; j++) {
			const d = data[o + j] - data[r + j];
			s += d * d;
		}
		out[i] = s;
	}
}

/** sklearn's _kmeans_plusplus: each new centre is the best of 2 + ⌊ln k⌋ candidates drawn ∝ D². */
export function kmeansPlusPlus(x: Matrix, k: number, random: () => number): Float64Array {
	const { rows: n, cols: p, data } = x;
	const centres = new Float64Array(k * p);
	const trials = 2 + Math.floor(Math.log(k));
	const first = Math.floor(random() * n);
	centres.set(data.subarray(first * p, first * p + p), 0);
	let closest = new Float64Array(n);
	rowDistances(x, first, closest);
	let pot = 0;
	for (let i = 0; i < n; i++) pot += closest[i];
	const cum = new Float64Array(n);
	const candidate = Array.from({ length: trials }, () => new Float64Array(n));
	for (let c = 1; c < k; c++) {
		let acc = 0;
		for (let i = 0; i < n; i++) cum[i] = acc += closest[i];
		let bestPot = Infinity;
		let bestT = 0;
		let bestRow = 0;
		for (let t = 0; t < trials; t++) {
			const row = searchSorted(cum, random() * pot);
			const d = candidate[t];
			rowDistances(x, row, d);
			let s = 0;
			for (let i = 0; i < n; i++) s += d[i] = Math.min(d[i], closest[i]);
			if (s < bestPot) {
				bestPot = s;
				bestT = t;
				bestRow = row;
			}
		}
		// Swap buffers rather than copy: the winner's distances become the new D².
		const winner = candidate[bestT];
		candidate[bestT] = closest;
		closest = winner;
		pot = bestPot;
		centres.set(data.subarray(bestRow * p, bestRow * p + p), c * p);
	}
	return centres;
}

/** numpy.searchsorted(side='left'), clipped to the last index as sklearn does. */
function searchSorted(cum: Float64Array, v: number): number {
	let lo = 0;
	let hi = cum.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (cum[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** sklearn's _tolerance: tol scaled by the mean per-feature variance, so it is unit-free. */
export function scaledTolerance(x: Matrix, tol: number): number {
	const { rows: n, cols: p, data } = x;
	if (n === 0 || tol === 0) return 0;
	let total = 0;
	for (let j = 0; j < p; j++) {
		let mean = 0;
		for (let i = 0; i < n; i++) mean += data[i * p + j];
		mean /= n;
		let v = 0;
		for (let i = 0; i < n; i++) {
			const d = data[i * p + j] - mean;
			v += d * d;
		}
		total += v / n;
	}
	return (total / p) * tol;
}

interface RunState {
	readonly assigner: CentreAssigner;
	/** The centres the current labels were assigned to (the means move on after). */
	readonly assigned: Float64Array;
	readonly labels: Int32Array;
	readonly dist: Float64Array;
	readonly sums: Float64Array;
	readonly counts: Float64Array;
}

/** One Lloyd run from the given centres (updated in place). */
async function lloyd(
	x: Matrix,
	centres: Float64Array,
	k: number,
	maxIter: number,
	tol: number,
	s: RunState,
	opts: KMeansOptions
): Promise<{ inertia: number; iterations: number }> {
	const { rows: n, cols: p, data } = x;
	const { labels, dist, sums, counts } = s;
	labels.fill(-1);
	let strict = false;
	let distAt = -1;
	let it = 0;
	while (it < maxIter) {
		if (opts.signal?.aborted) throw abortError();
		it++;
		const changed = s.assigner.assign(centres, labels);
		s.assigned.set(centres);
		sums.fill(0);
		counts.fill(0);
		for (let i = 0; i < n; i++) {
			const c = labels[i];
			counts[c]++;
			const so = c * p;
			const o = i * p;
			for (let j = 0; j < p; j++) sums[so + j] += data[o + j];
		}
		// Distances are needed only to relocate an empty cluster, and for the inertia at the end.
		distAt = -1;
		if (counts.includes(0)) {
			labelledDistances(x, centres, labels, dist);
			distAt = it;
		}
		relocateEmpty(x, k, s);
		let shift = 0;
		for (let c = 0; c < k; c++)
			for (let j = 0; j < p; j++) {
				const v = sums[c * p + j] / counts[c];
				const d = v - centres[c * p + j];
				shift += d * d;
				centres[c * p + j] = v;
			}
		if (!changed) {
			strict = true;
			break;
		}
		if (shift <= tol) break;
		await opts.tick?.();
	}
	// Stopped on tol or max_iter: the labels belong to the previous centres; reassign (as sklearn).
	if (strict && distAt !== it) labelledDistances(x, s.assigned, labels, dist);
	const inertia = strict ? inertiaOf(dist) : assignNearest(x, centres, k, labels, dist);
	return { inertia, iterations: it };
}

function inertiaOf(dist: Float64Array): number {
	let s = 0;
	for (let i = 0; i < dist.length; i++) s += dist[i];
	return s;
}

/** An empty cluster takes the point farthest from its centre (sklearn's relocation rule). */
function relocateEmpty(x: Matrix, k: number, s: RunState): void {
	const { cols: p, data } = x;
	for (let c = 0; c < k; c++) {
		if (s.counts[c] > 0) continue;
		let far = -1;
		let farD = -1;
		for (let i = 0; i < s.dist.length; i++)
			if (s.dist[i] > farD && s.counts[s.labels[i]] > 1) {
				farD = s.dist[i];
				far = i;
			}
		if (far < 0) continue;
		const from = s.labels[far];
		for (let j = 0; j < p; j++) {
			s.sums[from * p + j] -= data[far * p + j];
			s.sums[c * p + j] = data[far * p + j];
		}
		s.counts[from]--;
		s.counts[c] = 1;
		s.labels[far] = c;
		s.dist[far] = 0;
	}
}

export async function kmeans(x: Matrix, opts: KMeansOptions): Promise<KMeansResult> {
	const { rows: n, cols: p } = x;
	const k = opts.k;
	if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
	if (n < k) throw new Error(`k-means needs at least k = ${k} rows, got ${n}`);
	const nInit = opts.nInit ?? 10;
	const maxIter = opts.maxIter ?? 300;
	const tol = scaledTolerance(x, opts.tol ?? 1e-4);
	const random = createRandom(opts.seed ?? 0);
	const assigner = new CentreAssigner(x, k, opts.engine ?? 'auto');
	const state: RunState = {
		assigner,
		assigned: new Float64Array(k * p),
		labels: new Int32Array(n),
		dist: new Float64Array(n),
		sums: new Float64Array(k * p),
		counts: new Float64Array(k)
	};
	let best: KMeansResult | null = null;
	for (let r = 0; r < nInit; r++) {
		if (opts.signal?.aborted) throw abortError();
		const centres = kmeansPlusPlus(x, k, random);
		await opts.tick?.();
		const { inertia, iterations } = await lloyd(x, centres, k, maxIter, tol, state, opts);
		if (!best || inertia < best.inertia) best = { centres, labels: state.labels.slice(), inertia, iterations };
		opts.progress?.((r + 1) / nInit);
	}
	return best!;
}

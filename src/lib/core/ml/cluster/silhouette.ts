import type { Matrix } from '../matrix';
import { abortError } from '../../util/abort';

/**
 * Mean silhouette score (scikit-learn's silhouette_score, Euclidean) for several labelings
 * of the same rows at once. The O(n²) pairwise distances dominate, so each is computed once
 * and added to every labeling's per-cluster sums: a k = 2..8 sweep costs about one score.
 * s(i) = (b − a) / max(a, b), where a is the mean distance to the rest of i's cluster and b
 * the smallest mean distance to another cluster; 0 for a point alone in its cluster.
 */
export async function silhouetteScores(
	x: Matrix,
	labelings: readonly Int32Array[],
	tick?: () => Promise<void>,
	signal?: AbortSignal
): Promise<number[]> {
	const { rows: n, cols: p, data } = x;
	const ks = labelings.map((labels) => {
		let k = 0;
		for (let i = 0; i < n; i++) k = Math.max(k, labels[i] + 1);
		return k;
	});
	// sums[L][i * k + c]: total distance from row i to the rows of cluster c in labeling L.
	const sums = ks.map((k) => new Float64Array(n * k));
	for (let i = 0; i < n; i++) {
		if (signal?.aborted) throw abortError();
		const o = i * p;
		for (let m = i + 1; m < n; m++) {
			const q = m * p;
			let s = 0;
			for (let j = 0; j < p; j++) {
				const d = data[o + j] - data[q + j];
				s += d * d;
			}
			const dist = Math.sqrt(s);
			for (let l = 0; l < labelings.length; l++) {
				const k = ks[l];
				const labels = labelings[l];
				const sum = sums[l];
				sum[i * k + labels[m]] += dist;
				sum[m * k + labels[i]] += dist;
			}
		}
		if ((i & 63) === 0) await tick?.();
	}
	return labelings.map((labels, l) => meanSilhouette(labels, ks[l], sums[l], n));
}

function meanSilhouette(labels: Int32Array, k: number, sum: Float64Array, n: number): number {
	const sizes = new Float64Array(k);
	for (let i = 0; i < n; i++) sizes[labels[i]]++;
	let nonEmpty = 0;
	for (let c = 0; c < k; c++) if (sizes[c] > 0) nonEmpty++;
	if (nonEmpty < 2 || nonEmpty > n - 1) throw new Error(`the silhouette needs 2 to n − 1 clusters; got ${nonEmpty} for ${n} rows`);
	let total = 0;
	for (let i = 0; i < n; i++) {
		const own = labels[i];
		if (sizes[own] <= 1) continue; // alone in its cluster: s = 0
		const a = sum[i * k + own] / (sizes[own] - 1);
		let b = Infinity;
		for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sum[i * k + c] / sizes[c]);
		const m = Math.max(a, b);
		if (m > 0) total += (b - a) / m;
	}
	return total / n;
}

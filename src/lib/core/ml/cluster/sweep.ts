import type { Matrix } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { kmeans } from './kmeans';
import { silhouetteScores } from './silhouette';

export interface SweepOptions {
	readonly kMax: number;
	readonly nInit?: number;
	readonly maxIter?: number;
	readonly seed?: number;
	/** Rows the sweep clusters (a seeded sample when there are more): k-means runs kMax − 1 times. */
	readonly maxRows?: number;
	/** Rows the silhouette reads, O(n²): the first ones of the same shuffled sample. */
	readonly silhouetteRows?: number;
	readonly signal?: AbortSignal;
	readonly tick?: () => Promise<void>;
	readonly progress?: (fraction: number) => void;
}

export interface SweepResult {
	readonly k: number[];
	/** Inertia on the sweep's rows (their count is `rows`). */
	readonly inertia: number[];
	readonly silhouette: number[];
	readonly rows: number;
	readonly silhouetteRows: number;
}

function takeRows(x: Matrix, idx: Uint32Array): Matrix {
	const p = x.cols;
	const data = new Float64Array(idx.length * p);
	for (let i = 0; i < idx.length; i++) data.set(x.data.subarray(idx[i] * p, idx[i] * p + p), i * p);
	return { rows: idx.length, cols: p, data };
}

/**
 * The elbow / silhouette view: k-means for k = 2..kMax with inertia and mean silhouette
 * each, so the user can pick k. Large inputs are sampled (seeded) so the sweep stays a
 * few seconds whatever the row count; the curve's shape, not its scale, is what matters.
 */
export async function elbowSweep(x: Matrix, opts: SweepOptions): Promise<SweepResult> {
	const n = x.rows;
	const p = x.cols;
	// One seeded shuffle: the sweep clusters its head, and the silhouette reads the head of that,
	// so the silhouette sample's labels are a prefix of the sweep's.
	const order = shuffleInPlace(
		Uint32Array.from({ length: n }, (_, i) => i),
		createRandom((opts.seed ?? 0) + 1)
	);
	const sample = takeRows(x, order.subarray(0, Math.min(n, opts.maxRows ?? 10_000)));
	const m = sample.rows;
	const sRows = Math.min(m, opts.silhouetteRows ?? 5_000);
	const silX: Matrix = { rows: sRows, cols: p, data: sample.data.subarray(0, sRows * p) };
	const kTop = Math.min(opts.kMax, m - 1, sRows - 1);
	const ks: number[] = [];
	const inertia: number[] = [];
	const labelings: Int32Array[] = [];
	for (let k = 2; k <= kTop; k++) {
		const fit = await kmeans(sample, {
			k,
			nInit: opts.nInit,
			maxIter: opts.maxIter,
			seed: opts.seed,
			signal: opts.signal,
			tick: opts.tick
		});
		ks.push(k);
		inertia.push(fit.inertia);
		labelings.push(fit.labels.slice(0, sRows));
		opts.progress?.((k - 1) / kTop);
	}
	// A labeling that leaves one cluster in the silhouette sample has no silhouette: NaN.
	const valid = labelings.map((l) => new Set(l).size >= 2 && new Set(l).size < sRows);
	const scores = await silhouetteScores(
		silX,
		labelings.filter((_, i) => valid[i]),
		opts.tick,
		opts.signal
	);
	const silhouette = valid.map((v) => (v ? scores.shift()! : NaN));
	return { k: ks, inertia, silhouette, rows: m, silhouetteRows: sRows };
}

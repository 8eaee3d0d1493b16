import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';

/** Scores a model on rows X (higher is better): accuracy or R² against the true targets. */
export type Scorer = (X: Matrix) => Promise<number> | number;

export interface FeatureImportance {
	/** Mean score drop over the repeats. */
	readonly mean: number;
	/** Standard deviation of the drops (ddof 0, as scikit-learn's importances_std). */
	readonly std: number;
	/** 95% interval for the mean drop: mean ± t(0.975, repeats − 1) · s / √repeats (s with ddof 1). */
	readonly low: number;
	readonly high: number;
	/** Each repeat's drop (scikit-learn's importances[j]). */
	readonly drops: readonly number[];
}

export interface PermutationResult {
	readonly baseline: number;
	readonly features: readonly FeatureImportance[];
}

export interface PermutationOptions {
	readonly repeats: number;
	readonly seed: number;
	readonly signal?: AbortSignal;
}

// Student t quantiles t(0.975, df) for df 1..30 (scipy.stats.t.ppf); above that the normal's 1.96 is within 2%.
const T975 = [
	12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098,
	2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423
];

export function tQuantile975(df: number): number {
	return df < 1 ? NaN : df <= T975.length ? T975[df - 1] : 1.96;
}

function summarise(drops: number[]): FeatureImportance {
	const n = drops.length;
	const mean = drops.reduce((a, b) => a + b, 0) / n;
	const ss = drops.reduce((a, b) => a + (b - mean) ** 2, 0);
	// One repeat gives no spread: the interval collapses to the mean.
	const half = n > 1 ? (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n) : 0;
	return { mean, std: Math.sqrt(ss / n), low: mean - half, high: mean + half, drops };
}

/**
 * Permutation importance as scikit-learn's permutation_importance: the score on X, then for
 * each feature the drop in score when that column's values are shuffled across rows,
 * `repeats` times. As in scikit-learn every feature replays the same seeded shuffles, so the
 * features are compared under the same permutations.
 */
export async function permutationImportance(score: Scorer, X: Matrix, o: PermutationOptions): Promise<PermutationResult> {
	if (X.rows < 2) throw new Error('permutation importance needs at least two rows');
	if (!(o.repeats >= 1)) throw new Error('repeats must be at least 1');
	const { rows: n, cols: p } = X;
	const baseline = await score(X);
	const work: Matrix = { rows: n, cols: p, data: X.data.slice() };
	const order = new Int32Array(n);
	const tick = yielder();
	const features: FeatureImportance[] = [];
	for (let j = 0; j < p; j++) {
		const random = createRandom(o.seed);
		for (let i = 0; i < n; i++) order[i] = i;
		const drops: number[] = [];
		for (let r = 0; r < o.repeats; r++) {
			// Fisher–Yates on the index, continued from the previous repeat's order (as numpy's shuffle of shuffling_idx).
			for (let i = n - 1; i > 0; i--) {
				const k = Math.floor(random() * (i + 1));
				const t = order[i];
				order[i] = order[k];
				order[k] = t;
			}
			for (let i = 0; i < n; i++) work.data[i * p + j] = X.data[order[i] * p + j];
			drops.push(baseline - (await score(work)));
			await tick();
			if (o.signal?.aborted) throw abortError();
		}
		for (let i = 0; i < n; i++) work.data[i * p + j] = X.data[i * p + j];
		features.push(summarise(drops));
	}
	return { baseline, features };
}

/** Share of codes equal to the truth (scikit-learn's accuracy_score). */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
	let hits = 0;
	for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
	return hits / truth.length;
}

/** scikit-learn's r2_score, including its rule for a constant target (1 if exact, else 0). */
export function r2(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
	const n = truth.length;
	let mean = 0;
	for (let i = 0; i < n; i++) mean += truth[i];
	mean /= n;
	let sse = 0;
	let sst = 0;
	for (let i = 0; i < n; i++) {
		sse += (truth[i] - predicted[i]) ** 2;
		sst += (truth[i] - mean) ** 2;
	}
	return sst === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / sst;
}

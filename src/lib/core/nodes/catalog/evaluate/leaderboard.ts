import { studentTSf } from '../../../stats/special';
import type { FoldOutcome } from '../../define';
import type { ParamValue } from '../../params';
import type { Task, TrainingStop } from '../../ports';

/** How two families' fold scores compare: Nadeau and Bengio's corrected resampled t-test, paired by fold. */
export interface FoldTest {
	readonly t: number;
	/** Two-sided p-value, k − 1 degrees of freedom. */
	readonly p: number;
}

/** One family on the leaderboard. */
export interface LeaderboardRow {
	readonly family: string;
	/** The model node that trains it, and the settings it trained with (the node's defaults). */
	readonly node: string;
	readonly params: Readonly<Record<string, ParamValue>>;
	readonly status: 'done' | 'failed' | 'cancelled';
	readonly error?: string;
	/** Mean and sample standard deviation over the folds, per figure (accuracy, f1Macro…). */
	readonly mean: Readonly<Record<string, number>>;
	readonly std: Readonly<Record<string, number>>;
	/** The chosen metric in each fold, in fold order. */
	readonly scores: readonly number[];
	/** Mean milliseconds per fold to fit (recipe and model), and to score the held-out rows. */
	readonly fitMs: number;
	readonly predictMs: number;
	/** Against the best row's fold scores (t > 0: the best scored better); null for the best itself, or with fewer than 2 folds. */
	readonly versusBest: FoldTest | null;
}

/** What the Compare models node reports: one row per family, best first. */
export interface LeaderboardReport {
	readonly type: 'leaderboard';
	readonly title: string;
	readonly task: Task;
	readonly target: string;
	readonly metric: string;
	readonly direction: 'max' | 'min';
	/** k ≥ 2: the same k folds for every family; 0: trained on the training rows, scored on the validation rows. */
	readonly folds: number;
	/** Node types refitted in every fold before each family (missing values, one-hot, scale), or none. */
	readonly prepare: readonly string[];
	/** Held-out rows per fold (the same for every family). */
	readonly heldOut: readonly number[];
	/** Every figure measured, in column order (the metric first). */
	readonly figures: readonly string[];
	readonly rows: readonly LeaderboardRow[];
	/** Families not run, and why (e.g. 'linear: learns regression only'). */
	readonly skipped: readonly string[];
	/** Cancel: finished rows are kept. */
	readonly stopped?: TrainingStop;
	/**
	 * Only on the board streamed while the node runs (the rows finished so far): how many
	 * families have finished out of how many. The final report never has it.
	 */
	readonly pending?: { readonly finished: number; readonly total: number };
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stdOf = (xs: readonly number[]) => {
	if (xs.length < 2) return 0;
	const m = meanOf(xs);
	return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/**
 * Paired t-test of fold scores a − b with Nadeau and Bengio's correction (2003): the folds
 * share training rows, so their differences are not independent and a plain paired t-test
 * calls too many differences significant. The variance is scaled by (1/k + n_test/n_train),
 * with n_test/n_train = 1/(k − 1) for k-fold. Null with fewer than 2 folds; t = 0, p = 1
 * when the scores are identical in every fold.
 */
export function correctedFoldTest(a: readonly number[], b: readonly number[]): FoldTest | null {
	const k = Math.min(a.length, b.length);
	if (k < 2) return null;
	const d = Array.from({ length: k }, (_, i) => a[i] - b[i]);
	const m = meanOf(d);
	const s2 = stdOf(d) ** 2;
	if (s2 === 0) return m === 0 ? { t: 0, p: 1 } : { t: m > 0 ? Infinity : -Infinity, p: 0 };
	const t = m / Math.sqrt((1 / k + 1 / (k - 1)) * s2);
	return { t, p: 2 * studentTSf(Math.abs(t), k - 1) };
}

/** A family's trial as the leaderboard needs it. */
export type FamilyOutcome =
	| { readonly status: 'done'; readonly folds: readonly FoldOutcome[] }
	| { readonly status: 'failed'; readonly error: string }
	| { readonly status: 'cancelled' };

/** One row from a family's folds (before ranking: versusBest null). */
export function leaderboardRow(
	family: { readonly name: string; readonly node: string; readonly params: Readonly<Record<string, ParamValue>> },
	outcome: FamilyOutcome,
	metric: string
): LeaderboardRow {
	const base = { family: family.name, node: family.node, params: family.params, versusBest: null };
	if (outcome.status !== 'done')
		return {
			...base,
			status: outcome.status,
			...(outcome.status === 'failed' ? { error: outcome.error } : {}),
			mean: {},
			std: {},
			scores: [],
			fitMs: NaN,
			predictMs: NaN
		};
	const folds = outcome.folds;
	const names = [...new Set(folds.flatMap((f) => Object.keys(f.metrics)))];
	const mean: Record<string, number> = {};
	const std: Record<string, number> = {};
	for (const name of names) {
		const xs = folds.map((f) => f.metrics[name] ?? NaN);
		mean[name] = meanOf(xs);
		std[name] = stdOf(xs);
	}
	return {
		...base,
		status: 'done',
		mean,
		std,
		scores: folds.map((f) => f.metrics[metric] ?? NaN),
		fitMs: meanOf(folds.map((f) => f.fitMs)),
		predictMs: meanOf(folds.map((f) => f.predictMs))
	};
}

/**
 * The rows best first (finished rows by the metric's mean, in its direction; then failed and
 * cancelled ones), each finished row tested against the best one's fold scores.
 */
export function rankRows(rows: readonly LeaderboardRow[], metric: string, direction: 'max' | 'min'): LeaderboardRow[] {
	const sign = direction === 'max' ? 1 : -1;
	const score = (r: LeaderboardRow) => {
		const v = r.mean[metric];
		return r.status === 'done' && Number.isFinite(v) ? sign * v : -Infinity;
	};
	const sorted = [...rows].sort((a, b) => score(b) - score(a) || a.family.localeCompare(b.family));
	const best = sorted[0];
	if (!best || score(best) === -Infinity) return sorted;
	return sorted.map((r, i) =>
		i === 0 || r.status !== 'done'
			? r
			: {
					...r,
					versusBest: correctedFoldTest(
						best.scores.map((x) => sign * x),
						r.scores.map((x) => sign * x)
					)
				}
	);
}

/** Below this p-value a row is called worse than the best. */
export const SIGNIFICANCE = 0.05;

/** The hint a row shows beside its score. */
export function significanceHint(row: LeaderboardRow, best: LeaderboardRow | undefined): string {
	if (!best || row === best || row.status !== 'done') return '';
	if (!row.versusBest) return 'one score each: no test';
	return row.versusBest.p < SIGNIFICANCE
		? `worse than ${best.family} (p = ${formatP(row.versusBest.p)})`
		: `not clearly worse than ${best.family} (p = ${formatP(row.versusBest.p)})`;
}

export const formatP = (p: number): string => (p < 0.001 ? '< 0.001' : p.toFixed(3));

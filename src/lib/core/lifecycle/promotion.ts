/**
 * The promotion gate of `tessera retrain`: a retrained model (the challenger) replaces the
 * served one (the champion) only when it scores better on the same held-out rows by more than
 * the gain asked for. Pure, so every case is a unit test.
 */
import type { Metrics, Task } from '../nodes/ports';
import { flatMetrics, LOWER_IS_BETTER } from '../nodes/validation';

/** The figures Evaluate reports that a promotion can be judged on (Tune's list, without auto). */
export const PROMOTION_METRICS = ['accuracy', 'f1Macro', 'rocAuc', 'precisionMacro', 'recallMacro', 'r2', 'rmse', 'mae'] as const;
export type PromotionMetric = (typeof PROMOTION_METRICS)[number];

const CLASSIFICATION: ReadonlySet<string> = new Set(['accuracy', 'f1Macro', 'rocAuc', 'precisionMacro', 'recallMacro']);

/** `auto` is the task's primary figure, as Tune's auto: accuracy, or R². */
export function resolveMetric(metric: PromotionMetric | 'auto', task: Task): PromotionMetric {
	if (metric === 'auto') return task === 'classification' ? 'accuracy' : 'r2';
	if (CLASSIFICATION.has(metric) !== (task === 'classification'))
		throw new Error(
			`--metric ${metric} is a ${task === 'classification' ? 'regression' : 'classification'} figure; this model does ${task}`
		);
	return metric;
}

export const directionOf = (metric: string): 'max' | 'min' => (LOWER_IS_BETTER.has(metric) ? 'min' : 'max');

/** One figure of a Metrics value; NaN when it has none (ROC-AUC with one class present). */
export function metricValue(metrics: Metrics, metric: PromotionMetric): number {
	return flatMetrics(metrics)[metric] ?? NaN;
}

/** The champion as the gate sees it. */
export type ChampionScore =
	| { readonly kind: 'none' }
	| { readonly kind: 'scored'; readonly version: string; readonly score: number }
	/** It could not score the new rows (a column it needs is gone): it cannot defend its place. */
	| { readonly kind: 'unscorable'; readonly version: string; readonly message: string };

export type PromotionReason = 'first-version' | 'beats-champion' | 'not-better' | 'champion-unscorable' | 'challenger-unscored';

export interface PromotionDecision {
	readonly promote: boolean;
	readonly reason: PromotionReason;
	readonly metric: string;
	readonly direction: 'max' | 'min';
	readonly challenger: number;
	readonly champion: number | null;
	readonly minGain: number;
	/** How much better the challenger is, in the metric's better direction (negative: worse); null without a champion score. */
	readonly gain: number | null;
	/** The decision in one sentence, for logs and the history. */
	readonly message: string;
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

/**
 * Promote when the challenger beats the champion by more than `minGain` in the metric's better
 * direction (for RMSE and MAE, lower). A first version is promoted; a champion that cannot
 * score the new rows loses; a challenger without a score (NaN) is never promoted.
 */
export function promotionDecision(input: {
	readonly metric: string;
	readonly challenger: number;
	readonly champion: ChampionScore;
	readonly minGain: number;
}): PromotionDecision {
	const { metric, challenger, champion, minGain } = input;
	if (!(minGain >= 0)) throw new Error(`the minimum gain must be 0 or more, got ${minGain}`);
	const direction = directionOf(metric);
	const base = { metric, direction, challenger, minGain };
	if (!Number.isFinite(challenger))
		return {
			...base,
			promote: false,
			reason: 'challenger-unscored',
			champion: champion.kind === 'scored' ? champion.score : null,
			gain: null,
			message: `not promoted: the new model has no ${metric} on the held-out rows`
		};
	if (champion.kind === 'none')
		return { ...base, promote: true, reason: 'first-version', champion: null, gain: null, message: 'promoted: the first version' };
	if (champion.kind === 'unscorable' || !Number.isFinite(champion.score))
		return {
			...base,
			promote: true,
			reason: 'champion-unscorable',
			champion: null,
			gain: null,
			message: `promoted: version ${champion.version} cannot score the new rows (${champion.kind === 'unscorable' ? champion.message : `no ${metric}`})`
		};
	const gain = direction === 'max' ? challenger - champion.score : champion.score - challenger;
	const promote = gain > minGain;
	const versus = `${metric} ${fmt(challenger)} against ${fmt(champion.score)} for version ${champion.version}`;
	return {
		...base,
		promote,
		reason: promote ? 'beats-champion' : 'not-better',
		champion: champion.score,
		gain,
		message: promote
			? `promoted: ${versus} (gain ${fmt(gain)} > ${fmt(minGain)})`
			: `not promoted: ${versus} (gain ${fmt(gain)}, needs more than ${fmt(minGain)})`
	};
}

/**
 * Hyperparameter search: the space a search explores and the ask/tell interface every
 * strategy (grid, random, TPE, Gaussian process) implements. Scores are maximised.
 */

/** A number range; `log` samples evenly in log space (learning rates, regularisation). */
export interface RangeDimension {
	readonly name: string;
	readonly kind: 'float' | 'int';
	readonly min: number;
	readonly max: number;
	readonly log: boolean;
}
/** A set of options (a choice param's values, or 'true' / 'false' for a boolean). */
export interface ChoiceDimension {
	readonly name: string;
	readonly kind: 'choice';
	readonly values: readonly string[];
}
export type Dimension = RangeDimension | ChoiceDimension;
export type SearchSpace = readonly Dimension[];

/** One configuration: a value per dimension name (numbers for ranges, strings for choices). */
export type Config = Readonly<Record<string, number | string>>;

export type StrategyKind = 'grid' | 'random' | 'tpe' | 'gp';

export interface SearchOptions {
	readonly seed: number;
	/** Trials in all; grid search stops early when its grid is smaller. */
	readonly budget: number;
	/** Grid search: points per range dimension (default 4). */
	readonly gridPoints?: number;
}

/**
 * Ask for configurations, tell their scores. `ask(n)` may be called again before the
 * earlier ones are told (trials run in parallel); Bayesian strategies then treat pending
 * configurations as if they had scored the worst score so far (constant liar), so a batch
 * spreads out instead of proposing one point n times. Returns fewer than n (or none) when
 * the space or budget is exhausted.
 */
export interface Searcher {
	readonly kind: StrategyKind;
	ask(n: number): Config[];
	/** `score` is maximised; NaN / ±Infinity (a failed trial) counts as the worst outcome. */
	tell(config: Config, score: number): void;
}

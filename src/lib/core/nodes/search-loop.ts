import type { Config, Searcher } from '../ml/search/types';
import type { TrialOutcome } from './define';
import { isAbort } from '../util/abort';

/** One trial of a search as the report lists it. */
export interface TrialRecord {
	/** 1-based, in the order trials were proposed. */
	readonly n: number;
	readonly config: Config;
	readonly status: 'done' | 'failed' | 'cancelled';
	/** The metric as reported (RMSE itself, not negated); null unless done. */
	readonly value: number | null;
	readonly metrics: Readonly<Record<string, number>>;
	readonly ms: number;
	readonly error?: string;
}

/**
 * Configurations proposed at once. Fixed, not the number of workers: the searcher then sees
 * the same scores in the same order on any machine, so a seed gives the same search
 * whether trials run in one worker or four.
 */
export const SEARCH_BATCH = 4;

export interface SearchLoopOptions {
	readonly budget: number;
	/** Proposals per round (default SEARCH_BATCH); the runner decides how many run at once. */
	readonly batch?: number;
	/** +1 when a larger value is better, −1 when smaller is (RMSE). */
	readonly sign: 1 | -1;
	readonly signal: AbortSignal;
	/** Runs one trial; rejects with an AbortError when the signal fires. */
	readonly run: (config: Config, n: number) => Promise<TrialOutcome>;
	/** As each trial finishes (for live progress), with the best finished so far. */
	readonly onTrial?: (trial: TrialRecord, finished: number, best: TrialRecord | null) => void;
}

/**
 * Rounds of ask → run → tell: each round's configurations run side by side and their scores
 * are told in proposal order once the round is over. On abort no new round starts; finished
 * trials are kept and the ones in flight are listed as cancelled (and not told).
 */
export async function runSearch(searcher: Searcher, opts: SearchLoopOptions): Promise<TrialRecord[]> {
	const trials: TrialRecord[] = [];
	const batch = Math.max(1, opts.batch ?? SEARCH_BATCH);
	let finished = 0;
	let best: TrialRecord | null = null;
	const better = (a: TrialRecord, b: TrialRecord | null) =>
		a.value !== null && (b === null || (b.value !== null && opts.sign * a.value > opts.sign * b.value));

	const runOne = (config: Config, n: number): Promise<TrialRecord> => {
		const t0 = Date.now();
		return opts.run(config, n).then(
			(outcome): TrialRecord => ({ n, config, status: 'done', value: outcome.value, metrics: outcome.metrics, ms: outcome.ms }),
			(e: unknown): TrialRecord => ({
				n,
				config,
				status: isAbort(e) || opts.signal.aborted ? 'cancelled' : 'failed',
				value: null,
				metrics: {},
				ms: Date.now() - t0,
				...(isAbort(e) || opts.signal.aborted ? {} : { error: e instanceof Error ? e.message : String(e) })
			})
		);
	};

	while (!opts.signal.aborted && trials.length < opts.budget) {
		const configs = searcher.ask(Math.min(batch, opts.budget - trials.length));
		if (configs.length === 0) break;
		const first = trials.length + 1;
		const round = await Promise.all(
			configs.map((c, i) =>
				runOne(c, first + i).then((trial) => {
					if (trial.status !== 'cancelled') {
						finished++;
						if (trial.status === 'done' && better(trial, best)) best = trial;
						opts.onTrial?.(trial, finished, best);
					}
					return trial;
				})
			)
		);
		for (const trial of round) {
			trials.push(trial);
			// A failed trial is the worst outcome, so the search moves away from it.
			if (trial.status !== 'cancelled')
				searcher.tell(trial.config, trial.value === null || !Number.isFinite(trial.value) ? NaN : opts.sign * trial.value);
		}
	}
	return trials;
}

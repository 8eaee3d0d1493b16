import type { Config, Searcher } from '../ml/search/types';
import type { TrialOutcome } from './define';

/** One trial of a search as the report lists it. */
export interface TrialRecord {
	/** 1-based, in the order trials were started. */
	readonly n: number;
	readonly config: Config;
	readonly status: 'done' | 'failed' | 'cancelled';
	/** The metric as reported (RMSE itself, not negated); null unless done. */
	readonly value: number | null;
	readonly metrics: Readonly<Record<string, number>>;
	readonly ms: number;
	readonly error?: string;
}

export interface SearchLoopOptions {
	readonly budget: number;
	/** Trials at once. */
	readonly parallel: number;
	/** +1 when a larger value is better, −1 when smaller is (RMSE). */
	readonly sign: 1 | -1;
	readonly signal: AbortSignal;
	/** Runs one trial; rejects with an AbortError when the signal fires. */
	readonly run: (config: Config, n: number) => Promise<TrialOutcome>;
	/** After each finished trial, in finishing order. */
	readonly onTrial?: (trial: TrialRecord, finished: number, best: TrialRecord | null) => void;
}

const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

/**
 * Keep `parallel` trials in flight: ask the searcher for as many configurations as there
 * are free slots, tell it each score as it arrives. On abort no new trial starts; finished
 * trials are kept and the ones in flight are listed as cancelled.
 */
export async function runSearch(searcher: Searcher, opts: SearchLoopOptions): Promise<TrialRecord[]> {
	const trials: TrialRecord[] = [];
	const inFlight = new Map<number, Promise<void>>();
	let started = 0;
	let finished = 0;
	let best: TrialRecord | null = null;
	const better = (a: TrialRecord, b: TrialRecord | null) => b === null || (a.value !== null && b.value !== null && opts.sign * a.value > opts.sign * b.value);

	const launch = (config: Config) => {
		const n = ++started;
		const t0 = Date.now();
		const done = opts
			.run(config, n)
			.then(
				(outcome): TrialRecord => ({ n, config, status: 'done', value: outcome.value, metrics: outcome.metrics, ms: outcome.ms }),
				(e: unknown): TrialRecord => ({
					n,
					config,
					status: isAbort(e) || opts.signal.aborted ? 'cancelled' : 'failed',
					value: null,
					metrics: {},
					ms: Date.now() - t0,
					...(isAbort(e) ? {} : { error: e instanceof Error ? e.message : String(e) })
				})
			)
			.then((trial) => {
				inFlight.delete(n);
				trials.push(trial);
				if (trial.status === 'cancelled') return;
				finished++;
				// A failed trial is the worst outcome, so the search moves away from it.
				searcher.tell(config, trial.value === null || !Number.isFinite(trial.value) ? NaN : opts.sign * trial.value);
				if (trial.status === 'done' && better(trial, best)) best = trial;
				opts.onTrial?.(trial, finished, best);
			});
		inFlight.set(n, done);
	};

	const aborted = new Promise<void>((resolve) => opts.signal.addEventListener('abort', () => resolve(), { once: true }));
	while (!opts.signal.aborted) {
		const free = Math.min(opts.parallel - inFlight.size, opts.budget - started);
		if (free > 0) {
			const configs = searcher.ask(free);
			for (const c of configs) launch(c);
			if (configs.length === 0 && inFlight.size === 0) break;
		}
		if (inFlight.size === 0) break;
		await Promise.race([...inFlight.values(), aborted]);
	}
	await Promise.all(inFlight.values());
	return trials.sort((a, b) => a.n - b.n);
}

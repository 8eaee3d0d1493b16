import { configKey, spaceSize } from './encoding';
import type { Config, SearchSpace } from './types';

/**
 * What a searcher has asked and been told: the budget, the pending configurations and
 * the scores. Bayesian strategies read `observations()`, where a pending configuration
 * and a failed trial both count as the worst score seen so far (constant liar).
 */
export class Trials {
	readonly told: { config: Config; score: number }[] = [];
	readonly pending = new Map<string, Config>();
	private readonly seen = new Set<string>();
	private issued = 0;
	private readonly size: number;

	constructor(
		readonly space: SearchSpace,
		readonly budget: number
	) {
		this.size = spaceSize(space);
	}

	/** How many more configurations may be asked for. */
	remaining(): number {
		return Math.max(0, Math.min(this.budget - this.issued, this.size - this.seen.size));
	}

	/** Configurations asked so far (told or pending). */
	count(): number {
		return this.told.length + this.pending.size;
	}

	has(config: Config): boolean {
		return this.seen.has(configKey(this.space, config));
	}

	/** Record a configuration handed out by ask. */
	issue(config: Config): void {
		const key = configKey(this.space, config);
		this.pending.set(key, config);
		this.seen.add(key);
		this.issued++;
	}

	tell(config: Config, score: number): void {
		const key = configKey(this.space, config);
		this.pending.delete(key);
		this.seen.add(key);
		this.told.push({ config, score: Number.isFinite(score) ? score : NaN });
	}

	/** Told and pending configurations with scores to model: failed and pending ones as the worst. */
	observations(): { configs: Config[]; scores: number[] } {
		let worst = Infinity;
		for (const t of this.told) if (t.score < worst) worst = t.score;
		if (worst === Infinity) worst = 0;
		const configs = [...this.told.map((t) => t.config), ...this.pending.values()];
		const scores = [...this.told.map((t) => (Number.isNaN(t.score) ? worst : t.score)), ...Array(this.pending.size).fill(worst)];
		return { configs, scores };
	}
}

/**
 * Up to n new configurations from `propose`, skipping ones already asked; a proposal that
 * keeps repeating one falls back to `fallback` (a uniform draw) so a batch never stalls.
 */
export function askDistinct(trials: Trials, n: number, propose: () => Config, fallback: () => Config): Config[] {
	const out: Config[] = [];
	while (out.length < n && trials.remaining() > 0) {
		let config = propose();
		for (let attempt = 0; trials.has(config) && attempt < 200; attempt++) config = attempt < 5 ? propose() : fallback();
		if (trials.has(config)) break;
		trials.issue(config);
		out.push(config);
	}
	return out;
}

/** Random trials before a Bayesian strategy starts modelling: max(5, min(10, budget / 4)). */
export function startupTrials(budget: number): number {
	return Math.max(5, Math.min(10, Math.floor(budget / 4)));
}

import { createRandom } from '../../util/random';
import { sampleConfig } from './encoding';
import { askDistinct, Trials } from './trials';
import type { Config, Searcher, SearchOptions, SearchSpace } from './types';

/** Uniform draws: log-uniform on log ranges, every whole number equally likely on int ranges. */
export function randomSearch(space: SearchSpace, options: SearchOptions): Searcher {
	const random = createRandom(options.seed);
	const trials = new Trials(space, options.budget);
	const draw = () => sampleConfig(space, random);
	return {
		kind: 'random',
		ask: (n: number) => askDistinct(trials, n, draw, draw),
		tell: (config: Config, score: number) => trials.tell(config, score)
	};
}

import { gpSearch } from './gp';
import { gridSearch } from './grid';
import { randomSearch } from './random';
import { tpeSearch } from './tpe';
import type { Searcher, SearchOptions, SearchSpace, StrategyKind } from './types';

/** A searcher of the given kind over `space`; every kind is deterministic for a seed. */
export function createSearch(kind: StrategyKind, space: SearchSpace, options: SearchOptions): Searcher {
	if (!Number.isInteger(options.budget) || options.budget < 0)
		throw new Error(`the search budget must be a whole number of trials (got ${options.budget})`);
	switch (kind) {
		case 'grid':
			return gridSearch(space, options);
		case 'random':
			return randomSearch(space, options);
		case 'tpe':
			return tpeSearch(space, options);
		case 'gp':
			return gpSearch(space, options);
		default:
			throw new Error(`unknown search strategy "${String(kind)}" (use grid, random, tpe or gp)`);
	}
}

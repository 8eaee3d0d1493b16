import { createRandom } from '../../util/random';
import { normalDraw } from './normal';
import { createSearch } from './search';
import type { Config, SearchSpace, StrategyKind } from './types';

/** A function to maximise over a search space, with its known best value. */
export interface BenchmarkProblem {
	readonly name: string;
	readonly space: SearchSpace;
	/** The noise-free value of a configuration (larger is better). */
	readonly value: (config: Config) => number;
	/** What one trial observes; noise-free problems observe `value`. */
	readonly observe?: (config: Config, random: () => number) => number;
	readonly optimum: number;
}

const num = (c: Config, name: string) => Number(c[name]);

/** Branin–Hoo on [−5, 10] × [0, 15], negated: three global maxima at −0.397887. */
export const branin: BenchmarkProblem = {
	name: 'Branin (2-D)',
	space: [
		{ name: 'x1', kind: 'float', min: -5, max: 10, log: false },
		{ name: 'x2', kind: 'float', min: 0, max: 15, log: false }
	],
	value: (c) => {
		const x1 = num(c, 'x1');
		const x2 = num(c, 'x2');
		const b = 5.1 / (4 * Math.PI ** 2);
		const f = (x2 - b * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
		return -f;
	},
	optimum: -0.397887
};

const H_ALPHA = [1, 1.2, 3, 3.2];
const H_A = [
	[10, 3, 17, 3.5, 1.7, 8],
	[0.05, 10, 17, 0.1, 8, 14],
	[3, 3.5, 1.7, 10, 17, 8],
	[17, 8, 0.05, 10, 0.1, 14]
];
const H_P = [
	[1312, 1696, 5569, 124, 8283, 5886],
	[2329, 4135, 8307, 3736, 1004, 9991],
	[2348, 1451, 3522, 2883, 3047, 6650],
	[4047, 8828, 8732, 5743, 1091, 381]
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 on [0, 1]⁶, negated: maximum 3.32237 at (0.2017, 0.1500, 0.4769, 0.2753, 0.3117, 0.6573). */
export const hartmann6: BenchmarkProblem = {
	name: 'Hartmann-6 (6-D)',
	space: Array.from({ length: 6 }, (_, j) => ({ name: `x${j + 1}`, kind: 'float' as const, min: 0, max: 1, log: false })),
	value: (c) => {
		let sum = 0;
		for (let i = 0; i < 4; i++) {
			let inner = 0;
			for (let j = 0; j < 6; j++) inner += H_A[i][j] * (num(c, `x${j + 1}`) - H_P[i][j]) ** 2;
			sum += H_ALPHA[i] * Math.exp(-inner);
		}
		return sum;
	},
	optimum: 3.32237
};

/** Per activation: best log10 learning rate and the accuracy it reaches. */
const ACTIVATIONS: Record<string, { lr: number; top: number; depth: number }> = {
	relu: { lr: -2.5, top: 0.93, depth: 6 },
	tanh: { lr: -2, top: 0.92, depth: 4 },
	sigmoid: { lr: -1.5, top: 0.89, depth: 3 }
};

/**
 * A synthetic validation accuracy with the shape of a real network's: a learning-rate
 * valley in log space, steeper on the high side (training diverges); a best depth per
 * activation; an L2 strength whose best value grows with depth; chance level (0.5) as
 * the floor; each trial observes it with Gaussian noise of 0.003.
 */
export const networkAccuracy: BenchmarkProblem = {
	name: 'Network accuracy (lr log, depth int, l2 log, activation)',
	space: [
		{ name: 'learningRate', kind: 'float', min: 1e-5, max: 1, log: true },
		{ name: 'depth', kind: 'int', min: 1, max: 12, log: false },
		{ name: 'l2', kind: 'float', min: 1e-7, max: 0.1, log: true },
		{ name: 'activation', kind: 'choice', values: ['relu', 'tanh', 'sigmoid'] }
	],
	value: (c) => {
		const a = ACTIVATIONS[String(c.activation)];
		const depth = num(c, 'depth');
		const dl = Math.log10(num(c, 'learningRate')) - a.lr;
		const lrLoss = dl > 0 ? 0.12 * dl * dl : 0.04 * dl * dl;
		const depthLoss = 0.004 * (depth - a.depth) ** 2;
		const l2Loss = 0.008 * (Math.log10(num(c, 'l2')) - (-5 + 0.3 * depth)) ** 2;
		return Math.max(0.5, a.top - lrLoss - depthLoss - l2Loss);
	},
	observe: (c, random) => networkAccuracy.value(c) + 0.003 * normalDraw(random),
	optimum: 0.93
};

export const benchmarkProblems: readonly BenchmarkProblem[] = [branin, hartmann6, networkAccuracy];

/**
 * One search of `budget` trials, asked `batch` at a time (as parallel workers would run
 * them) and told in order; returns the noise-free value of the configuration the search
 * would pick (its best observed trial).
 */
export function runSearch(problem: BenchmarkProblem, kind: StrategyKind, budget: number, seed: number, batch = 1): number {
	const searcher = createSearch(kind, problem.space, { seed, budget });
	// The same noise stream for every strategy at a seed, so they differ only in what they ask.
	const noise = createRandom((seed * 2654435761) ^ 0x5bd1e995);
	let bestSeen = -Infinity;
	let bestValue = NaN;
	for (;;) {
		const configs = searcher.ask(batch);
		if (configs.length === 0) break;
		for (const config of configs) {
			const seen = problem.observe ? problem.observe(config, noise) : problem.value(config);
			searcher.tell(config, seen);
			if (seen > bestSeen) [bestSeen, bestValue] = [seen, problem.value(config)];
		}
	}
	return bestValue;
}

export interface Comparison {
	readonly problem: string;
	readonly budget: number;
	readonly seeds: number;
	/** Best value found per strategy, one per seed (firstSeed, firstSeed + 1, ...). */
	readonly best: Readonly<Record<string, readonly number[]>>;
	/** Share of seeds where each strategy beat random search (a tie counts half). */
	readonly winRate: Readonly<Record<string, number>>;
}

export function median(values: readonly number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run random search and each Bayesian strategy on the same seeds and count wins against random. */
export function compareStrategies(
	problem: BenchmarkProblem,
	options: { budget: number; seeds: number; firstSeed?: number; batch?: number; strategies?: readonly StrategyKind[] }
): Comparison {
	const first = options.firstSeed ?? 1;
	const kinds = options.strategies ?? ['tpe', 'gp'];
	const best: Record<string, number[]> = { random: [] };
	for (const k of kinds) best[k] = [];
	for (let seed = first; seed < first + options.seeds; seed++) {
		best.random.push(runSearch(problem, 'random', options.budget, seed, options.batch));
		for (const k of kinds) best[k].push(runSearch(problem, k, options.budget, seed, options.batch));
	}
	const winRate: Record<string, number> = {};
	for (const k of kinds) {
		let wins = 0;
		best[k].forEach((v, i) => (wins += v > best.random[i] ? 1 : v === best.random[i] ? 0.5 : 0));
		winRate[k] = wins / options.seeds;
	}
	return { problem: problem.name, budget: options.budget, seeds: options.seeds, best, winRate };
}

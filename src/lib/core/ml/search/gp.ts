import { createRandom } from '../../util/random';
import { choiceIndex, fromUnit, sampleConfig, toUnit } from './encoding';
import { fitGp, predictGp, type GpModel } from './gaussian-process';
import { normalCdf, normalDraw, normalPdf } from './normal';
import { askDistinct, startupTrials, Trials } from './trials';
import type { Config, Searcher, SearchOptions, SearchSpace } from './types';

/** Random candidates per proposal, before the local search around the best ones. */
export const RANDOM_CANDIDATES = 1000;
const LOCAL_PER_POINT = 40;
const LOCAL_SEEDS = 5;
const WIDE_STEPS = [0.02, 0.05, 0.1, 0.2];
const NARROW_STEPS = [0.005, 0.01, 0.02, 0.05];
/** Exploration margin of expected improvement, in standard deviations of the scores. */
const XI = 0.01;

/** A configuration as a point of the unit cube: ranges on their (log) unit scale, choices one-hot. */
export function embed(space: SearchSpace, config: Config): number[] {
	const x: number[] = [];
	for (const d of space) {
		if (d.kind === 'choice') {
			const at = choiceIndex(d.values, config[d.name]);
			for (let k = 0; k < d.values.length; k++) x.push(k === at ? 1 : 0);
		} else x.push(toUnit(d, Number(config[d.name])));
	}
	return x;
}

/** A nearby configuration: Gaussian steps of `step` on the unit scale, a choice changed now and then. */
function perturb(space: SearchSpace, config: Config, step: number, random: () => number): Config {
	const out: Record<string, number | string> = {};
	const flip = 1 / Math.max(2, space.length);
	for (const d of space) {
		const v = config[d.name];
		if (d.kind === 'choice') out[d.name] = random() < flip ? d.values[Math.floor(random() * d.values.length)] : v;
		else out[d.name] = fromUnit(d, toUnit(d, Number(v)) + step * normalDraw(random));
	}
	return out;
}

export function expectedImprovement(model: GpModel, x: readonly number[], best: number): number {
	const { mean, sd } = predictGp(model, x);
	const gain = mean - best - XI;
	const z = gain / sd;
	return gain * normalCdf(z) + sd * normalPdf(z);
}

/**
 * The configuration with the largest expected improvement among random candidates and
 * Gaussian steps around the best observed ones, refined by smaller steps around the
 * best candidates. Candidates are whole configurations (ints rounded) before scoring.
 */
export function gpPropose(
	space: SearchSpace,
	configs: readonly Config[],
	scores: readonly number[],
	random: () => number,
	known: (config: Config) => boolean
): Config {
	const model = fitGp(
		configs.map((c) => embed(space, c)),
		scores
	);
	const best = Math.max(...scores.map((s) => (s - model.yMean) / model.yStd));
	const scored: { config: Config; ei: number }[] = [];
	const add = (config: Config) => {
		if (!known(config)) scored.push({ config, ei: expectedImprovement(model, embed(space, config), best) });
	};
	for (let i = 0; i < RANDOM_CANDIDATES; i++) add(sampleConfig(space, random));
	const top = scores
		.map((s, i) => ({ s, i }))
		.sort((a, b) => b.s - a.s || a.i - b.i)
		.slice(0, LOCAL_SEEDS);
	for (const { i } of top)
		for (let k = 0; k < LOCAL_PER_POINT; k++) add(perturb(space, configs[i], WIDE_STEPS[k % WIDE_STEPS.length], random));
	const leaders = [...scored].sort((a, b) => b.ei - a.ei).slice(0, LOCAL_SEEDS);
	for (const { config } of leaders)
		for (let k = 0; k < LOCAL_PER_POINT; k++) add(perturb(space, config, NARROW_STEPS[k % NARROW_STEPS.length], random));
	let winner = scored[0];
	for (const c of scored) if (c.ei > winner.ei) winner = c;
	return winner?.config ?? sampleConfig(space, random);
}

/**
 * Bayesian optimisation with a Gaussian process (Matérn 5/2) and expected improvement.
 * Random trials first (as TPE), then one model fit per proposal; pending trials enter the
 * fit as the worst score so far so that a batch spreads out.
 */
export function gpSearch(space: SearchSpace, options: SearchOptions): Searcher {
	const random = createRandom(options.seed);
	const trials = new Trials(space, options.budget);
	const startup = startupTrials(options.budget);
	const draw = () => sampleConfig(space, random);
	const propose = () => {
		if (trials.count() < startup) return draw();
		const { configs, scores } = trials.observations();
		return gpPropose(space, configs, scores, random, (c) => trials.has(c));
	};
	return {
		kind: 'gp',
		ask: (n: number) => askDistinct(trials, n, propose, draw),
		tell: (config: Config, score: number) => trials.tell(config, score)
	};
}

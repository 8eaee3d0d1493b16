import { createRandom } from '../../util/random';
import { choiceIndex, fromUnit, sampleConfig, toUnit } from './encoding';
import { normalCdf, normalDraw } from './normal';
import { askDistinct, startupTrials, Trials } from './trials';
import type { Config, Searcher, SearchOptions, SearchSpace } from './types';

/** Share of the observations that make up the "good" density l(x). */
export const GAMMA = 0.25;
/** Candidates drawn from l(x) per proposal; the one with the largest l(x)/g(x) wins. */
export const CANDIDATES = 24;
/** optuna's SIGMA0_MAGNITUDE: kernel width on the unit scale before the n^(−1/(d+4)) shrink. */
const BANDWIDTH = 0.2;
/** optuna's prior weight: the prior counts as one more observation, spread over all values. */
const PRIOR_WEIGHT = 1;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * One kernel of a Parzen estimator: a product over dimensions of a Gaussian truncated
 * to [0, 1] (ranges, on their unit scale) and a categorical that favours the observed
 * value. The prior kernel is N(0.5, 1) on every range and uniform on every choice.
 */
interface Kernel {
	readonly centre: readonly number[];
	readonly sigma: number;
	readonly prior: boolean;
	/** log(1 / (σ · mass of N(centre, σ) inside [0, 1])) per range dimension. */
	readonly logNorm: readonly number[];
}

function kernel(centre: number[], sigma: number, prior: boolean): Kernel {
	const logNorm = centre.map((mu) => -Math.log(sigma) - Math.log(Math.max(1e-300, normalCdf((1 - mu) / sigma) - normalCdf(-mu / sigma))));
	return { centre, sigma, prior, logNorm };
}

/**
 * The estimator over some observations, as optuna's multivariate TPE: one kernel per
 * observation with width 0.2 · n^(−1/(d+4)) (Scott's rule shape), clipped below at
 * 1 / min(100, n + 1) so a tight cluster still explores, plus the prior kernel.
 * Choices are stored as their index in `centre`.
 */
export function parzen(space: SearchSpace, points: readonly Config[]): Kernel[] {
	const n = points.length;
	const sigma = Math.max(BANDWIDTH * Math.pow(Math.max(n, 1), -1 / (space.length + 4)), 1 / Math.min(100, n + 2));
	const kernels = points.map((c) =>
		kernel(
			space.map((d) => (d.kind === 'choice' ? choiceIndex(d.values, c[d.name]) : toUnit(d, Number(c[d.name])))),
			sigma,
			false
		)
	);
	kernels.push(
		kernel(
			space.map(() => 0.5),
			1,
			true
		)
	);
	return kernels;
}

/** Probability a kernel gives its own observed choice; the rest is spread evenly (optuna's smoothing). */
function choiceProbability(k: Kernel, j: number, value: number, options: number): number {
	if (k.prior) return 1 / options;
	const spread = PRIOR_WEIGHT / options / (1 + PRIOR_WEIGHT);
	return value === k.centre[j] ? 1 / (1 + PRIOR_WEIGHT) + spread : spread;
}

/** log density of the mixture (equal weights) at x, choices by index. */
export function parzenLogPdf(space: SearchSpace, kernels: readonly Kernel[], x: readonly number[]): number {
	let max = -Infinity;
	const terms = kernels.map((k) => {
		let t = -Math.log(kernels.length);
		space.forEach((d, j) => {
			if (d.kind === 'choice') t += Math.log(choiceProbability(k, j, x[j], d.values.length));
			else {
				const z = (x[j] - k.centre[j]) / k.sigma;
				t += k.logNorm[j] - 0.5 * z * z - LOG_SQRT_2PI;
			}
		});
		if (t > max) max = t;
		return t;
	});
	let sum = 0;
	for (const t of terms) sum += Math.exp(t - max);
	return max + Math.log(sum);
}

/** A draw from the mixture: a configuration and its point (ints rounded, then re-encoded). */
function parzenSample(space: SearchSpace, kernels: readonly Kernel[], random: () => number): { config: Config; x: number[] } {
	const k = kernels[Math.min(kernels.length - 1, Math.floor(random() * kernels.length))];
	const config: Record<string, number | string> = {};
	const x: number[] = [];
	space.forEach((d, j) => {
		if (d.kind === 'choice') {
			const keep = !k.prior && random() < 1 / (1 + PRIOR_WEIGHT);
			const i = keep ? k.centre[j] : Math.min(d.values.length - 1, Math.floor(random() * d.values.length));
			config[d.name] = d.values[i];
			x.push(i);
			return;
		}
		let u = NaN;
		for (let attempt = 0; attempt < 100 && !(u >= 0 && u <= 1); attempt++) u = k.centre[j] + k.sigma * normalDraw(random);
		if (!(u >= 0 && u <= 1)) u = random();
		const value = fromUnit(d, u);
		config[d.name] = value;
		// A whole number is scored where it sits, so the ratio ranks what will actually run.
		x.push(toUnit(d, value));
	});
	return { config, x };
}

/** Split at the γ quantile of the scores (best first; ties keep their order); the best l(x)/g(x) of 24 draws from l. */
export function tpePropose(space: SearchSpace, configs: readonly Config[], scores: readonly number[], random: () => number): Config {
	const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
	const nGood = Math.max(1, Math.ceil(GAMMA * order.length));
	const good = parzen(
		space,
		order.slice(0, nGood).map((i) => configs[i])
	);
	const bad = parzen(
		space,
		order.slice(nGood).map((i) => configs[i])
	);
	let best: Config | null = null;
	let bestRatio = -Infinity;
	for (let c = 0; c < CANDIDATES; c++) {
		const { config, x } = parzenSample(space, good, random);
		const ratio = parzenLogPdf(space, good, x) - parzenLogPdf(space, bad, x);
		if (best === null || ratio > bestRatio) [best, bestRatio] = [config, ratio];
	}
	return best ?? sampleConfig(space, random);
}

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011) in optuna's multivariate form
 * (one joint kernel per observation, Falkner et al. 2018): random trials first, then the
 * candidate drawn from l(x) with the largest l(x)/g(x). Pending trials join g as the worst.
 */
export function tpeSearch(space: SearchSpace, options: SearchOptions): Searcher {
	const random = createRandom(options.seed);
	const trials = new Trials(space, options.budget);
	const startup = startupTrials(options.budget);
	const draw = () => sampleConfig(space, random);
	const propose = () => {
		if (trials.count() < startup) return draw();
		const { configs, scores } = trials.observations();
		return tpePropose(space, configs, scores, random);
	};
	return {
		kind: 'tpe',
		ask: (n: number) => askDistinct(trials, n, propose, draw),
		tell: (config: Config, score: number) => trials.tell(config, score)
	};
}

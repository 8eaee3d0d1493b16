import { createRandom } from '../../util/random';
import { choiceIndex, fromUnit, sampleConfig, toUnit } from './encoding';
import { normalCdf, normalDraw } from './normal';
import { askDistinct, startupTrials, Trials } from './trials';
import type { ChoiceDimension, Config, RangeDimension, Searcher, SearchOptions, SearchSpace } from './types';

/** Share of the observations that make up the "good" density l(x). */
export const GAMMA = 0.25;
/** Candidates drawn from l(x) per proposal; the one with the largest l(x)/g(x) wins. */
export const CANDIDATES = 24;

const PRIOR_MU = 0.5;
const PRIOR_SIGMA = 1;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** A mixture of Gaussians truncated to [0, 1], one per observation plus the prior. */
interface Parzen {
	readonly mus: number[];
	readonly sigmas: number[];
	/** log(weight / (σ · mass of the Gaussian inside [0, 1])), per component. */
	readonly logScale: number[];
}

/**
 * hyperopt's adaptive Parzen estimator: each observation's bandwidth is the larger gap
 * to its sorted neighbours (the prior N(0.5, 1) counts as a neighbour), clipped to
 * [1 / min(100, n + 1), 1] so a tight cluster still explores a little.
 */
export function parzen(observed: readonly number[]): Parzen {
	const points = [...observed.map((mu) => ({ mu, prior: false })), { mu: PRIOR_MU, prior: true }].sort((a, b) => a.mu - b.mu);
	const n = points.length;
	const minSigma = PRIOR_SIGMA / Math.min(100, n + 1);
	const mus: number[] = [];
	const sigmas: number[] = [];
	for (let i = 0; i < n; i++) {
		const left = i > 0 ? points[i].mu - points[i - 1].mu : -Infinity;
		const right = i < n - 1 ? points[i + 1].mu - points[i].mu : -Infinity;
		const gap = n === 1 ? PRIOR_SIGMA : Math.max(left, right);
		mus.push(points[i].mu);
		sigmas.push(points[i].prior ? PRIOR_SIGMA : Math.min(PRIOR_SIGMA, Math.max(minSigma, gap)));
	}
	const logWeight = -Math.log(n);
	const logScale = mus.map((mu, i) => {
		const mass = normalCdf((1 - mu) / sigmas[i]) - normalCdf(-mu / sigmas[i]);
		return logWeight - Math.log(sigmas[i]) - Math.log(Math.max(mass, 1e-300));
	});
	return { mus, sigmas, logScale };
}

export function parzenLogPdf(p: Parzen, x: number): number {
	let max = -Infinity;
	const terms = p.mus.map((mu, i) => {
		const z = (x - mu) / p.sigmas[i];
		const t = p.logScale[i] - 0.5 * z * z - LOG_SQRT_2PI;
		if (t > max) max = t;
		return t;
	});
	let sum = 0;
	for (const t of terms) sum += Math.exp(t - max);
	return max + Math.log(sum);
}

export function parzenSample(p: Parzen, random: () => number): number {
	const i = Math.min(p.mus.length - 1, Math.floor(random() * p.mus.length));
	for (let attempt = 0; attempt < 100; attempt++) {
		const x = p.mus[i] + p.sigmas[i] * normalDraw(random);
		if (x >= 0 && x <= 1) return x;
	}
	return random();
}

function proposeRange(d: RangeDimension, good: number[], bad: number[], random: () => number): number {
	const l = parzen(good);
	const g = parzen(bad);
	let best = NaN;
	let bestRatio = -Infinity;
	for (let c = 0; c < CANDIDATES; c++) {
		const value = fromUnit(d, parzenSample(l, random));
		// Whole numbers are scored where they sit, so the ratio ranks what will actually run.
		const u = toUnit(d, value);
		const ratio = parzenLogPdf(l, u) - parzenLogPdf(g, u);
		if (ratio > bestRatio) [best, bestRatio] = [value, ratio];
	}
	return best;
}

/** Category frequencies with one pseudo-count per option (hyperopt's prior weight 1). */
function categorical(k: number, observed: number[]): number[] {
	const p = new Array<number>(k).fill(1);
	for (const i of observed) p[i]++;
	const total = k + observed.length;
	return p.map((c) => c / total);
}

function proposeChoice(d: ChoiceDimension, good: number[], bad: number[], random: () => number): string {
	const l = categorical(d.values.length, good);
	const g = categorical(d.values.length, bad);
	let best = 0;
	let bestRatio = -Infinity;
	for (let c = 0; c < CANDIDATES; c++) {
		let r = random();
		let i = 0;
		while (i < l.length - 1 && r >= l[i]) r -= l[i++];
		const ratio = l[i] / g[i];
		if (ratio > bestRatio) [best, bestRatio] = [i, ratio];
	}
	return d.values[best];
}

/** Split at the γ quantile of the scores (best first; ties keep their order) and propose per dimension. */
export function tpePropose(space: SearchSpace, configs: readonly Config[], scores: readonly number[], random: () => number): Config {
	const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
	const nGood = Math.max(1, Math.ceil(GAMMA * order.length));
	const goodRows = order.slice(0, nGood);
	const badRows = order.slice(nGood);
	const out: Record<string, number | string> = {};
	for (const d of space) {
		if (d.kind === 'choice') {
			const idx = (rows: number[]) => rows.map((r) => choiceIndex(d.values, configs[r][d.name]));
			out[d.name] = proposeChoice(d, idx(goodRows), idx(badRows), random);
		} else {
			const unit = (rows: number[]) => rows.map((r) => toUnit(d, Number(configs[r][d.name])));
			out[d.name] = proposeRange(d, unit(goodRows), unit(badRows), random);
		}
	}
	return out;
}

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011, as hyperopt and optuna's
 * independent sampler): random trials first, then l(x)/g(x) maximised per dimension.
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

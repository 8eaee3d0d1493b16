import type { HistLayout } from './hist-histogram';

export interface SplitRules {
	readonly minSamplesLeaf: number;
	readonly l2: number;
	/** A child needs at least this hessian sum (sklearn's min_hessian_to_split). */
	readonly minHessian: number;
}

/** The best split of a node: which feature, where, and the left child's sums. */
export interface SplitCandidate {
	gain: number;
	feature: number;
	/** Numeric: rows with bin ≤ bin go left. */
	bin: number;
	missingLeft: boolean;
	/** Categorical: the category codes that go left; null for numeric splits. */
	categories: number[] | null;
	gLeft: number;
	hLeft: number;
	nLeft: number;
}

/** Node sums. */
export interface NodeSums {
	readonly g: number;
	readonly h: number;
	readonly n: number;
}

// LightGBM's / scikit-learn's guards for categorical splits: a category needs this much
// support to be placed, its ratio is smoothed by the same amount, and a scan places at most
// MAX_CAT_THRESHOLD categories on its side.
const MIN_CAT_SUPPORT = 10;
const CAT_SMOOTH = 10;
const MAX_CAT_THRESHOLD = 32;

/** Best split of a node over `features`, or null when no split has a positive gain. */
export function findBestSplit(
	hist: Float64Array,
	layout: HistLayout,
	nBins: ArrayLike<number>,
	categorical: ArrayLike<boolean | number>,
	features: Int32Array,
	sums: NodeSums,
	rules: SplitRules
): SplitCandidate | null {
	const { minSamplesLeaf, l2, minHessian } = rules;
	const G = sums.g;
	const H = sums.h;
	const N = sums.n;
	const parentScore = (G * G) / (H + l2);
	let best: SplitCandidate | null = null;
	// The best numeric split so far as plain numbers: the scan is the hot loop of split
	// finding, and an object per improvement (or a closure per candidate) costs more than it.
	let bestGain = 0;
	let bestFeature = -1;
	let bestBin = 0;
	let bestMissingLeft = false;
	let bestG = 0;
	let bestH = 0;
	let bestN = 0;
	const consider = (gl: number, hl: number, nl: number): number => {
		const nr = N - nl;
		const hr = H - hl;
		if (nl < minSamplesLeaf || nr < minSamplesLeaf || hl < minHessian || hr < minHessian) return -Infinity;
		const gr = G - gl;
		return (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
	};
	for (let k = 0; k < features.length; k++) {
		const f = features[k];
		const base = layout.offsets[f] * 3;
		const nb = nBins[f];
		const mi = base + nb * 3;
		const gm = hist[mi];
		const hm = hist[mi + 1];
		const nm = hist[mi + 2];
		if (categorical[f]) {
			const c = categoricalSplit(hist, base, nb, nm > 0, f, consider);
			if (c && c.gain > 0 && c.gain > bestGain) {
				best = c;
				bestGain = c.gain;
				bestFeature = -1;
			}
			continue;
		}
		// Missing values to the right; with missing values present, also "every value left, missing right".
		// Each pass: one candidate per bin, the same arithmetic as `consider` written out.
		for (let pass = 0; pass < (nm > 0 ? 2 : 1); pass++) {
			const missingLeft = pass === 1;
			let gl = missingLeft ? gm : 0;
			let hl = missingLeft ? hm : 0;
			let nl = missingLeft ? nm : 0;
			const last = missingLeft ? nb - 2 : nm > 0 ? nb - 1 : nb - 2;
			for (let b = 0; b <= last; b++) {
				const s = base + b * 3;
				gl += hist[s];
				hl += hist[s + 1];
				nl += hist[s + 2];
				const hr = H - hl;
				if (nl < minSamplesLeaf || N - nl < minSamplesLeaf || hl < minHessian || hr < minHessian) continue;
				const gr = G - gl;
				const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
				if (gain > 0 && gain > bestGain) {
					bestGain = gain;
					bestFeature = f;
					bestBin = b;
					bestMissingLeft = missingLeft || (nm > 0 ? false : nl >= N - nl);
					bestG = gl;
					bestH = hl;
					bestN = nl;
				}
			}
		}
	}
	if (bestFeature < 0) return best;
	return {
		gain: bestGain,
		feature: bestFeature,
		bin: bestBin,
		missingLeft: bestMissingLeft,
		categories: null,
		gLeft: bestG,
		hLeft: bestH,
		nLeft: bestN
	};
}

/**
 * Categories sorted by their smoothed gradient/hessian ratio, then scanned from both ends
 * (LightGBM; scikit-learn 1.2). The missing bin takes part as one more category.
 */
function categoricalSplit(
	hist: Float64Array,
	base: number,
	nb: number,
	hasMissing: boolean,
	feature: number,
	consider: (gl: number, hl: number, nl: number) => number
): SplitCandidate | null {
	const used: number[] = [];
	const ratio: number[] = [];
	for (let b = 0; b <= nb; b++) {
		if (b === nb && !hasMissing) break;
		const s = base + b * 3;
		if (hist[s + 2] < MIN_CAT_SUPPORT) continue;
		used.push(b);
		ratio[b] = hist[s] / (hist[s + 1] + CAT_SMOOTH);
	}
	if (used.length <= 1) return null;
	used.sort((a, b) => ratio[a] - ratio[b] || a - b);
	const maxTake = Math.min(MAX_CAT_THRESHOLD, (used.length + 1) >> 1);
	let best: { gain: number; take: number; fromEnd: boolean; gl: number; hl: number; nl: number } | null = null;
	for (const fromEnd of [false, true]) {
		let gl = 0;
		let hl = 0;
		let nl = 0;
		for (let i = 0; i < maxTake; i++) {
			const s = base + used[fromEnd ? used.length - 1 - i : i] * 3;
			gl += hist[s];
			hl += hist[s + 1];
			nl += hist[s + 2];
			const gain = consider(gl, hl, nl);
			if (gain > 0 && (!best || gain > best.gain)) best = { gain, take: i + 1, fromEnd, gl, hl, nl };
		}
	}
	if (!best) return null;
	const chosen = best.fromEnd ? used.slice(used.length - best.take) : used.slice(0, best.take);
	const missingLeft = chosen.includes(nb);
	return {
		gain: best.gain,
		feature,
		bin: -1,
		missingLeft,
		categories: chosen.filter((b) => b !== nb).sort((a, b) => a - b),
		gLeft: best.gl,
		hLeft: best.hl,
		nLeft: best.nl
	};
}

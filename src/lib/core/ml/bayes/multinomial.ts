import type { Matrix } from '../matrix';
import { classCounts, fromJointLog, type ClassPrediction } from './joint';

/** Multinomial naive Bayes (scikit-learn's MultinomialNB) for counts, e.g. word counts. */
export interface MultinomialNbState {
	readonly variant: 'multinomial';
	readonly classes: number;
	readonly cols: number;
	readonly logPrior: number[];
	/** classes × cols: log P(feature | class), smoothed. */
	readonly featureLogProb: number[];
}

export interface MultinomialNbOptions {
	/** Additive (Laplace / Lidstone) smoothing added to every count (scikit-learn: 1). */
	readonly alpha?: number;
}

/** Index of the first column holding a negative or missing value, or -1. Counts cannot be negative. */
export function firstInvalidColumn(X: Matrix): number {
	for (let i = 0; i < X.data.length; i++) if (!(X.data[i] >= 0)) return i % X.cols;
	return -1;
}

export function fitMultinomialNb(X: Matrix, y: ArrayLike<number>, classes: number, opts: MultinomialNbOptions = {}): MultinomialNbState {
	if (X.rows === 0) throw new Error('there are no training rows to learn from');
	const alpha = opts.alpha ?? 1;
	if (!(alpha >= 0)) throw new Error(`alpha must be ≥ 0 (got ${alpha})`);
	const bad = firstInvalidColumn(X);
	if (bad >= 0) throw new Error(`feature ${bad} has a negative or missing value; multinomial naive Bayes reads counts`);
	const counts = classCounts(y, classes);
	const p = X.cols;
	const sums = new Float64Array(classes * p);
	for (let i = 0; i < X.rows; i++) {
		const base = y[i] * p;
		for (let j = 0; j < p; j++) sums[base + j] += X.data[i * p + j];
	}
	const featureLogProb = new Array<number>(classes * p);
	for (let c = 0; c < classes; c++) {
		let total = 0;
		for (let j = 0; j < p; j++) total += sums[c * p + j] + alpha;
		const logTotal = Math.log(total);
		for (let j = 0; j < p; j++) featureLogProb[c * p + j] = Math.log(sums[c * p + j] + alpha) - logTotal;
	}
	return { variant: 'multinomial', classes, cols: p, logPrior: Array.from(counts, (k) => Math.log(k / X.rows)), featureLogProb };
}

export function predictMultinomialNb(state: MultinomialNbState, X: Matrix): ClassPrediction {
	const { classes, cols: p } = state;
	if (X.cols !== p) throw new Error(`the rows to score have ${X.cols} features; the model was trained on ${p}`);
	const flp = Float64Array.from(state.featureLogProb);
	const jll = new Float64Array(X.rows * classes);
	for (let i = 0; i < X.rows; i++) {
		for (let c = 0; c < classes; c++) {
			let s = state.logPrior[c];
			for (let j = 0; j < p; j++) {
				const x = X.data[i * p + j];
				// 0 × log 0 is 0: with alpha 0 an unseen word must not turn every score into NaN.
				if (x !== 0) s += x * flp[c * p + j];
			}
			jll[i * classes + c] = s;
		}
	}
	return fromJointLog(jll, classes);
}

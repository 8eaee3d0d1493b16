import type { Matrix } from '../matrix';
import { classCounts, fromJointLog, type ClassPrediction } from './joint';

/** Gaussian naive Bayes (scikit-learn's GaussianNB), fitted state as plain arrays. */
export interface GaussianNbState {
	readonly variant: 'gaussian';
	readonly classes: number;
	readonly cols: number;
	/** log P(class), from the training class frequencies. */
	readonly logPrior: number[];
	/** classes × cols means and variances (smoothed). */
	readonly mean: number[];
	readonly variance: number[];
}

export interface GaussianNbOptions {
	/** Share of the largest feature variance added to every variance, for stability (scikit-learn: 1e-9). */
	readonly varSmoothing?: number;
}

/**
 * Per class and feature, the mean and variance of the training rows. Missing values (NaN) are
 * left out of a feature's statistics (and skipped at prediction), the natural naive-Bayes
 * reading of "unknown"; a class with no value of a feature borrows the all-rows figures.
 */
export function fitGaussianNb(X: Matrix, y: ArrayLike<number>, classes: number, opts: GaussianNbOptions = {}): GaussianNbState {
	if (X.rows === 0) throw new Error('there are no training rows to learn from');
	if (y.length !== X.rows) throw new Error(`${X.rows} rows but ${y.length} labels`);
	const counts = classCounts(y, classes);
	const p = X.cols;
	const data = X.data;
	// Slot `classes` holds all rows together, for the smoothing and for classes lacking a feature.
	const slots = classes + 1;
	const n = new Float64Array(slots * p);
	const sum = new Float64Array(slots * p);
	const all = classes * p;
	for (let i = 0; i < X.rows; i++) {
		const base = y[i] * p;
		for (let j = 0; j < p; j++) {
			const v = data[i * p + j];
			if (v !== v) continue;
			n[base + j]++;
			sum[base + j] += v;
			n[all + j]++;
			sum[all + j] += v;
		}
	}
	const mean = Float64Array.from(sum, (s, i) => (n[i] ? s / n[i] : 0));
	// Two passes (not running sums of squares), so a large offset does not swallow a small spread.
	const ss = new Float64Array(slots * p);
	for (let i = 0; i < X.rows; i++) {
		const base = y[i] * p;
		for (let j = 0; j < p; j++) {
			const v = data[i * p + j];
			if (v !== v) continue;
			const e = v - mean[base + j];
			ss[base + j] += e * e;
			const a = v - mean[all + j];
			ss[all + j] += a * a;
		}
	}
	let maxVar = 0;
	for (let j = 0; j < p; j++) if (n[all + j]) maxVar = Math.max(maxVar, ss[all + j] / n[all + j]);
	// All-constant features would leave a zero variance; fall back to the absolute smoothing.
	const epsilon = (opts.varSmoothing ?? 1e-9) * (maxVar > 0 ? maxVar : 1);
	const means = new Array<number>(classes * p);
	const variance = new Array<number>(classes * p);
	for (let c = 0; c < classes; c++) {
		for (let j = 0; j < p; j++) {
			const i = n[c * p + j] ? c * p + j : all + j;
			means[c * p + j] = mean[i];
			variance[c * p + j] = (n[i] ? ss[i] / n[i] : 0) + epsilon;
		}
	}
	return { variant: 'gaussian', classes, cols: p, logPrior: Array.from(counts, (k) => Math.log(k / X.rows)), mean: means, variance };
}

export function gaussianJointLog(state: GaussianNbState, X: Matrix): Float64Array {
	const { classes, cols: p } = state;
	if (X.cols !== p) throw new Error(`the rows to score have ${X.cols} features; the model was trained on ${p}`);
	const mean = Float64Array.from(state.mean);
	const inv = Float64Array.from(state.variance, (v) => 1 / v);
	const logNorm = Float64Array.from(state.variance, (v) => Math.log(2 * Math.PI * v));
	const constant = new Float64Array(classes);
	for (let c = 0; c < classes; c++) {
		let s = state.logPrior[c];
		for (let j = 0; j < p; j++) s -= 0.5 * logNorm[c * p + j];
		constant[c] = s;
	}
	const out = new Float64Array(X.rows * classes);
	const data = X.data;
	for (let i = 0; i < X.rows; i++) {
		for (let c = 0; c < classes; c++) {
			let s = constant[c];
			for (let j = 0; j < p; j++) {
				const x = data[i * p + j];
				const e = x - mean[c * p + j];
				// A missing value says nothing about the class: drop its term, normaliser included.
				s += x === x ? -0.5 * e * e * inv[c * p + j] : 0.5 * logNorm[c * p + j];
			}
			out[i * classes + c] = s;
		}
	}
	return out;
}

export function predictGaussianNb(state: GaussianNbState, X: Matrix): ClassPrediction {
	return fromJointLog(gaussianJointLog(state, X), state.classes);
}

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

/** Mean and population variance of the present (non-NaN) values of column j. */
function moments(X: Matrix, j: number): { n: number; mean: number; variance: number } {
	const { rows, cols, data } = X;
	let n = 0;
	let sum = 0;
	for (let i = 0; i < rows; i++) {
		const v = data[i * cols + j];
		if (v === v) {
			n++;
			sum += v;
		}
	}
	const mean = n ? sum / n : 0;
	// Two passes (not running sums), so a large offset does not swallow a small spread.
	let ss = 0;
	for (let i = 0; i < rows; i++) {
		const v = data[i * cols + j];
		if (v === v) ss += (v - mean) * (v - mean);
	}
	return { n, mean, variance: n ? ss / n : 0 };
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
	const overall = Array.from({ length: p }, (_, j) => moments(X, j));
	const maxVar = Math.max(0, ...overall.map((o) => o.variance));
	// All-constant features would leave a zero variance; fall back to the absolute smoothing.
	const epsilon = (opts.varSmoothing ?? 1e-9) * (maxVar > 0 ? maxVar : 1);
	const mean = new Array<number>(classes * p);
	const variance = new Array<number>(classes * p);
	// Rows grouped by class (a counting sort), so each class's passes read only its own rows.
	const start = new Int32Array(classes + 1);
	for (let c = 0; c < classes; c++) start[c + 1] = start[c] + counts[c];
	const sorted = new Float64Array(X.rows * p);
	const fill = start.slice(0, classes);
	for (let i = 0; i < X.rows; i++) sorted.set(X.data.subarray(i * p, (i + 1) * p), fill[y[i]]++ * p);
	for (let c = 0; c < classes; c++) {
		const sub: Matrix = { rows: counts[c], cols: p, data: sorted.subarray(start[c] * p, start[c + 1] * p) };
		for (let j = 0; j < p; j++) {
			const m = moments(sub, j);
			const use = m.n > 0 ? m : overall[j];
			mean[c * p + j] = use.mean;
			variance[c * p + j] = use.variance + epsilon;
		}
	}
	const n = X.rows;
	return { variant: 'gaussian', classes, cols: p, logPrior: Array.from(counts, (k) => Math.log(k / n)), mean, variance };
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

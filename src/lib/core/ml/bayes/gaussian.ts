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
	const columns = Array.from({ length: X.cols }, (_, j) => {
		const column = new Float64Array(X.rows);
		for (let i = 0, at = j; i < X.rows; i++, at += X.cols) column[i] = X.data[at];
		return column;
	});
	return fitGaussianNbColumns(
		columns,
		Uint32Array.from({ length: X.rows }, (_, i) => i),
		y,
		classes,
		opts
	);
}

/**
 * fitGaussianNb straight from feature columns (NaN missing), the node's form: training row i
 * is entry rows[i] of every column and has class y[i]. A frame's own columns serve as they
 * are, with no matrix built: each (class, feature) statistic is a pass down one column.
 */
export function fitGaussianNbColumns(
	columns: readonly Float64Array[],
	rows: Uint32Array,
	y: ArrayLike<number>,
	classes: number,
	opts: GaussianNbOptions = {}
): GaussianNbState {
	if (rows.length === 0) throw new Error('there are no training rows to learn from');
	if (y.length !== rows.length) throw new Error(`${rows.length} rows but ${y.length} labels`);
	const counts = classCounts(y, classes);
	const p = columns.length;
	let last = 0;
	for (const r of rows) last = Math.max(last, r);
	columns.forEach((column, j) => {
		if (column.length <= last) throw new Error(`feature column ${j} has ${column.length} values; training row ${last} is past its end`);
	});
	const { order, bounds } = byClass(rows, y, counts);
	// Slot `classes` holds all rows together, for the smoothing and for classes lacking a feature.
	const slots = classes + 1;
	const n = new Float64Array(slots * p);
	const mean = new Float64Array(slots * p);
	const ss = new Float64Array(slots * p);
	const put = (slot: number, j: number, [count, m, squares]: readonly [number, number, number]) => {
		n[slot * p + j] = count;
		mean[slot * p + j] = m;
		ss[slot * p + j] = squares;
	};
	for (let j = 0; j < p; j++) {
		let complete = true;
		for (let c = 0; c < classes; c++) {
			const stats = runStats(columns[j], order, bounds[c], bounds[c + 1]);
			put(c, j, stats);
			if (stats[0] !== bounds[c + 1] - bounds[c]) complete = false;
		}
		// Without gaps the all-rows figures follow from the classes' (no third pass down the
		// column); with gaps the rows present differ from class to class, so they are summed.
		put(classes, j, complete ? pooledStats(n, mean, ss, classes, j, p) : runStats(columns[j], rows, 0, rows.length));
	}
	const all = classes * p;
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
	return {
		variant: 'gaussian',
		classes,
		cols: p,
		logPrior: Array.from(counts, (k) => Math.log(k / rows.length)),
		mean: means,
		variance
	};
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

/**
 * Count, mean and squared deviations of all rows from the classes' (slots c * p + j): the
 * count-weighted mean, and each class's squares plus its count times its mean's squared
 * distance from the overall one (Chan, Golub and LeVeque's pairwise update).
 */
function pooledStats(
	n: Float64Array,
	mean: Float64Array,
	ss: Float64Array,
	classes: number,
	j: number,
	p: number
): [number, number, number] {
	let count = 0;
	let sum = 0;
	for (let c = 0; c < classes; c++) {
		count += n[c * p + j];
		sum += n[c * p + j] * mean[c * p + j];
	}
	const m = count ? sum / count : 0;
	let squares = 0;
	for (let c = 0; c < classes; c++) {
		const d = mean[c * p + j] - m;
		squares += ss[c * p + j] + n[c * p + j] * d * d;
	}
	return [count, m, squares];
}

/** The column entries of the training rows grouped by class (each class's in row order), and where each class's run starts. */
function byClass(rows: Uint32Array, y: ArrayLike<number>, counts: Float64Array): { order: Uint32Array; bounds: Int32Array } {
	const bounds = new Int32Array(counts.length + 1);
	for (let c = 0; c < counts.length; c++) bounds[c + 1] = bounds[c] + counts[c];
	const next = bounds.slice(0, counts.length);
	const order = new Uint32Array(rows.length);
	for (let i = 0; i < rows.length; i++) order[next[y[i]]++] = rows[i];
	return { order, bounds };
}

/**
 * Count, mean and sum of squared deviations of column[at[k]] for k in [from, to), skipping
 * NaN. Two passes (not running sums of squares), so a large offset does not swallow a small
 * spread. A run without NaN (its sum is finite) takes the four-lane sums; one with gaps the
 * plain loops.
 */
function runStats(column: Float64Array, at: Uint32Array, from: number, to: number): [number, number, number] {
	const count = to - from;
	if (count === 0) return [0, 0, 0];
	const sum = sum4(column, at, from, to, NaN);
	if (sum === sum) {
		const m = sum / count;
		return [count, m, sum4(column, at, from, to, m)];
	}
	return missingAware(column, at, from, to);
}

/**
 * Σ x (centre NaN) or Σ (x − centre)² over column[at[k]] for k in [from, to), in four
 * interleaved partial sums: one running sum waits out the adder's latency on every row, four
 * keep it busy. The order is fixed, so the bits are too.
 */
function sum4(column: Float64Array, at: Uint32Array, from: number, to: number, centre: number): number {
	let s0 = 0;
	let s1 = 0;
	let s2 = 0;
	let s3 = 0;
	let k = from;
	const end = from + ((to - from) & ~3);
	if (centre !== centre) {
		for (; k < end; k += 4) {
			s0 += column[at[k]];
			s1 += column[at[k + 1]];
			s2 += column[at[k + 2]];
			s3 += column[at[k + 3]];
		}
		for (; k < to; k++) s0 += column[at[k]];
	} else {
		for (; k < end; k += 4) {
			const e0 = column[at[k]] - centre;
			const e1 = column[at[k + 1]] - centre;
			const e2 = column[at[k + 2]] - centre;
			const e3 = column[at[k + 3]] - centre;
			s0 += e0 * e0;
			s1 += e1 * e1;
			s2 += e2 * e2;
			s3 += e3 * e3;
		}
		for (; k < to; k++) {
			const e = column[at[k]] - centre;
			s0 += e * e;
		}
	}
	return s0 + s1 + (s2 + s3);
}

/** runStats for a run with NaN: count, mean and squared deviations of the values present. */
function missingAware(column: Float64Array, at: Uint32Array, from: number, to: number): [number, number, number] {
	let count = 0;
	let sum = 0;
	for (let k = from; k < to; k++) {
		const v = column[at[k]];
		if (v !== v) continue;
		count++;
		sum += v;
	}
	const m = count ? sum / count : 0;
	let squares = 0;
	for (let k = from; k < to; k++) {
		const v = column[at[k]];
		if (v !== v) continue;
		const e = v - m;
		squares += e * e;
	}
	return [count, m, squares];
}

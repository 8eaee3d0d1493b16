import type { Matrix } from '../matrix';
import type { ComputePool } from '../../compute/pool';
import { argmaxRows } from '../models/argmax';
import { buildIndex, kNearest, type Metric, type SearchIndex } from './search';

export type Weighting = 'uniform' | 'distance';

export interface KnnOptions {
	readonly k: number;
	readonly weights: Weighting;
	readonly metric: Metric;
	/** Order of the Minkowski metric (metric 'minkowski' only). */
	readonly power?: number;
}

/** A fitted k-NN model: the training rows themselves, as plain arrays so it saves as JSON. */
export interface KnnState extends KnnOptions {
	readonly task: 'classification' | 'regression';
	readonly rows: number;
	readonly cols: number;
	/** rows × cols, row-major. */
	readonly X: number[];
	/** Class codes (classification) or target values (regression). */
	readonly y: number[];
	/** Number of classes (classification); 0 for regression. */
	readonly classes: number;
}

/**
 * A plain-array copy (JSON-serialisable). Filled with a double first, so the array is made
 * once as a packed array of doubles: two to three times faster than a push loop, which
 * grows it, and than Array.from.
 */
function plain(values: ArrayLike<number>, length: number): number[] {
	const out = new Array<number>(length).fill(0.5);
	for (let i = 0; i < length; i++) out[i] = values[i];
	return out;
}

// The padded typed-array copy is built once per fitted state, not once per Predict.
const indexes = new WeakMap<KnnState, SearchIndex>();

export function fitKnn(X: Matrix, y: ArrayLike<number>, task: KnnState['task'], classes: number, opts: KnnOptions): KnnState {
	if (X.rows === 0) throw new Error('there are no training rows to learn from');
	if (!Number.isInteger(opts.k) || opts.k < 1) throw new Error(`k must be a whole number ≥ 1 (got ${opts.k})`);
	if (opts.k > X.rows) throw new Error(`k = ${opts.k} but there are only ${X.rows} training rows: lower k to ${X.rows} or less`);
	if (opts.metric === 'minkowski' && !((opts.power ?? 2) >= 1)) throw new Error(`the Minkowski power must be ≥ 1 (got ${opts.power})`);
	const state: KnnState = {
		...opts,
		task,
		rows: X.rows,
		cols: X.cols,
		X: plain(X.data, X.rows * X.cols),
		y: plain(y, y.length),
		classes
	};
	// The search's copy straight from the typed rows, not back from the plain array at the first Predict.
	indexes.set(state, buildIndex(X));
	return state;
}

function indexOf(state: KnnState): SearchIndex {
	let index = indexes.get(state);
	if (!index) {
		index = buildIndex({ rows: state.rows, cols: state.cols, data: Float64Array.from(state.X) });
		indexes.set(state, index);
	}
	return index;
}

/**
 * Neighbour weights of one query row, as scikit-learn: 1 each, or 1 / distance, except that
 * when some neighbours sit at distance 0 only those count.
 */
function weightsOf(distance: Float64Array, from: number, k: number, weighting: Weighting, out: Float64Array): void {
	let exact = false;
	for (let j = 0; j < k; j++) if (distance[from + j] === 0) exact = true;
	for (let j = 0; j < k; j++) {
		const d = distance[from + j];
		out[j] = weighting === 'uniform' ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
	}
}

export interface KnnPrediction {
	readonly codes?: Int32Array;
	readonly proba?: Float64Array;
	readonly values?: Float64Array;
}

/** Class shares (weighted votes) or the (weighted) mean target of the k nearest training rows; `pool` spreads the search. */
export async function predictKnn(state: KnnState, X: Matrix, pool?: ComputePool): Promise<KnnPrediction> {
	const { k } = state;
	const found = await kNearest(indexOf(state), X, k, state.metric, state.power ?? 2, 'auto', pool);
	const w = new Float64Array(k);
	const y = state.y;
	if (state.task === 'regression') {
		const values = new Float64Array(X.rows);
		for (let i = 0; i < X.rows; i++) {
			weightsOf(found.distance, i * k, k, state.weights, w);
			let sum = 0;
			let total = 0;
			for (let j = 0; j < k; j++) {
				const n = found.index[i * k + j];
				sum += n < 0 ? NaN : w[j] * y[n];
				total += w[j];
			}
			values[i] = sum / total;
		}
		return { values };
	}
	const c = state.classes;
	const proba = new Float64Array(X.rows * c);
	for (let i = 0; i < X.rows; i++) {
		weightsOf(found.distance, i * k, k, state.weights, w);
		let total = 0;
		for (let j = 0; j < k; j++) {
			const n = found.index[i * k + j];
			if (n < 0) continue;
			proba[i * c + y[n]] += w[j];
			total += w[j];
		}
		for (let j = 0; j < c; j++) proba[i * c + j] = total > 0 ? proba[i * c + j] / total : NaN;
	}
	// Ties go to the first class in sorted order, as scikit-learn's vote.
	return { codes: argmaxRows(proba, c), proba };
}

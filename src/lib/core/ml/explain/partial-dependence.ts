import type { Matrix } from '../matrix';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';

/** Model outputs for rows X: rows × outputs, row-major (class probabilities or one value). */
export type OutputFn = (X: Matrix) => Promise<Float64Array> | Float64Array;

export interface PartialDependence {
	readonly grid: readonly number[];
	readonly outputs: number;
	/** grid × outputs: the mean output with the feature set to each grid value. */
	readonly average: Float64Array;
	/** rows × grid × outputs: each row's output along the grid (ICE curves). */
	readonly ice: Float64Array;
}

export interface PartialDependenceOptions {
	/** Grid points at most (scikit-learn's grid_resolution, 100). */
	readonly resolution?: number;
	readonly percentiles?: readonly [number, number];
	readonly signal?: AbortSignal;
}

/**
 * scipy's mquantiles with its defaults (alphap = betap = 0.4), which scikit-learn 1.2 uses
 * for the ends of the grid. `sorted` holds no NaN.
 */
export function mquantile(sorted: ArrayLike<number>, prob: number): number {
	const n = sorted.length;
	const aleph = n * prob + 0.4 + 0.2 * prob;
	const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
	const gamma = Math.min(Math.max(aleph - k, 0), 1);
	return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
}

/**
 * scikit-learn's _grid_from_X for one feature: its distinct values when there are fewer
 * than `resolution`, else `resolution` evenly spaced points between the percentiles.
 * Missing values are left out.
 */
export function percentileGrid(
	X: Matrix,
	feature: number,
	resolution = 100,
	percentiles: readonly [number, number] = [0.05, 0.95]
): number[] {
	const values: number[] = [];
	for (let i = 0; i < X.rows; i++) {
		const v = X.data[i * X.cols + feature];
		if (v === v) values.push(v);
	}
	if (values.length === 0) throw new Error('the feature has no values to build a grid from');
	values.sort((a, b) => a - b);
	const distinct = values.filter((v, i) => i === 0 || v !== values[i - 1]);
	if (distinct.length < resolution) return distinct;
	const lo = mquantile(values, percentiles[0]);
	const hi = mquantile(values, percentiles[1]);
	if (lo === hi) throw new Error('the feature has the same value at both ends of the grid: widen the percentiles');
	return Array.from({ length: resolution }, (_, i) => lo + ((hi - lo) * i) / (resolution - 1));
}

/**
 * Partial dependence by scikit-learn's 'brute' method: for every grid value, set the feature
 * to it in every row, predict, and average; the per-row outputs are the ICE curves.
 */
export async function partialDependence(
	output: OutputFn,
	X: Matrix,
	feature: number,
	o: PartialDependenceOptions = {}
): Promise<PartialDependence> {
	if (feature < 0 || feature >= X.cols) throw new Error(`feature ${feature} is outside 0..${X.cols - 1}`);
	const grid = percentileGrid(X, feature, o.resolution ?? 100, o.percentiles ?? [0.05, 0.95]);
	const { rows: n, cols: p } = X;
	const work: Matrix = { rows: n, cols: p, data: X.data.slice() };
	const tick = yielder();
	let outputs = 0;
	let average = new Float64Array(0);
	let ice = new Float64Array(0);
	for (let g = 0; g < grid.length; g++) {
		for (let i = 0; i < n; i++) work.data[i * p + feature] = grid[g];
		const out = await output(work);
		if (g === 0) {
			// The width is known once the model has answered.
			outputs = n > 0 ? out.length / n : 1;
			average = new Float64Array(grid.length * outputs);
			ice = new Float64Array(n * grid.length * outputs);
		}
		for (let i = 0; i < n; i++)
			for (let k = 0; k < outputs; k++) {
				const v = out[i * outputs + k];
				ice[(i * grid.length + g) * outputs + k] = v;
				average[g * outputs + k] += v / n;
			}
		await tick();
		if (o.signal?.aborted) throw abortError();
	}
	return { grid, outputs, average, ice };
}

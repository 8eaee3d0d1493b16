import { sampleIndices } from './sample';

export interface HistogramBins {
	/** bins + 1 edges, ascending. */
	readonly edges: number[];
	readonly counts: number[];
}

export interface DecileError {
	/** 1 = the tenth of rows with the lowest predictions. */
	readonly decile: number;
	readonly rows: number;
	readonly meanPredicted: number;
	readonly meanActual: number;
	readonly mae: number;
	readonly rmse: number;
	/** Mean of actual − predicted: positive where the model predicts too low. */
	readonly bias: number;
}

export interface RegressionDiagnostics {
	readonly rows: number;
	readonly r2: number;
	readonly rmse: number;
	readonly mae: number;
	/** Predicted vs actual for the charts, at most maxPoints rows (seeded sample, row order). */
	readonly points: { readonly actual: number[]; readonly predicted: number[]; readonly residual: number[] };
	/** Histogram of every residual (actual − predicted), not only the sampled ones. */
	readonly residualHistogram: HistogramBins;
	readonly byDecile: DecileError[];
}

/**
 * sklearn.metrics.r2_score with force_finite=True: 1 − SSE/SST; a constant target scores
 * 1.0 when predicted exactly and 0.0 otherwise, instead of a division by zero.
 */
export function r2Score(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
	const n = actual.length;
	let mean = 0;
	for (let i = 0; i < n; i++) mean += actual[i];
	mean /= n || 1;
	let sse = 0;
	let sst = 0;
	for (let i = 0; i < n; i++) {
		sse += (actual[i] - predicted[i]) ** 2;
		sst += (actual[i] - mean) ** 2;
	}
	if (sst === 0) return sse === 0 ? 1 : 0;
	return 1 - sse / sst;
}

/** Equal-width bins from min to max; all values equal gives one bin around them. */
export function histogram(values: ArrayLike<number>, bins: number): HistogramBins {
	const n = values.length;
	if (n === 0) return { edges: [], counts: [] };
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < n; i++) {
		lo = Math.min(lo, values[i]);
		hi = Math.max(hi, values[i]);
	}
	if (lo === hi) return { edges: [lo - 0.5, hi + 0.5], counts: [n] };
	const width = (hi - lo) / bins;
	const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
	const counts = new Array<number>(bins).fill(0);
	// numpy.histogram's rule: half-open bins, the last one closed.
	for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((values[i] - lo) / width))]++;
	return { edges, counts };
}

/** Error per tenth of the rows ranked by prediction: where in its range the model goes wrong. */
export function errorByDecile(actual: ArrayLike<number>, predicted: ArrayLike<number>, groups = 10): DecileError[] {
	const n = actual.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[a] - predicted[b] || a - b);
	const out: DecileError[] = [];
	let start = 0;
	for (let d = 1; d <= groups; d++) {
		const end = Math.round((n * d) / groups);
		if (end === start) continue;
		let sp = 0;
		let sa = 0;
		let sae = 0;
		let sse = 0;
		let se = 0;
		for (let k = start; k < end; k++) {
			const i = order[k];
			const e = actual[i] - predicted[i];
			sp += predicted[i];
			sa += actual[i];
			sae += Math.abs(e);
			sse += e * e;
			se += e;
		}
		const rows = end - start;
		out.push({
			decile: d,
			rows,
			meanPredicted: sp / rows,
			meanActual: sa / rows,
			mae: sae / rows,
			rmse: Math.sqrt(sse / rows),
			bias: se / rows
		});
		start = end;
	}
	return out;
}

export function regressionDiagnostics(
	actual: ArrayLike<number>,
	predicted: ArrayLike<number>,
	maxPoints = 5000,
	seed = 0
): RegressionDiagnostics {
	const n = actual.length;
	if (predicted.length !== n) throw new Error(`evaluation: ${predicted.length} predictions for ${n} rows`);
	const residuals = new Float64Array(n);
	let sse = 0;
	let sae = 0;
	for (let i = 0; i < n; i++) {
		residuals[i] = actual[i] - predicted[i];
		sse += residuals[i] ** 2;
		sae += Math.abs(residuals[i]);
	}
	const pick = sampleIndices(n, maxPoints, seed);
	const bins = Math.min(40, Math.max(5, Math.ceil(Math.sqrt(n))));
	return {
		rows: n,
		r2: r2Score(actual, predicted),
		rmse: n > 0 ? Math.sqrt(sse / n) : 0,
		mae: n > 0 ? sae / n : 0,
		points: {
			actual: Array.from(pick, (i) => actual[i]),
			predicted: Array.from(pick, (i) => predicted[i]),
			residual: Array.from(pick, (i) => residuals[i])
		},
		residualHistogram: histogram(residuals, bins),
		byDecile: errorByDecile(actual, predicted)
	};
}

import { symmetricEigen } from './eigen';

/** A fitted PCA, plain JSON: scores = ((x - mean) / scale) · components[k]. */
export interface PcaFit {
	mean: number[];
	/** 1 per column unless standardised (then the population standard deviation, as StandardScaler). */
	scale: number[];
	/** Unit loadings, one per component, largest variance first. */
	components: number[][];
	/** Variance along each component (n - 1 denominator, as scikit-learn's explained_variance_). */
	explainedVariance: number[];
	explainedVarianceRatio: number[];
}

/** Fit on complete rows (rows[i][j]: row i, column j). */
export function fitPca(rows: readonly (readonly number[])[], standardise: boolean): PcaFit {
	const n = rows.length;
	const d = n ? rows[0].length : 0;
	if (n < 2) throw new Error('PCA needs at least 2 rows');
	const mean = new Array<number>(d).fill(0);
	for (const row of rows) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
	const scale = new Array<number>(d).fill(1);
	if (standardise)
		for (let j = 0; j < d; j++) {
			let ss = 0;
			for (const row of rows) ss += (row[j] - mean[j]) ** 2;
			const sd = Math.sqrt(ss / n);
			scale[j] = sd > 0 ? sd : 1; // a constant column stays 0 after centring
		}
	const z = rows.map((row) => row.map((x, j) => (x - mean[j]) / scale[j]));
	const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
	for (const row of z) for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[i][j] += row[i] * row[j];
	for (let i = 0; i < d; i++)
		for (let j = i; j < d; j++) {
			cov[i][j] /= n - 1;
			cov[j][i] = cov[i][j];
		}
	const { values, vectors } = symmetricEigen(cov);
	// Rounding can leave tiny negative eigenvalues for rank-deficient data.
	const variance = values.map((v) => Math.max(0, v));
	const total = variance.reduce((s, v) => s + v, 0);
	// scikit-learn's svd_flip (u-based): each component's sign makes the training score of
	// largest magnitude positive (the first such row on a tie, as numpy's argmax).
	const components = vectors.map((vec) => {
		let best = 0;
		let bestAbs = -1;
		z.forEach((row) => {
			const s = row.reduce((acc, x, j) => acc + x * vec[j], 0);
			if (Math.abs(s) > bestAbs) [best, bestAbs] = [s, Math.abs(s)];
		});
		return best < 0 ? vec.map((x) => -x) : vec;
	});
	return {
		mean,
		scale,
		components,
		explainedVariance: variance,
		explainedVarianceRatio: variance.map((v) => (total > 0 ? v / total : 0))
	};
}

/** Scores of one row on the first k components. */
export function pcaScores(fit: PcaFit, row: readonly number[], k: number): number[] {
	const z = row.map((x, j) => (x - fit.mean[j]) / fit.scale[j]);
	return fit.components.slice(0, k).map((c) => c.reduce((s, w, j) => s + w * z[j], 0));
}

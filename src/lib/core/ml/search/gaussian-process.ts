/**
 * A small Gaussian-process regressor for Bayesian optimisation: Matérn 5/2 kernel with a
 * length scale per input, standardised targets, and hyperparameters chosen by maximising
 * the log marginal likelihood — over a grid for a shared length scale and the noise (the
 * amplitude in closed form), then a few multiplicative steps per input (automatic relevance).
 * Dense Cholesky; n is a trial count (tens to a few hundred), so O(n³) is cheap.
 */

const SQRT5 = Math.sqrt(5);
const LENGTH_SCALES = [0.05, 0.1, 0.2, 0.35, 0.6, 1, 1.7, 3];
const NOISES = [1e-6, 1e-4, 1e-2, 0.1];
const RELEVANCE_STEPS = [0.5, 2, 0.25, 4];
const MIN_LENGTH = 0.01;
const MAX_LENGTH = 30;

export interface GpModel {
	readonly X: readonly (readonly number[])[];
	readonly lengths: readonly number[];
	readonly amplitude: number;
	readonly noise: number;
	/** Lower Cholesky factor of K + noise·I, row-major n×n. */
	readonly L: Float64Array;
	/** (K + noise·I)⁻¹ y, with y standardised. */
	readonly alpha: Float64Array;
	readonly logLikelihood: number;
	/** Mean and spread used to standardise the targets. */
	readonly yMean: number;
	readonly yStd: number;
}

export function matern52(a: readonly number[], b: readonly number[], lengths: readonly number[], amplitude: number): number {
	let r2 = 0;
	for (let j = 0; j < a.length; j++) {
		const d = (a[j] - b[j]) / lengths[j];
		r2 += d * d;
	}
	const r = Math.sqrt(r2);
	return amplitude * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** In-place lower Cholesky of a symmetric n×n matrix; false when it is not positive definite. */
export function cholesky(A: Float64Array, n: number): boolean {
	for (let j = 0; j < n; j++) {
		let d = A[j * n + j];
		for (let k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
		if (!(d > 0)) return false;
		const ljj = Math.sqrt(d);
		A[j * n + j] = ljj;
		for (let i = j + 1; i < n; i++) {
			let s = A[i * n + j];
			for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
			A[i * n + j] = s / ljj;
		}
		for (let k = j + 1; k < n; k++) A[j * n + k] = 0;
	}
	return true;
}

/** Solve L x = b (L lower triangular, row-major). */
export function forwardSolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
	const x = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let s = b[i];
		for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
		x[i] = s / L[i * n + i];
	}
	return x;
}

/** Solve Lᵀ x = b. */
function backSolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
	const x = new Float64Array(n);
	for (let i = n - 1; i >= 0; i--) {
		let s = b[i];
		for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
		x[i] = s / L[i * n + i];
	}
	return x;
}

/** Squared differences per input for every pair i ≥ j, so a new set of length scales costs one weighted sum. */
function pairDifferences(X: readonly (readonly number[])[]): Float64Array[] {
	const n = X.length;
	const dims = X[0]?.length ?? 0;
	const out: Float64Array[] = [];
	for (let d = 0; d < dims; d++) {
		const diff = new Float64Array((n * (n + 1)) / 2);
		for (let i = 0, at = 0; i < n; i++) for (let j = 0; j <= i; j++, at++) diff[at] = (X[i][d] - X[j][d]) ** 2;
		out.push(diff);
	}
	return out;
}

/**
 * Fit with unit amplitude and noise ratio `noise`, then scale: for K = a·(K₀ + noise·I)
 * the likelihood's best amplitude has the closed form a = yᵀ(K₀ + noise·I)⁻¹y / n, so
 * the grid searches length scales and noise only.
 */
function fitWith(
	diffs: readonly Float64Array[],
	y: Float64Array,
	lengths: readonly number[],
	noise: number
): { L: Float64Array; alpha: Float64Array; amplitude: number; noise: number; logLikelihood: number } | null {
	const n = y.length;
	const K = new Float64Array(n * n);
	const inv = lengths.map((l) => 1 / (l * l));
	for (let i = 0, at = 0; i < n; i++) {
		for (let j = 0; j <= i; j++, at++) {
			let r2 = 0;
			for (let d = 0; d < diffs.length; d++) r2 += diffs[d][at] * inv[d];
			const r = Math.sqrt(r2);
			const k = (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
			K[i * n + j] = k;
			K[j * n + i] = k;
		}
		K[i * n + i] += noise + 1e-10;
	}
	if (!cholesky(K, n)) return null;
	const alpha0 = backSolve(K, n, forwardSolve(K, n, y));
	let fit = 0;
	let logDet = 0;
	for (let i = 0; i < n; i++) {
		fit += y[i] * alpha0[i];
		logDet += Math.log(K[i * n + i]);
	}
	const amplitude = Math.max(fit / n, 1e-6);
	const scale = Math.sqrt(amplitude);
	for (let i = 0; i < n * n; i++) K[i] *= scale;
	const alpha = alpha0.map((a) => a / amplitude);
	// log N(y | 0, a·K₀) = −½ yᵀK₀⁻¹y / a − ½ n log a − log|L₀| − ½ n log 2π
	const logLikelihood = (-0.5 * fit) / amplitude - 0.5 * n * Math.log(amplitude) - logDet - 0.5 * n * Math.log(2 * Math.PI);
	return { L: K, alpha, amplitude, noise: noise * amplitude, logLikelihood };
}

function standardise(scores: readonly number[]): { y: Float64Array; yMean: number; yStd: number } {
	const n = scores.length;
	const yMean = scores.reduce((a, b) => a + b, 0) / n;
	const spread = Math.sqrt(scores.reduce((a, b) => a + (b - yMean) ** 2, 0) / n);
	const yStd = spread > 1e-12 ? spread : 1;
	return { y: Float64Array.from(scores, (s) => (s - yMean) / yStd), yMean, yStd };
}

/** Fit with given length scales and noise (as a share of the amplitude); null when singular. */
export function fitGpWith(
	X: readonly (readonly number[])[],
	scores: readonly number[],
	lengths: readonly number[],
	noise: number
): GpModel | null {
	const { y, yMean, yStd } = standardise(scores);
	const f = fitWith(pairDifferences(X), y, lengths, noise);
	return f && { X, lengths, yMean, yStd, ...f };
}

/** Fit to points in the unit cube; the scores are standardised first. */
export function fitGp(X: readonly (readonly number[])[], scores: readonly number[]): GpModel {
	const dims = X[0]?.length ?? 0;
	const { y, yMean, yStd } = standardise(scores);
	const diffs = pairDifferences(X);
	// A holder, not a `let`: TypeScript does not follow assignments made inside a closure.
	const found: { best: GpModel | null; ratio: number } = { best: null, ratio: 0 };
	const consider = (lengths: number[], ratio: number) => {
		const f = fitWith(diffs, y, lengths, ratio);
		if (f && (!found.best || f.logLikelihood > found.best.logLikelihood)) {
			found.best = { X, lengths, yMean, yStd, ...f };
			found.ratio = ratio;
		}
	};
	for (const l of LENGTH_SCALES) for (const s of NOISES) consider(new Array(dims).fill(l), s);
	if (!found.best) throw new Error('the Gaussian process could not be fitted: every kernel matrix was singular');
	// Relevance: lengthen the scale of inputs that do not matter, shorten those that do.
	for (let sweep = 0; sweep < 2; sweep++) {
		for (let j = 0; j < dims; j++) {
			const start: GpModel = found.best;
			const ratio = found.ratio;
			for (const step of RELEVANCE_STEPS) {
				const lengths = [...start.lengths];
				lengths[j] = Math.min(MAX_LENGTH, Math.max(MIN_LENGTH, lengths[j] * step));
				consider(lengths, ratio);
			}
		}
	}
	return found.best;
}

/** Posterior mean and standard deviation of the latent function at x, in standardised units. */
export function predictGp(model: GpModel, x: readonly number[]): { mean: number; sd: number } {
	const n = model.X.length;
	const k = new Float64Array(n);
	for (let i = 0; i < n; i++) k[i] = matern52(x, model.X[i], model.lengths, model.amplitude);
	let mean = 0;
	for (let i = 0; i < n; i++) mean += k[i] * model.alpha[i];
	const v = forwardSolve(model.L, n, k);
	let explained = 0;
	for (let i = 0; i < n; i++) explained += v[i] * v[i];
	return { mean, sd: Math.sqrt(Math.max(1e-12, model.amplitude - explained)) };
}

/**
 * The boosting losses, as scikit-learn's: squared error, binary log-loss and multiclass
 * softmax. Raw scores are class-major: raw[k * n + i] is output k of row i (one output
 * unless multiclass).
 */
export type LossKind = 'squared' | 'binary' | 'multiclass';

// scikit-learn clips the prior probabilities by 10 machine epsilons before taking logs.
const EPS = 10 * 2.220446049250313e-16;

export function outputsOf(loss: LossKind, nClasses: number): number {
	return loss === 'multiclass' ? nClasses : 1;
}

/** The constant raw score(s) before any tree: mean, log-odds, or centred log-priors. */
export function baselineOf(loss: LossKind, y: ArrayLike<number>, nClasses: number): number[] {
	const n = y.length;
	if (loss === 'squared') {
		let s = 0;
		for (let i = 0; i < n; i++) s += y[i];
		return [n ? s / n : 0];
	}
	const counts = new Float64Array(loss === 'binary' ? 2 : nClasses);
	for (let i = 0; i < n; i++) counts[y[i]]++;
	const prior = Array.from(counts, (c) => Math.min(1 - EPS, Math.max(EPS, n ? c / n : 0)));
	if (loss === 'binary') return [Math.log(prior[1] / (1 - prior[1]))];
	const logs = prior.map(Math.log);
	const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
	return logs.map((l) => l - mean);
}

/** Softmax over the outputs of row i, into probs (length K); returns the log of the softmax's denominator (max + log Σ e^(r − max)). */
function softmaxRow(raw: Float64Array, n: number, K: number, i: number, probs: Float64Array): number {
	let max = -Infinity;
	for (let k = 0; k < K; k++) max = Math.max(max, raw[k * n + i]);
	let sum = 0;
	for (let k = 0; k < K; k++) {
		probs[k] = Math.exp(raw[k * n + i] - max);
		sum += probs[k];
	}
	for (let k = 0; k < K; k++) probs[k] /= sum;
	return max + Math.log(sum);
}

/**
 * Gradients and hessians of the loss at the current raw scores, per output (class-major,
 * like raw), for rows [from, to) (all by default). Squared error leaves the hessians alone:
 * they are all 1. With `losses`, each row's loss at the same scores goes to losses[i] too
 * (the terms meanLoss sums), sharing the exponentials. Each row's values depend on that row
 * alone, so row blocks can run on several threads.
 */
export function computeGradients(
	loss: LossKind,
	y: ArrayLike<number>,
	raw: Float64Array,
	K: number,
	g: Float32Array,
	h: Float32Array,
	from = 0,
	to = y.length,
	losses: Float64Array | null = null
): void {
	const n = y.length;
	if (loss === 'squared') {
		for (let i = from; i < to; i++) g[i] = raw[i] - y[i];
		if (losses) rowLosses(loss, y, raw, K, losses, from, to);
		return;
	}
	if (loss === 'binary') {
		for (let i = from; i < to; i++) {
			const r = raw[i];
			// e^(−r) serves the probability and, for r > 0, the loss (binaryLoss's own terms).
			const e = Math.exp(-r);
			const p = 1 / (1 + e);
			g[i] = p - y[i];
			h[i] = p * (1 - p);
			if (losses) losses[i] = (r > 0 ? r + Math.log1p(e) : Math.log1p(Math.exp(r))) - y[i] * r;
		}
		return;
	}
	const probs = new Float64Array(K);
	for (let i = from; i < to; i++) {
		const lse = softmaxRow(raw, n, K, i, probs);
		for (let k = 0; k < K; k++) {
			const p = probs[k];
			g[k * n + i] = p - (y[i] === k ? 1 : 0);
			h[k * n + i] = p * (1 - p);
		}
		if (losses) losses[i] = lse - raw[y[i] * n + i];
	}
}

/** Binary log-loss of one row: log(1 + e^r) − y·r, written to stay finite for large |r|. */
const binaryLoss = (r: number, y: number): number => (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y * r;

/**
 * Each row's loss (squared error, or log-loss for classification) for rows [from, to) into
 * out[i]: a row's term depends on that row alone, so row blocks can run on several threads.
 */
export function rowLosses(
	loss: LossKind,
	y: ArrayLike<number>,
	raw: Float64Array,
	K: number,
	out: Float64Array,
	from = 0,
	to = y.length
): void {
	const n = y.length;
	if (loss === 'squared') {
		for (let i = from; i < to; i++) out[i] = (raw[i] - y[i]) ** 2;
		return;
	}
	if (loss === 'binary') {
		for (let i = from; i < to; i++) out[i] = binaryLoss(raw[i], y[i]);
		return;
	}
	const probs = new Float64Array(K);
	for (let i = from; i < to; i++) out[i] = softmaxRow(raw, n, K, i, probs) - raw[y[i] * n + i];
}

/** The mean of per-row losses, summed in row order (one order, whatever threads computed the terms). */
export function meanOf(losses: Float64Array, n: number): number {
	if (n === 0) return NaN;
	let s = 0;
	for (let i = 0; i < n; i++) s += losses[i];
	return s / n;
}

/** Mean loss: squared error (MSE) for regression, log-loss for classification. */
export function meanLoss(loss: LossKind, y: ArrayLike<number>, raw: Float64Array, K: number): number {
	const out = new Float64Array(y.length);
	rowLosses(loss, y, raw, K, out);
	return meanOf(out, y.length);
}

/** Raw scores → class probabilities, rows × classes row-major. */
export function probabilities(loss: LossKind, raw: Float64Array, n: number, nClasses: number): Float64Array {
	const out = new Float64Array(n * nClasses);
	if (loss === 'binary') {
		for (let i = 0; i < n; i++) {
			const p = 1 / (1 + Math.exp(-raw[i]));
			out[i * 2] = 1 - p;
			out[i * 2 + 1] = p;
		}
		return out;
	}
	const probs = new Float64Array(nClasses);
	for (let i = 0; i < n; i++) {
		softmaxRow(raw, n, nClasses, i, probs);
		out.set(probs, i * nClasses);
	}
	return out;
}

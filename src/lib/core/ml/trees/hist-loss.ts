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

/** Softmax over the outputs of row i, into probs (length K). */
function softmaxRow(raw: Float64Array, n: number, K: number, i: number, probs: Float64Array): void {
	let max = -Infinity;
	for (let k = 0; k < K; k++) max = Math.max(max, raw[k * n + i]);
	let sum = 0;
	for (let k = 0; k < K; k++) {
		probs[k] = Math.exp(raw[k * n + i] - max);
		sum += probs[k];
	}
	for (let k = 0; k < K; k++) probs[k] /= sum;
}

/**
 * Gradients and hessians of the loss at the current raw scores, per output (class-major,
 * like raw), for rows [from, to) (all by default). Squared error leaves the hessians alone:
 * they are all 1. Each row's values depend on that row alone, so row blocks can run on
 * several threads.
 */
export function computeGradients(
	loss: LossKind,
	y: ArrayLike<number>,
	raw: Float64Array,
	K: number,
	g: Float32Array,
	h: Float32Array,
	from = 0,
	to = y.length
): void {
	const n = y.length;
	if (loss === 'squared') {
		for (let i = from; i < to; i++) g[i] = raw[i] - y[i];
		return;
	}
	if (loss === 'binary') {
		for (let i = from; i < to; i++) {
			const p = 1 / (1 + Math.exp(-raw[i]));
			g[i] = p - y[i];
			h[i] = p * (1 - p);
		}
		return;
	}
	const probs = new Float64Array(K);
	for (let i = from; i < to; i++) {
		softmaxRow(raw, n, K, i, probs);
		for (let k = 0; k < K; k++) {
			const p = probs[k];
			g[k * n + i] = p - (y[i] === k ? 1 : 0);
			h[k * n + i] = p * (1 - p);
		}
	}
}

/** Mean loss: squared error (MSE) for regression, log-loss for classification. */
export function meanLoss(loss: LossKind, y: ArrayLike<number>, raw: Float64Array, K: number): number {
	const n = y.length;
	if (n === 0) return NaN;
	let s = 0;
	if (loss === 'squared') {
		for (let i = 0; i < n; i++) s += (raw[i] - y[i]) ** 2;
		return s / n;
	}
	if (loss === 'binary') {
		// log(1 + e^r) − y·r, written to stay finite for large |r|.
		for (let i = 0; i < n; i++) {
			const r = raw[i];
			s += (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y[i] * r;
		}
		return s / n;
	}
	for (let i = 0; i < n; i++) {
		let max = -Infinity;
		for (let k = 0; k < K; k++) max = Math.max(max, raw[k * n + i]);
		let sum = 0;
		for (let k = 0; k < K; k++) sum += Math.exp(raw[k * n + i] - max);
		s += max + Math.log(sum) - raw[y[i] * n + i];
	}
	return s / n;
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

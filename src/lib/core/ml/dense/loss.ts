/**
 * Output losses and their error signals. Each returns the summed loss over the rows (so an
 * epoch's mean weights every row equally) and writes dLoss/dZ, divided by the row count, into
 * `delta` for backward(); `batchRows` divides instead where the rows are one chunk of a
 * larger batch (train-kernels.ts).
 */

/** Keras clips probabilities the same way before the log, so reported losses compare. */
const PROB_FLOOR = 1e-7;

/**
 * Cross-entropy of softmax probabilities `p` (rows × k) against class codes; the error of
 * softmax followed by cross-entropy with respect to the logits is p − onehot.
 */
export function softmaxCrossEntropy(
	h: Float32Array | Float64Array,
	p: number,
	rows: number,
	k: number,
	labels: Int32Array,
	delta: number,
	batchRows = rows
): number {
	let loss = 0;
	const scale = 1 / batchRows;
	for (let r = 0, at = p; r < rows; r++, at += k) {
		const y = labels[r];
		loss -= Math.log(Math.max(h[at + y], PROB_FLOOR));
		for (let j = 0; j < k; j++) h[delta + (at - p) + j] = (h[at + j] - (j === y ? 1 : 0)) * scale;
	}
	return loss;
}

/**
 * Squared error of one linear output per row. The error signal is that of half the squared
 * error, scikit-learn's objective, so its L2 penalty (alpha) has the same strength here.
 */
export function squaredError(h: Float32Array, z: number, rows: number, targets: Float32Array, delta: number, batchRows = rows): number {
	let loss = 0;
	const scale = 1 / batchRows;
	for (let r = 0; r < rows; r++) {
		const e = h[z + r] - targets[r];
		loss += e * e;
		h[delta + r] = e * scale;
	}
	return loss;
}

import { argmaxRows } from '../models/argmax';

export interface ClassPrediction {
	readonly codes: Int32Array;
	readonly proba: Float64Array;
}

/** Class probabilities from joint log-likelihoods (rows × classes), normalised by log-sum-exp as scikit-learn. */
export function fromJointLog(jll: Float64Array, classes: number): ClassPrediction {
	const rows = jll.length / classes;
	const proba = new Float64Array(jll.length);
	for (let i = 0; i < rows; i++) {
		let max = -Infinity;
		for (let c = 0; c < classes; c++) max = Math.max(max, jll[i * classes + c]);
		let sum = 0;
		for (let c = 0; c < classes; c++) sum += Math.exp(jll[i * classes + c] - max);
		const log = max + Math.log(sum);
		for (let c = 0; c < classes; c++) proba[i * classes + c] = Math.exp(jll[i * classes + c] - log);
	}
	return { codes: argmaxRows(jll, classes), proba };
}

/** Class frequencies of the training rows; codes outside [0, classes) are refused. */
export function classCounts(y: ArrayLike<number>, classes: number): Float64Array {
	const counts = new Float64Array(classes);
	for (let i = 0; i < y.length; i++) {
		const c = y[i];
		if (!(c >= 0 && c < classes)) throw new Error(`training row ${i} has class code ${c}; expected 0 to ${classes - 1}`);
		counts[c]++;
	}
	return counts;
}

import type { ClassificationMetrics, RegressionMetrics } from '../nodes/ports';

/**
 * Classification metrics with scikit-learn's conventions: zero_division=0 for precision,
 * recall and F1; macro averages over the labels present in yTrue or yPred (sklearn's default
 * label set); ROC-AUC of class 1 for two classes, one-vs-rest macro AUC above that.
 *
 * `proba` is rows × labels.length, row-major, or null when the model has no scores.
 */
export function classificationMetrics(
	yTrue: Int32Array,
	yPred: Int32Array,
	proba: Float64Array | null,
	labels: string[]
): ClassificationMetrics {
	const n = yTrue.length;
	const k = labels.length;
	if (yPred.length !== n) throw new Error(`metrics: ${yPred.length} predictions for ${n} rows`);
	if (proba && proba.length !== n * k) throw new Error(`metrics: probabilities must be ${n}×${k}`);

	const confusion: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	let correct = 0;
	for (let i = 0; i < n; i++) {
		const a = yTrue[i];
		const p = yPred[i];
		if (a < 0 || a >= k || p < 0 || p >= k) throw new Error(`metrics: class code out of range at row ${i}`);
		confusion[a][p]++;
		if (a === p) correct++;
	}

	const perClass: { label: string; precision: number; recall: number; f1: number; support: number }[] = [];
	let pSum = 0;
	let rSum = 0;
	let fSum = 0;
	let present = 0;
	for (let c = 0; c < k; c++) {
		const tp = confusion[c][c];
		let support = 0;
		let predicted = 0;
		for (let j = 0; j < k; j++) {
			support += confusion[c][j];
			predicted += confusion[j][c];
		}
		const precision = predicted > 0 ? tp / predicted : 0;
		const recall = support > 0 ? tp / support : 0;
		// 2tp / (2tp + fp + fn) equals 2PR/(P+R) and stays defined when P or R divides by zero.
		const denom = support + predicted;
		const f1 = denom > 0 ? (2 * tp) / denom : 0;
		perClass.push({ label: labels[c], precision, recall, f1, support });
		if (support > 0 || predicted > 0) {
			present++;
			pSum += precision;
			rSum += recall;
			fSum += f1;
		}
	}

	return {
		task: 'classification',
		rows: n,
		accuracy: n > 0 ? correct / n : 0,
		precisionMacro: present > 0 ? pSum / present : 0,
		recallMacro: present > 0 ? rSum / present : 0,
		f1Macro: present > 0 ? fSum / present : 0,
		rocAuc: proba ? rocAuc(yTrue, proba, k) : null,
		perClass,
		confusion,
		labels: [...labels]
	};
}

/**
 * Binary: AUC of the class-1 score. Multiclass: unweighted mean of one-vs-rest AUCs, as
 * sklearn's roc_auc_score(multi_class='ovr', average='macro'). null when any class is absent
 * from yTrue, where one of those AUCs is undefined.
 */
export function rocAuc(yTrue: Int32Array, proba: Float64Array, k: number): number | null {
	const n = yTrue.length;
	const scores = new Float64Array(n);
	const positive = new Uint8Array(n);
	const classes = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
	if (k === 2) {
		let ones = 0;
		for (let i = 0; i < n; i++) ones += yTrue[i] === 1 ? 1 : 0;
		if (ones === 0 || ones === n) return null;
	}
	let total = 0;
	for (const c of classes) {
		for (let i = 0; i < n; i++) {
			scores[i] = proba[i * k + c];
			positive[i] = yTrue[i] === c ? 1 : 0;
		}
		const auc = binaryAuc(scores, positive);
		if (auc === null) return null;
		total += auc;
	}
	return total / classes.length;
}

/**
 * Mann–Whitney U: AUC = (sum of positive ranks - nPos(nPos+1)/2) / (nPos·nNeg), with tied
 * scores sharing their average rank — the same as the trapezoidal area under the ROC curve.
 */
export function binaryAuc(scores: Float64Array, positive: Uint8Array): number | null {
	const n = scores.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
	let nPos = 0;
	let rankSum = 0;
	let i = 0;
	while (i < n) {
		let j = i;
		while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
		// Ranks are 1-based: the tie group i..j shares the mean of ranks i+1..j+1.
		const avg = (i + j) / 2 + 1;
		for (let t = i; t <= j; t++) {
			if (positive[order[t]]) {
				nPos++;
				rankSum += avg;
			}
		}
		i = j + 1;
	}
	const nNeg = n - nPos;
	if (nPos === 0 || nNeg === 0) return null;
	return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
	const n = yTrue.length;
	if (yPred.length !== n) throw new Error(`metrics: ${yPred.length} predictions for ${n} rows`);
	let mean = 0;
	for (let i = 0; i < n; i++) mean += yTrue[i];
	mean = n > 0 ? mean / n : 0;
	let sse = 0;
	let sae = 0;
	let sst = 0;
	for (let i = 0; i < n; i++) {
		const e = yTrue[i] - yPred[i];
		sse += e * e;
		sae += Math.abs(e);
		sst += (yTrue[i] - mean) * (yTrue[i] - mean);
	}
	// sklearn's force_finite: a constant target scores 1 when predicted exactly, else 0.
	const r2 = sst === 0 ? (sse === 0 ? 1 : 0) : 1 - sse / sst;
	return {
		task: 'regression',
		rows: n,
		rmse: n > 0 ? Math.sqrt(sse / n) : 0,
		mae: n > 0 ? sae / n : 0,
		r2
	};
}

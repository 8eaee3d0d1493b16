/**
 * ROC curves and AUC, following scikit-learn 1.2.1's `_binary_clf_curve`, `roc_curve` and
 * `roc_auc_score` step for step, so the studio's figures and a notebook's agree on the same
 * predictions (tied scores, dropped intermediate points and all).
 */

/** Counts at each distinct score, highest first: what every threshold curve is built from. */
export interface ClfCurve {
	/** False positives among rows scoring ≥ thresholds[i]. */
	readonly fps: Float64Array;
	/** True positives among rows scoring ≥ thresholds[i]. */
	readonly tps: Float64Array;
	/** The distinct scores, descending. */
	readonly thresholds: Float64Array;
}

export interface RocCurve {
	readonly fpr: number[];
	readonly tpr: number[];
	/** thresholds[0] is max score + 1, as sklearn 1.2 (1.3 changed it to +inf, which JSON cannot carry). */
	readonly thresholds: number[];
}

/** Positive flags from anything truthy-ish: 1/0 codes, booleans. */
export type Labels = ArrayLike<number | boolean>;

/** Row indices by score, descending; ties keep their relative order (the curve only looks at tie groups). */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
	const n = scores.length;
	const order = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		if (!Number.isFinite(scores[i])) throw new Error(`evaluation: score at row ${i} is not a finite number`);
		order[i] = i;
	}
	order.sort((a, b) => scores[b] - scores[a] || a - b);
	return order;
}

/** sklearn's _binary_clf_curve: one point per distinct score, so tied rows move the curve together. */
export function binaryClfCurve(scores: ArrayLike<number>, positive: Labels): ClfCurve {
	const n = scores.length;
	if (positive.length !== n) throw new Error(`evaluation: ${positive.length} labels for ${n} scores`);
	const order = descendingOrder(scores);
	const fps: number[] = [];
	const tps: number[] = [];
	const thresholds: number[] = [];
	let tp = 0;
	for (let k = 0; k < n; k++) {
		const i = order[k];
		if (positive[i]) tp++;
		// A point closes where the next score differs (sklearn's distinct_value_indices) and at the end.
		if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
			tps.push(tp);
			fps.push(k + 1 - tp);
			thresholds.push(scores[i]);
		}
	}
	return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

/**
 * sklearn.metrics.roc_curve. With dropIntermediate, points where neither count bends (zero
 * second difference in both) are dropped — they lie on a straight segment and cannot change
 * the area. fpr (tpr) is NaN throughout when there are no negatives (positives).
 */
export function rocCurve(scores: ArrayLike<number>, positive: Labels, dropIntermediate = true): RocCurve {
	if (scores.length === 0) return { fpr: [], tpr: [], thresholds: [] };
	const c = binaryClfCurve(scores, positive);
	let keep = Array.from(c.fps, (_, i) => i);
	const m = c.fps.length;
	if (dropIntermediate && m > 2) {
		keep = keep.filter((i) => {
			if (i === 0 || i === m - 1) return true;
			const dF = c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1];
			const dT = c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1];
			return dF !== 0 || dT !== 0;
		});
	}
	const negatives = c.fps[m - 1];
	const positives = c.tps[m - 1];
	const fpr = [0];
	const tpr = [0];
	const thresholds = [c.thresholds[keep[0]] + 1];
	for (const i of keep) {
		fpr.push(negatives > 0 ? c.fps[i] / negatives : NaN);
		tpr.push(positives > 0 ? c.tps[i] / positives : NaN);
		thresholds.push(c.thresholds[i]);
	}
	if (!(negatives > 0)) fpr[0] = NaN;
	if (!(positives > 0)) tpr[0] = NaN;
	return { fpr, tpr, thresholds };
}

/** Trapezoidal area (sklearn.metrics.auc on a monotonic x). */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
	let area = 0;
	for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
	return area;
}

/** Binary ROC-AUC as sklearn: the area under roc_curve; null where one class is absent (sklearn raises). */
export function binaryRocAuc(scores: ArrayLike<number>, positive: Labels): number | null {
	let pos = 0;
	for (let i = 0; i < positive.length; i++) if (positive[i]) pos++;
	if (pos === 0 || pos === positive.length) return null;
	const r = rocCurve(scores, positive, true);
	return trapezoid(r.fpr, r.tpr);
}

export interface MulticlassAuc {
	/** One-vs-rest AUC per class code; null for a class absent from yTrue. */
	readonly perClass: (number | null)[];
	/** Unweighted mean of the per-class AUCs (roc_auc_score(multi_class='ovr', average='macro')). */
	readonly macro: number | null;
	/** Mean weighted by each class's count in yTrue (average='weighted'). */
	readonly weighted: number | null;
}

/**
 * One-vs-rest AUCs of `proba` (rows × k, row-major). Macro and weighted are null when any
 * class is missing from yTrue, where sklearn raises rather than average an undefined AUC.
 */
export function oneVsRestAuc(yTrue: ArrayLike<number>, proba: ArrayLike<number>, k: number): MulticlassAuc {
	const n = yTrue.length;
	if (proba.length !== n * k) throw new Error(`evaluation: probabilities must be ${n}×${k}`);
	const scores = new Float64Array(n);
	const positive = new Uint8Array(n);
	const perClass: (number | null)[] = [];
	const support = new Array<number>(k).fill(0);
	for (let i = 0; i < n; i++) support[yTrue[i]]++;
	for (let c = 0; c < k; c++) {
		for (let i = 0; i < n; i++) {
			scores[i] = proba[i * k + c];
			positive[i] = yTrue[i] === c ? 1 : 0;
		}
		perClass.push(binaryRocAuc(scores, positive));
	}
	if (perClass.some((a) => a === null)) return { perClass, macro: null, weighted: null };
	const aucs = perClass as number[];
	const macro = aucs.reduce((s, a) => s + a, 0) / k;
	const weighted = aucs.reduce((s, a, c) => s + a * support[c], 0) / n;
	return { perClass, macro, weighted };
}

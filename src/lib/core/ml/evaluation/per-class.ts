export interface ClassRow {
	readonly label: string;
	readonly precision: number;
	readonly recall: number;
	readonly f1: number;
	readonly support: number;
}

export interface ClassReport {
	/** Labels present in yTrue or yPred, in code order (sklearn's unique_labels). */
	readonly classes: ClassRow[];
	readonly accuracy: number;
	readonly macro: Omit<ClassRow, 'label'>;
	readonly weighted: Omit<ClassRow, 'label'>;
	/** counts[true][predicted] over every label, present or not. */
	readonly confusion: number[][];
	/** Each row of `confusion` over its true count (sklearn's normalize='true'); 0 for an empty row. */
	readonly normalised: number[][];
}

/** Confusion counts, rows = true class code, columns = predicted. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
	if (yPred.length !== yTrue.length) throw new Error(`evaluation: ${yPred.length} predictions for ${yTrue.length} rows`);
	const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	for (let i = 0; i < yTrue.length; i++) {
		const a = yTrue[i];
		const p = yPred[i];
		if (!(a >= 0 && a < k && p >= 0 && p < k)) throw new Error(`evaluation: class code out of range at row ${i}`);
		m[a][p]++;
	}
	return m;
}

/**
 * sklearn.metrics.classification_report(output_dict=True, zero_division=0): per-class
 * precision, recall, F1 (as 2PR/(P+R)) and support; macro = plain mean over the present labels,
 * weighted = mean weighted by support.
 */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: readonly string[]): ClassReport {
	const k = labels.length;
	const confusion = confusionMatrix(yTrue, yPred, k);
	const n = yTrue.length;
	const classes: ClassRow[] = [];
	let correct = 0;
	for (let c = 0; c < k; c++) {
		let support = 0;
		let predicted = 0;
		for (let j = 0; j < k; j++) {
			support += confusion[c][j];
			predicted += confusion[j][c];
		}
		correct += confusion[c][c];
		if (support === 0 && predicted === 0) continue;
		const tp = confusion[c][c];
		const precision = predicted > 0 ? tp / predicted : 0;
		const recall = support > 0 ? tp / support : 0;
		const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
		classes.push({ label: labels[c], precision, recall, f1, support });
	}
	const mean = (pick: (r: ClassRow) => number, weight: (r: ClassRow) => number) => {
		let s = 0;
		let w = 0;
		for (const r of classes) {
			s += pick(r) * weight(r);
			w += weight(r);
		}
		return w > 0 ? s / w : 0;
	};
	const avg = (weight: (r: ClassRow) => number) => ({
		precision: mean((r) => r.precision, weight),
		recall: mean((r) => r.recall, weight),
		f1: mean((r) => r.f1, weight),
		support: n
	});
	const normalised = confusion.map((row) => {
		const t = row.reduce((s, v) => s + v, 0);
		return row.map((v) => (t > 0 ? v / t : 0));
	});
	return {
		classes,
		accuracy: n > 0 ? correct / n : 0,
		macro: avg(() => 1),
		weighted: avg((r) => r.support),
		confusion,
		normalised
	};
}

/**
 * Group fairness of a classifier for one positive class, as fairlearn's MetricFrame with
 * selection_rate, true_positive_rate, false_positive_rate and precision_score per group.
 */
export interface FairnessGroup {
	readonly group: string;
	readonly rows: number;
	/** Share of the group predicted positive (fairlearn's selection_rate). */
	readonly selectionRate: number;
	/** TP / (TP + FN); 0 for a group without positives (sklearn's normalised confusion matrix turns NaN into 0). */
	readonly tpr: number;
	/** FP / (FP + TN); 0 for a group without negatives, likewise. */
	readonly fpr: number;
	/** TP / (TP + FP); 0 when the group has no positive predictions (zero_division=0). */
	readonly precision: number;
}

export interface FairnessReport {
	/** Groups in label order (sorted), so the table reads the same run to run. */
	readonly groups: FairnessGroup[];
	/** max − min selection rate over the groups (fairlearn's demographic_parity_difference). */
	readonly demographicParityDifference: number;
	/** max − min true-positive rate over the groups (fairlearn's equal_opportunity_difference). */
	readonly equalOpportunityDifference: number;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

function rates(group: string, truth: ArrayLike<boolean>, predicted: ArrayLike<boolean>, at: readonly number[]): FairnessGroup {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	let tn = 0;
	for (const i of at) {
		if (truth[i]) {
			if (predicted[i]) tp++;
			else fn++;
		} else if (predicted[i]) fp++;
		else tn++;
	}
	return {
		group,
		rows: at.length,
		selectionRate: ratio(tp + fp, at.length),
		tpr: ratio(tp, tp + fn),
		fpr: ratio(fp, fp + tn),
		precision: ratio(tp, tp + fp)
	};
}

const spread = (values: number[]): number => (values.length > 0 ? Math.max(...values) - Math.min(...values) : 0);

/**
 * Per-group rates and the between-groups differences. `truth[i]` / `predicted[i]`: whether
 * row i is / is predicted the positive class; `groups[i]`: its sensitive-column value.
 */
export function fairnessByGroup(truth: ArrayLike<boolean>, predicted: ArrayLike<boolean>, groups: readonly string[]): FairnessReport {
	if (truth.length !== groups.length || predicted.length !== groups.length)
		throw new Error(`fairness: ${truth.length} truths and ${predicted.length} predictions for ${groups.length} rows`);
	const positions = new Map<string, number[]>();
	groups.forEach((g, i) => {
		const list = positions.get(g);
		if (list) list.push(i);
		else positions.set(g, [i]);
	});
	const names = [...positions.keys()].sort();
	const out = names.map((g) => rates(g, truth, predicted, positions.get(g)!));
	return {
		groups: out,
		demographicParityDifference: spread(out.map((g) => g.selectionRate)),
		equalOpportunityDifference: spread(out.map((g) => g.tpr))
	};
}

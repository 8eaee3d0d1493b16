import type { Labels } from './roc';

export interface LiftRow {
	/** 1 = the tenth of rows with the highest scores. */
	readonly decile: number;
	readonly rows: number;
	readonly positives: number;
	/** Share of positives among this decile's rows. */
	readonly rate: number;
	/** Share of all positives found in deciles 1..this one (the cumulative gain curve). */
	readonly cumulativeGain: number;
	/** Positive rate in deciles 1..this one over the overall rate (1 = no better than random). */
	readonly cumulativeLift: number;
	/** This decile's positive rate over the overall rate. */
	readonly lift: number;
}

/**
 * Cumulative gain and lift by decile of the score. Rows are ranked by score, highest first;
 * tied scores keep row order, so a tie straddling a decile edge is split by position (as
 * scikit-plot's gain chart does) rather than moved whole.
 */
export function liftByDecile(scores: ArrayLike<number>, positive: Labels, groups = 10): LiftRow[] {
	const n = scores.length;
	if (positive.length !== n) throw new Error(`evaluation: ${positive.length} labels for ${n} scores`);
	if (n === 0) return [];
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
	let total = 0;
	for (let i = 0; i < n; i++) if (positive[i]) total++;
	const base = total / n;
	const out: LiftRow[] = [];
	let start = 0;
	let cumulativePositives = 0;
	for (let d = 1; d <= groups; d++) {
		const end = Math.round((n * d) / groups);
		if (end === start) continue; // fewer rows than groups: some deciles are empty
		let positives = 0;
		for (let k = start; k < end; k++) if (positive[order[k]]) positives++;
		cumulativePositives += positives;
		const rows = end - start;
		const rate = positives / rows;
		out.push({
			decile: d,
			rows,
			positives,
			rate,
			cumulativeGain: total > 0 ? cumulativePositives / total : 0,
			cumulativeLift: base > 0 ? cumulativePositives / end / base : 0,
			lift: base > 0 ? rate / base : 0
		});
		start = end;
	}
	return out;
}

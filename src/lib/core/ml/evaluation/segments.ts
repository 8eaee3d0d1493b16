import type { Column } from '../../frame/types';
import { classificationMetrics, regressionMetrics } from '../metrics';

export const MISSING_SEGMENT = '(missing)';
export const OTHER_SEGMENT = '(other)';
export const OVERALL_SEGMENT = '(all rows)';

/** Linear-interpolated quantile of sorted values (numpy's default), so bins match np.quantile edges. */
function quantile(sorted: Float64Array, q: number): number {
	const at = q * (sorted.length - 1);
	const lo = Math.floor(at);
	const hi = Math.min(lo + 1, sorted.length - 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Short, stable text for a bin edge: enough digits to tell edges apart without float noise. */
const edgeText = (v: number): string => String(Number(v.toPrecision(6)));

/**
 * Quantile-bin labels: edges at the 0, 1/bins, …, 1 quantiles of the given values; duplicate
 * edges merge (a column with few distinct values gets fewer bins). Bins are [lo, hi) and
 * the last is closed, so the maximum falls in it.
 */
export function quantileBinLabels(values: ArrayLike<number>, bins: number): string[] {
	const present = Float64Array.from(values)
		.filter((v) => !Number.isNaN(v))
		.sort();
	if (present.length === 0) return Array.from({ length: values.length }, () => MISSING_SEGMENT);
	const edges = [...new Set(Array.from({ length: bins + 1 }, (_, i) => quantile(present, i / bins)))];
	if (edges.length === 1) return Array.from(values, (v) => (Number.isNaN(v) ? MISSING_SEGMENT : `[${edgeText(edges[0])}]`));
	const last = edges.length - 2;
	const names = edges.slice(0, -1).map((lo, i) => `[${edgeText(lo)}, ${edgeText(edges[i + 1])}${i === last ? ']' : ')'}`);
	return Array.from(values, (v) => {
		if (Number.isNaN(v)) return MISSING_SEGMENT;
		let i = 0;
		while (i < last && v >= edges[i + 1]) i++;
		return names[i];
	});
}

/**
 * The segment of each of `rows`: the value for category, boolean and text columns, a
 * quantile bin for numbers, the month (UTC, YYYY-MM) for dates; missing values are a segment.
 */
export function segmentLabels(col: Column, rows: Uint32Array, bins: number): string[] {
	switch (col.kind) {
		case 'category':
			return Array.from(rows, (r) => (col.codes[r] < 0 ? MISSING_SEGMENT : col.dictionary[col.codes[r]]));
		case 'boolean':
			return Array.from(rows, (r) => (col.codes[r] < 0 ? MISSING_SEGMENT : col.codes[r] === 1 ? 'true' : 'false'));
		case 'text':
			return Array.from(rows, (r) => col.values[r] ?? MISSING_SEGMENT);
		case 'date':
			return Array.from(rows, (r) => (Number.isNaN(col.values[r]) ? MISSING_SEGMENT : new Date(col.values[r]).toISOString().slice(0, 7)));
		case 'number':
			return quantileBinLabels(
				Float64Array.from(rows, (r) => col.values[r]),
				bins
			);
	}
}

/** Segments smaller than `minRows` become one "(other)" segment, so a handful of rows cannot top the worst list by chance. */
export function poolSmallSegments(labels: readonly string[], minRows: number): string[] {
	const counts = new Map<string, number>();
	for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
	return labels.map((l) => ((counts.get(l) ?? 0) < minRows ? OTHER_SEGMENT : l));
}

export interface ClassificationSegment {
	readonly segment: string;
	readonly rows: number;
	readonly accuracy: number;
	readonly f1Macro: number;
}

export interface RegressionSegment {
	readonly segment: string;
	readonly rows: number;
	readonly rmse: number;
	readonly mae: number;
	readonly r2: number;
}

/** Row positions of each segment, in first-seen order. */
function groupPositions(labels: readonly string[]): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	labels.forEach((l, i) => {
		const g = groups.get(l);
		if (g) g.push(i);
		else groups.set(l, [i]);
	});
	return groups;
}

/**
 * Accuracy and macro F1 (sklearn's, over the labels present in the segment) per segment,
 * worst accuracy first (ties: worse macro F1, then larger segment); the overall row last.
 * `truth` and `predicted` are class codes into `labels`.
 */
export function classificationSegments(
	truth: Int32Array,
	predicted: Int32Array,
	labels: string[],
	segments: readonly string[]
): ClassificationSegment[] {
	const score = (segment: string, at: number[] | null): ClassificationSegment => {
		const t = at ? Int32Array.from(at, (i) => truth[i]) : truth;
		const p = at ? Int32Array.from(at, (i) => predicted[i]) : predicted;
		const m = classificationMetrics(t, p, null, labels);
		return { segment, rows: t.length, accuracy: m.accuracy, f1Macro: m.f1Macro };
	};
	const rows = [...groupPositions(segments)].map(([s, at]) => score(s, at));
	rows.sort((a, b) => a.accuracy - b.accuracy || a.f1Macro - b.f1Macro || b.rows - a.rows || a.segment.localeCompare(b.segment));
	return [...rows, score(OVERALL_SEGMENT, null)];
}

/** RMSE, MAE and R² per segment, worst (largest) RMSE first; the overall row last. */
export function regressionSegments(actual: Float64Array, predicted: Float64Array, segments: readonly string[]): RegressionSegment[] {
	const score = (segment: string, at: number[] | null): RegressionSegment => {
		const a = at ? Float64Array.from(at, (i) => actual[i]) : actual;
		const p = at ? Float64Array.from(at, (i) => predicted[i]) : predicted;
		const m = regressionMetrics(a, p);
		return { segment, rows: a.length, rmse: m.rmse, mae: m.mae, r2: m.r2 };
	};
	const rows = [...groupPositions(segments)].map(([s, at]) => score(s, at));
	rows.sort((a, b) => b.rmse - a.rmse || b.mae - a.mae || b.rows - a.rows || a.segment.localeCompare(b.segment));
	return [...rows, score(OVERALL_SEGMENT, null)];
}

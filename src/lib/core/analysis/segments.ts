/**
 * Segment statistics: the same column summaries computed once per group of a segment
 * column, so a bias between groups (a city, a month) shows side by side.
 */
import { histogramCounts, histogramEdges, presentRange } from '../stats/histogram';
import { quantileSorted } from '../stats/stats';
import type { Column, Frame } from '../frame/types';

export const SEGMENT_BINS = 10;
export const TOP_CATEGORIES = 5;
export type DatePart = 'month' | 'year' | 'weekday';

export interface SegmentGroup {
	readonly label: string;
	readonly count: number;
}
export interface NumberSegmentStats {
	readonly mean: number | null;
	readonly median: number | null;
	/** Share of the group's rows whose value is missing, 0..1. */
	readonly missing: number;
	/** Counts on the column's shared `edges`. */
	readonly histogram: number[];
}
export interface CategorySegmentStats {
	/** Share of the group's rows in each of the column's `categories` (top 5 over all rows), 0..1. */
	readonly shares: number[];
	readonly missing: number;
}
export type SegmentColumn =
	| { readonly name: string; readonly kind: 'number'; readonly edges: number[]; readonly perGroup: NumberSegmentStats[] }
	| {
			readonly name: string;
			readonly kind: 'category';
			readonly categories: string[];
			/** Each category's position in its column's dictionary, so views colour it as the other explore views do. */
			readonly indices: number[];
			readonly perGroup: CategorySegmentStats[];
	  };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Group index per row (-1: missing segment) and the group labels, in natural order. */
export function segmentCodes(col: Column, by: DatePart): { codes: Int32Array; labels: string[] } {
	if (col.kind === 'category') return { codes: col.codes, labels: [...col.dictionary] };
	if (col.kind === 'boolean') return { codes: col.codes, labels: ['false', 'true'] };
	if (col.kind !== 'date') throw new Error(`column "${col.name}" is ${col.kind}; Segment needs a category, true/false or date column`);
	const n = col.values.length;
	const parts = new Float64Array(n);
	for (let r = 0; r < n; r++) {
		const t = col.values[r];
		if (Number.isNaN(t)) parts[r] = NaN;
		else {
			const d = new Date(t);
			// Dates are UTC epoch ms (frame/types.ts), so the UTC getters give the calendar day as written.
			parts[r] = by === 'month' ? d.getUTCMonth() : by === 'year' ? d.getUTCFullYear() : (d.getUTCDay() + 6) % 7;
		}
	}
	if (by !== 'year') {
		const labels = by === 'month' ? MONTHS : WEEKDAYS;
		return { codes: Int32Array.from(parts, (v) => (Number.isNaN(v) ? -1 : v)), labels: [...labels] };
	}
	const years = [...new Set(Array.from(parts).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
	const index = new Map(years.map((y, i) => [y, i]));
	return { codes: Int32Array.from(parts, (v) => (Number.isNaN(v) ? -1 : index.get(v)!)), labels: years.map(String) };
}

/** Rows of each group; groups with no rows are dropped. */
export function groupRows(codes: Int32Array, labels: readonly string[]): { groups: SegmentGroup[]; rows: number[][] } {
	const buckets = labels.map(() => [] as number[]);
	for (let r = 0; r < codes.length; r++) if (codes[r] >= 0) buckets[codes[r]].push(r);
	const keep = labels.map((_, i) => i).filter((i) => buckets[i].length > 0);
	return { groups: keep.map((i) => ({ label: labels[i], count: buckets[i].length })), rows: keep.map((i) => buckets[i]) };
}

export function numberSegments(col: Column & { kind: 'number' }, rows: readonly number[][]): SegmentColumn {
	const range = presentRange(col.values);
	const edges = range ? histogramEdges(range[0], range[1], SEGMENT_BINS) : [];
	const perGroup = rows.map((group): NumberSegmentStats => {
		const present = Float64Array.from(group.map((r) => col.values[r]).filter((v) => !Number.isNaN(v))).sort();
		let sum = 0;
		for (const v of present) sum += v;
		return {
			mean: present.length ? sum / present.length : null,
			median: present.length ? quantileSorted(present, 0.5) : null,
			missing: group.length ? (group.length - present.length) / group.length : 0,
			histogram: histogramCounts(col.values, edges, group)
		};
	});
	return { name: col.name, kind: 'number', edges, perGroup };
}

export function categorySegments(col: Column & { kind: 'category' | 'boolean' }, rows: readonly number[][]): SegmentColumn {
	const labels = col.kind === 'boolean' ? ['false', 'true'] : col.dictionary;
	const totals = new Array<number>(labels.length).fill(0);
	for (let r = 0; r < col.codes.length; r++) if (col.codes[r] >= 0) totals[col.codes[r]]++;
	const top = labels
		.map((_, i) => i)
		.filter((i) => totals[i] > 0)
		.sort((a, b) => totals[b] - totals[a] || labels[a].localeCompare(labels[b]))
		.slice(0, TOP_CATEGORIES);
	const perGroup = rows.map((group): CategorySegmentStats => {
		const counts = new Map<number, number>();
		let missing = 0;
		for (const r of group) {
			const c = col.codes[r];
			if (c < 0) missing++;
			else counts.set(c, (counts.get(c) ?? 0) + 1);
		}
		const n = group.length || 1;
		return { shares: top.map((i) => (counts.get(i) ?? 0) / n), missing: missing / n };
	});
	return { name: col.name, kind: 'category', categories: top.map((i) => labels[i]), indices: top, perGroup };
}

/** Segment statistics of `columns` (number, category or boolean) split by `segment`. */
export function segmentStats(frame: Frame, segment: Column, by: DatePart, columns: readonly Column[]) {
	const { codes, labels } = segmentCodes(segment, by);
	const { groups, rows } = groupRows(codes, labels);
	const out = columns.map((col) => {
		if (col.kind === 'number') return numberSegments(col, rows);
		if (col.kind === 'category' || col.kind === 'boolean') return categorySegments(col, rows);
		throw new Error(`column "${col.name}" is ${col.kind}; Segments compares number, category and true/false columns`);
	});
	let unsegmented = 0;
	for (let r = 0; r < frame.rowCount; r++) if (codes[r] < 0) unsegmented++;
	return { groups, columns: out, unsegmented };
}

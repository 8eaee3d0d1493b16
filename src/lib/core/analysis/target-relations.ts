/**
 * How each feature relates to one target column: a strength (|Pearson r| for two numbers,
 * Cramér's V for two categories, the correlation ratio η for a category and a number,
 * all in 0..1 so features of different kinds rank on one scale) and a small summary a
 * chart can draw. The measures are the ones of ./association and ./correlation, reused.
 */
import { correlationRatio, cramersV } from '../stats/association';
import { correlationMatrix } from '../stats/correlation';
import { coded, isCoded } from '../stats/mixed-correlation';
import { quantileSorted } from '../stats/stats';
import type { Column, Frame } from '../frame/types';

export type RelationMeasure = 'pearson' | 'cramers-v' | 'eta';
export type TargetKind = 'number' | 'category';

/** A number feature against a category target: the feature's spread within each class. */
export interface ClassQuartiles {
	readonly type: 'class-quartiles';
	readonly groups: { label: string; count: number; mean: number; q1: number; median: number; q3: number; min: number; max: number }[];
}
/** A number feature against a number target: the target's mean in equal-frequency bins of the feature. */
export interface BinnedMeans {
	readonly type: 'binned-means';
	readonly bins: { lo: number; hi: number; count: number; mean: number }[];
}
/** A category feature against a number target: the target's mean per value. */
export interface ValueMeans {
	readonly type: 'value-means';
	readonly values: { label: string; count: number; mean: number }[];
}
/** A category feature against a category target: the class shares per value (each row sums to 1). */
export interface ValueShares {
	readonly type: 'value-shares';
	readonly classes: string[];
	readonly values: { label: string; count: number; shares: number[] }[];
}
export type RelationSummary = ClassQuartiles | BinnedMeans | ValueMeans | ValueShares;

export interface FeatureRelation {
	readonly name: string;
	readonly kind: 'number' | 'category';
	readonly measure: RelationMeasure;
	/** In 0..1; NaN when it cannot be measured (a constant column, no complete rows). */
	readonly strength: number;
	readonly summary: RelationSummary;
}

/** Values of a category feature shown one by one; the rest are pooled as "other". */
export const TOP_VALUES = 8;
/** Equal-frequency bins of a number feature against a number target. */
export const FEATURE_BINS = 10;
export const OTHER_LABEL = 'other';

type Coded = Extract<Column, { kind: 'category' | 'boolean' }>;
type Usable = Extract<Column, { kind: 'number' | 'category' | 'boolean' }>;

export const isUsable = (c: Column): c is Usable => c.kind === 'number' || isCoded(c);
const labelsOf = (c: Coded): readonly string[] => (c.kind === 'boolean' ? ['false', 'true'] : c.dictionary);
const present = (c: Usable, i: number): boolean => (c.kind === 'number' ? c.values[i] === c.values[i] : c.codes[i] >= 0);

export function targetRelation(frame: Frame, target: Usable, feature: Usable): FeatureRelation {
	const kind = feature.kind === 'number' ? 'number' : 'category';
	if (target.kind === 'number' && feature.kind === 'number') {
		const m = correlationMatrix({ columns: [feature, target], rowCount: frame.rowCount });
		return {
			name: feature.name,
			kind,
			measure: 'pearson',
			strength: Math.abs(m.values[1]),
			summary: binnedMeans(feature.values, target.values)
		};
	}
	if (target.kind !== 'number' && feature.kind !== 'number')
		return {
			name: feature.name,
			kind,
			measure: 'cramers-v',
			strength: cramersV(coded(feature), coded(target)),
			summary: valueShares(feature, target)
		};
	if (feature.kind === 'number') {
		const t = target as Coded;
		return {
			name: feature.name,
			kind,
			measure: 'eta',
			strength: correlationRatio(coded(t), feature.values),
			summary: classQuartiles(feature.values, t)
		};
	}
	const t = target as Extract<Usable, { kind: 'number' }>;
	return {
		name: feature.name,
		kind,
		measure: 'eta',
		strength: correlationRatio(coded(feature), t.values),
		summary: valueMeans(feature, t.values)
	};
}

/** Strongest first; unmeasurable (NaN) features last, in their original order. */
export function rankRelations(relations: FeatureRelation[]): FeatureRelation[] {
	const key = (r: FeatureRelation) => (Number.isNaN(r.strength) ? -1 : r.strength);
	return relations
		.map((r, i) => ({ r, i }))
		.sort((a, b) => key(b.r) - key(a.r) || a.i - b.i)
		.map(({ r }) => r);
}

function classQuartiles(values: Float64Array, target: Coded): ClassQuartiles {
	const labels = labelsOf(target);
	const perClass: number[][] = labels.map(() => []);
	for (let i = 0; i < values.length; i++) {
		const g = target.codes[i],
			v = values[i];
		if (g >= 0 && v === v) perClass[g].push(v);
	}
	const groups = labels.flatMap((label, g) => {
		const xs = Float64Array.from(perClass[g]).sort();
		if (xs.length === 0) return [];
		const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
		const q = (p: number) => quantileSorted(xs, p);
		return [{ label, count: xs.length, mean, q1: q(0.25), median: q(0.5), q3: q(0.75), min: xs[0], max: xs[xs.length - 1] }];
	});
	return { type: 'class-quartiles', groups };
}

/**
 * Bins as pandas.qcut(feature, 10, duplicates='drop'): edges at the feature's deciles
 * (numpy's linear quantiles), repeated edges dropped, intervals closed on the right and
 * the first one also holding the minimum. Only rows where both values are present count.
 */
export function binnedMeans(feature: Float64Array, target: Float64Array, bins = FEATURE_BINS): BinnedMeans {
	const rows: number[] = [];
	for (let i = 0; i < feature.length; i++) if (feature[i] === feature[i] && target[i] === target[i]) rows.push(i);
	const sorted = Float64Array.from(rows, (i) => feature[i]).sort();
	if (sorted.length === 0) return { type: 'binned-means', bins: [] };
	const edges: number[] = [];
	for (let k = 0; k <= bins; k++) {
		const e = quantileSorted(sorted, k / bins);
		if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
	}
	// A constant feature has a single edge: one bin holding every row.
	if (edges.length === 1) edges.push(edges[0]);
	const sums = new Float64Array(edges.length - 1);
	const counts = new Float64Array(edges.length - 1);
	for (const i of rows) {
		const b = binOf(edges, feature[i]);
		sums[b] += target[i];
		counts[b]++;
	}
	return {
		type: 'binned-means',
		bins: Array.from(counts, (count, b) => ({ lo: edges[b], hi: edges[b + 1], count, mean: count ? sums[b] / count : NaN }))
	};
}

/** Index of the right-closed interval (edges[b], edges[b+1]] holding v; the first also holds edges[0]. */
function binOf(edges: readonly number[], v: number): number {
	let lo = 0,
		hi = edges.length - 2;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (v <= edges[mid + 1]) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

/** The feature's codes regrouped: its TOP_VALUES most frequent values among `rows`, then "other". */
function topValues(feature: Coded, rows: readonly number[]): { labels: string[]; group: Int32Array } {
	const labels = labelsOf(feature);
	const counts = new Float64Array(labels.length);
	for (const i of rows) counts[feature.codes[i]]++;
	const order = labels
		.map((_, c) => c)
		.filter((c) => counts[c] > 0)
		.sort((a, b) => counts[b] - counts[a] || a - b);
	const kept = order.slice(0, TOP_VALUES);
	const group = new Int32Array(labels.length).fill(kept.length);
	kept.forEach((c, g) => (group[c] = g));
	const out = kept.map((c) => labels[c]);
	if (order.length > kept.length) out.push(OTHER_LABEL);
	return { labels: out, group };
}

function valueMeans(feature: Coded, target: Float64Array): ValueMeans {
	const rows: number[] = [];
	for (let i = 0; i < target.length; i++) if (feature.codes[i] >= 0 && target[i] === target[i]) rows.push(i);
	const { labels, group } = topValues(feature, rows);
	const sums = new Float64Array(labels.length);
	const counts = new Float64Array(labels.length);
	for (const i of rows) {
		const g = group[feature.codes[i]];
		sums[g] += target[i];
		counts[g]++;
	}
	return { type: 'value-means', values: labels.map((label, g) => ({ label, count: counts[g], mean: sums[g] / counts[g] })) };
}

function valueShares(feature: Coded, target: Coded): ValueShares {
	const rows: number[] = [];
	for (let i = 0; i < target.codes.length; i++) if (present(feature, i) && present(target, i)) rows.push(i);
	const { labels, group } = topValues(feature, rows);
	const classes = [...labelsOf(target)];
	const table = labels.map(() => new Float64Array(classes.length));
	for (const i of rows) table[group[feature.codes[i]]][target.codes[i]]++;
	const values = labels.map((label, g) => {
		const count = table[g].reduce((s, v) => s + v, 0);
		return { label, count, shares: Array.from(table[g], (v) => v / count) };
	});
	return { type: 'value-shares', classes, values };
}

/** Column and frame profiles: what the data explorer shows before any modelling. */
import { countDuplicateRows } from './duplicate-rows';
import { frameBytes } from './memory';
import { shape } from '../stats/moments';
import { sortFloat64 } from '../stats/sort';
import { histogramSorted, meanStd, quantileSorted, type Histogram } from '../stats/stats';
import type { Column, ColumnKind, Frame } from '../frame/types';

/** How many most-frequent values a category, boolean or text profile lists. */
export const TOP_VALUES = 10;

export interface ValueCount {
	readonly value: string;
	readonly count: number;
}

/**
 * The statistics fields are present for number and date columns (dates in epoch ms);
 * `top` for category, boolean and text columns. Statistics of an empty column are NaN.
 */
export interface ColumnProfile {
	readonly name: string;
	readonly kind: ColumnKind;
	/** Non-missing cells. */
	readonly count: number;
	readonly missing: number;
	/** Distinct non-missing values. */
	readonly distinct: number;
	readonly mean?: number;
	/** Sample standard deviation (ddof = 1), as pandas. */
	readonly std?: number;
	readonly min?: number;
	/** Quartiles by numpy's 'linear' interpolation, as pandas' describe. */
	readonly q1?: number;
	readonly median?: number;
	readonly q3?: number;
	readonly max?: number;
	/** pandas' Series.skew(): adjusted Fisher–Pearson G1 (number columns only; see moments.ts). */
	readonly skewness?: number;
	/** pandas' Series.kurt(): bias-corrected excess kurtosis G2 (number columns only). */
	readonly kurtosis?: number;
	/** Sturges' bin count, capped at 30; the last bin is closed, as numpy.histogram. */
	readonly histogram?: Histogram;
	/** Up to TOP_VALUES values, by count descending, ties by value ascending. */
	readonly top?: readonly ValueCount[];
}

export interface FrameProfile {
	readonly rows: number;
	readonly columns: number;
	readonly missingCells: number;
	/** Estimated bytes of Tessera's columns (memory.ts), not pandas' memory_usage. */
	readonly memoryBytes: number;
	/** Rows equal to an earlier row in every column, as pandas' duplicated().sum(). */
	readonly duplicateRows: number;
	readonly profiles: readonly ColumnProfile[];
}

function numericProfile(name: string, kind: ColumnKind, values: Float64Array): ColumnProfile {
	const present = new Float64Array(values.length);
	let count = 0;
	for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present[count++] = values[i];
	const sorted = sortFloat64(present.subarray(0, count));
	let distinct = count > 0 ? 1 : 0;
	for (let i = 1; i < count; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
	const { mean, std } = meanStd(sorted);
	return {
		name,
		kind,
		count,
		missing: values.length - count,
		distinct,
		mean,
		std,
		min: count > 0 ? sorted[0] : NaN,
		q1: quantileSorted(sorted, 0.25),
		median: quantileSorted(sorted, 0.5),
		q3: quantileSorted(sorted, 0.75),
		max: count > 0 ? sorted[count - 1] : NaN,
		histogram: histogramSorted(sorted),
		// Shape is reported for numbers only: the skew of epoch milliseconds says little.
		...(kind === 'number' ? shape(sorted) : {})
	};
}

function topValues(counts: Map<string, number>): ValueCount[] {
	const all: ValueCount[] = [];
	for (const [value, count] of counts) all.push({ value, count });
	all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
	return all.slice(0, TOP_VALUES);
}

function codedProfile(col: Column & { codes: Int32Array }, dictionary: readonly string[]): ColumnProfile {
	const tally = new Float64Array(dictionary.length);
	let missing = 0;
	for (let i = 0; i < col.codes.length; i++) {
		const code = col.codes[i];
		if (code < 0) missing++;
		else tally[code]++;
	}
	const counts = new Map<string, number>();
	for (let k = 0; k < dictionary.length; k++) if (tally[k] > 0) counts.set(dictionary[k], tally[k]);
	return {
		name: col.name,
		kind: col.kind,
		count: col.codes.length - missing,
		missing,
		distinct: counts.size,
		top: topValues(counts)
	};
}

const BOOLEAN_DICTIONARY = ['false', 'true'];

export function profileColumn(col: Column): ColumnProfile {
	switch (col.kind) {
		case 'number':
		case 'date':
			return numericProfile(col.name, col.kind, col.values);
		case 'category':
			return codedProfile(col, col.dictionary);
		case 'boolean':
			return codedProfile(col, BOOLEAN_DICTIONARY);
		case 'text': {
			const counts = new Map<string, number>();
			let missing = 0;
			for (const v of col.values) {
				if (v === null) missing++;
				else counts.set(v, (counts.get(v) ?? 0) + 1);
			}
			return {
				name: col.name,
				kind: col.kind,
				count: col.values.length - missing,
				missing,
				distinct: counts.size,
				top: topValues(counts)
			};
		}
	}
}

export function profileFrame(frame: Frame): FrameProfile {
	const profiles = frame.columns.map(profileColumn);
	let missingCells = 0;
	for (const p of profiles) missingCells += p.missing;
	return {
		rows: frame.rowCount,
		columns: frame.columns.length,
		missingCells,
		memoryBytes: frameBytes(frame),
		duplicateRows: countDuplicateRows(frame),
		profiles
	};
}

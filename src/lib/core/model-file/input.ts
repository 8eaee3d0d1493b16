import type { Column, ColumnKind, Frame } from '../frame/types';
import { createRandom } from '../util/random';

/**
 * What a model expects on its way in: the raw columns its recipe starts from (the table as
 * the user gives it, before any fitted step) and reference statistics of the training rows
 * they came with. Batch scoring checks rows against it, the predictor page builds its form
 * from it, and drift checks compare new data with its reference.
 */
export interface ModelInput {
	readonly columns: readonly InputColumn[];
	/** The target as it was in the training table (not an input: scoring never needs it). */
	readonly target: { readonly name: string; readonly kind: ColumnKind } | null;
	/** Training rows the reference describes. */
	readonly rows: number;
	/** Row count of the joint reference sample (the same rows in every column's `sample`). */
	readonly sampleRows: number;
}

export interface InputColumn {
	readonly name: string;
	readonly kind: ColumnKind;
	/** Scoring fails without this column (found by replaying the recipe without it). */
	readonly required: boolean;
	/** Category levels seen in training, most frequent first (at most MAX_LEVELS). */
	readonly levels?: readonly string[];
	/** More levels were seen than `levels` lists. */
	readonly levelsTruncated?: boolean;
	/** Smallest and largest training value (numbers, dates as epoch ms). */
	readonly range?: readonly [number, number];
	readonly reference: ColumnReference;
}

/** Per-column reference statistics of the training rows (for drift checks and hints). */
export type ColumnReference =
	| {
			readonly kind: 'number' | 'date';
			readonly count: number;
			readonly missing: number;
			readonly mean: number;
			readonly std: number;
			/** The 0, 5, 10, … 100 % quantiles (21 values, linear interpolation as numpy's default). */
			readonly quantiles: readonly number[];
			/** Equal-width bins over [min, max]: edges (bins + 1) and counts. */
			readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
			/** The reference sample's values (NaN = missing). */
			readonly sample: readonly number[];
	  }
	| {
			readonly kind: 'category' | 'boolean';
			readonly count: number;
			readonly missing: number;
			/** Count per level, in the order of `InputColumn.levels` (booleans: false, true). */
			readonly counts: readonly number[];
			/** Rows whose level is beyond the listed ones. */
			readonly other: number;
			/** The reference sample as indexes into the levels (-1 = missing, -2 = an unlisted level). */
			readonly sample: readonly number[];
	  }
	| {
			readonly kind: 'text';
			readonly count: number;
			readonly missing: number;
			/** Mean and largest length in characters. */
			readonly meanLength: number;
			readonly maxLength: number;
	  };

/** Levels listed per category column; an id-like column with more keeps only the most frequent. */
export const MAX_LEVELS = 10_000;
/** Rows in the joint reference sample (Evidently switches tests at 1,000 reference rows). */
export const REFERENCE_SAMPLE_ROWS = 1_000;
const HISTOGRAM_BINS = 20;
const QUANTILES = Array.from({ length: 21 }, (_, i) => i / 20);

/** Quantile q of sorted values, interpolating linearly between order statistics (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
	if (sorted.length === 0) return NaN;
	const at = q * (sorted.length - 1);
	const lo = Math.floor(at);
	const hi = Math.min(lo + 1, sorted.length - 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** A seeded sample of up to `n` of `rows`, in row order (the same every time for the same rows). */
function sampleRows(rows: Uint32Array, n: number, seed: number): Uint32Array {
	if (rows.length <= n) return rows;
	const random = createRandom(seed);
	const picked = new Uint32Array(rows);
	// Partial Fisher–Yates: the first n slots become a uniform sample without replacement.
	for (let i = 0; i < n; i++) {
		const j = i + Math.floor(random() * (picked.length - i));
		const t = picked[i];
		picked[i] = picked[j];
		picked[j] = t;
	}
	return picked.subarray(0, n).sort();
}

function numericReference(values: Float64Array, rows: Uint32Array, sample: Uint32Array, kind: 'number' | 'date') {
	// Typed arrays throughout: a million training rows is a normal model, and this runs per model.
	const buffer = new Float64Array(rows.length);
	let count = 0;
	for (let i = 0; i < rows.length; i++) {
		const v = values[rows[i]];
		if (v === v) buffer[count++] = v;
	}
	const sorted = buffer.subarray(0, count).sort();
	let mean = 0;
	for (const v of sorted) mean += v;
	mean = count ? mean / count : NaN;
	let ss = 0;
	for (const v of sorted) ss += (v - mean) * (v - mean);
	const std = count > 1 ? Math.sqrt(ss / (count - 1)) : count === 1 ? 0 : NaN;
	const min = count ? sorted[0] : NaN;
	const max = count ? sorted[count - 1] : NaN;
	const bins = count ? HISTOGRAM_BINS : 0;
	const width = (max - min) / (bins || 1);
	const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
	const counts = new Array<number>(bins).fill(0);
	if (bins) for (const v of sorted) counts[width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0]++;
	return {
		reference: {
			kind,
			count,
			missing: rows.length - count,
			mean,
			std,
			quantiles: QUANTILES.map((q) => quantileSorted(sorted, q)),
			histogram: { edges, counts },
			sample: Array.from(sample, (r) => values[r])
		} satisfies ColumnReference,
		range: count ? ([min, max] as const) : undefined
	};
}

function levelReference(col: Column & { codes: Int32Array }, dictionary: readonly string[], rows: Uint32Array, sample: Uint32Array) {
	const byCode = new Array<number>(dictionary.length).fill(0);
	let missing = 0;
	for (const r of rows) {
		const c = col.codes[r];
		if (c < 0) missing++;
		else byCode[c]++;
	}
	// Booleans keep their fixed order; categories list the levels seen, most frequent first.
	const order =
		col.kind === 'boolean'
			? [0, 1]
			: byCode
					.map((n, code) => ({ n, code }))
					.filter((e) => e.n > 0)
					.sort((a, b) => b.n - a.n || (dictionary[a.code] < dictionary[b.code] ? -1 : 1))
					.map((e) => e.code);
	const listed = order.slice(0, MAX_LEVELS);
	const position = new Int32Array(dictionary.length).fill(-2);
	listed.forEach((code, i) => (position[code] = i));
	const counts = listed.map((code) => byCode[code]);
	const other = rows.length - missing - counts.reduce((a, b) => a + b, 0);
	return {
		levels: listed.map((code) => dictionary[code]),
		truncated: order.length > listed.length,
		reference: {
			kind: col.kind as 'category' | 'boolean',
			count: rows.length - missing,
			missing,
			counts,
			other,
			sample: Array.from(sample, (r) => (col.codes[r] < 0 ? -1 : position[col.codes[r]]))
		} satisfies ColumnReference
	};
}

function textReference(values: readonly (string | null)[], rows: Uint32Array): ColumnReference {
	let count = 0;
	let total = 0;
	let maxLength = 0;
	for (const r of rows) {
		const v = values[r];
		if (v === null) continue;
		count++;
		total += v.length;
		if (v.length > maxLength) maxLength = v.length;
	}
	return { kind: 'text', count, missing: rows.length - count, meanLength: count ? total / count : 0, maxLength };
}

/**
 * Describe the raw table a model's recipe starts from, over its training rows. `required`
 * names the columns scoring cannot do without; the target is described apart.
 */
export function describeInput(frame: Frame, rows: Uint32Array, target: string | null, required: ReadonlySet<string>): ModelInput {
	const sample = sampleRows(rows, REFERENCE_SAMPLE_ROWS, 0x7e55e7a);
	const columns: InputColumn[] = [];
	let targetInfo: ModelInput['target'] = null;
	for (const col of frame.columns) {
		if (col.name === target) {
			targetInfo = { name: col.name, kind: col.kind };
			continue;
		}
		const base = { name: col.name, kind: col.kind, required: required.has(col.name) };
		if (col.kind === 'number' || col.kind === 'date') {
			const { reference, range } = numericReference(col.values, rows, sample, col.kind);
			columns.push({ ...base, ...(range ? { range } : {}), reference });
		} else if (col.kind === 'category' || col.kind === 'boolean') {
			const dictionary = col.kind === 'boolean' ? ['false', 'true'] : col.dictionary;
			const { levels, truncated, reference } = levelReference(col, dictionary, rows, sample);
			columns.push({ ...base, levels, ...(truncated ? { levelsTruncated: true } : {}), reference });
		} else columns.push({ ...base, reference: textReference(col.values, rows) });
	}
	return { columns, target: targetInfo, rows: rows.length, sampleRows: sample.length };
}

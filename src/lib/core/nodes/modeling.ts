import type { Column, Frame } from '../frame/types';
import type { Matrix } from '../ml/matrix';
import { requireColumn } from './columns';
import { inferTask } from './task-inference';
import type { DatasetValue, ModelValue, Task } from './ports';

/** The feature columns a model learns from: chosen ones, or every number/boolean column but the target. */
export function resolveFeatures(data: DatasetValue, chosen: readonly string[]): string[] {
	const names = chosen.length
		? [...chosen]
		: data.frame.columns.filter((c) => (c.kind === 'number' || c.kind === 'boolean') && c.name !== data.target).map((c) => c.name);
	for (const name of names) {
		const col = requireColumn(data.frame, name);
		if (col.kind !== 'number' && col.kind !== 'boolean')
			throw new Error(`feature "${name}" is ${col.kind}: encode it first (add a One-hot encode node before the model)`);
	}
	if (names.length === 0)
		throw new Error('there are no number columns to learn from: add One-hot encode for category columns before the model');
	return names;
}

export interface FeatureEncoding {
	/** Category features read as codes into these labels (unseen or missing: NaN). */
	readonly levels?: Readonly<Record<string, readonly string[]>>;
	/** Keep missing values as NaN (models that handle them natively) instead of refusing them. */
	readonly allowMissing?: boolean;
}

/** Rows a block of featureMatrix fills column by column: its rows (20 features × 512 × 8 bytes) stay in cache. */
const FILL_BLOCK = 512;

/** One feature's source: its values by row (NaN where missing), read in featureMatrix's inner loop. */
type FeatureSource = { readonly name: string } & (
	| { readonly kind: 'values'; readonly values: Float64Array }
	| { readonly kind: 'codes'; readonly codes: Int32Array; readonly remap: Float64Array | null }
);

/**
 * Rows × features, row-major. A missing value is an error that names its column, unless allowed.
 * `alloc` gives the storage (the compute pool's shared memory, so its threads read the matrix
 * where it was built). Filled in blocks of rows, each block column by column: every read is a
 * run of one column and every write lands in the block's few cache lines.
 */
export function featureMatrix(
	frame: Frame,
	features: readonly string[],
	rows: Uint32Array,
	encoding: FeatureEncoding = {},
	alloc: (length: number) => Float64Array = (length) => new Float64Array(length)
): Matrix {
	const p = features.length;
	const n = rows.length;
	const data = alloc(n * p);
	const sources: FeatureSource[] = features.map((name) => {
		const col = requireColumn(frame, name);
		const labels = encoding.levels?.[name];
		if (labels) {
			if (col.kind !== 'category') throw new Error(`feature "${name}" was a category when the model was trained; here it is ${col.kind}`);
			// Map this frame's codes to the model's label order once, then per row.
			const index = new Map(labels.map((l, i) => [l, i]));
			return { name, kind: 'codes', codes: col.codes, remap: Float64Array.from(col.dictionary, (l) => index.get(l) ?? NaN) };
		}
		if (col.kind === 'number') return { name, kind: 'values', values: col.values };
		if (col.kind === 'boolean') return { name, kind: 'codes', codes: col.codes, remap: null };
		throw new Error(`feature "${name}" is ${col.kind}: encode it first (add a One-hot encode node before the model)`);
	});
	const missing = new Float64Array(p);
	for (let from = 0; from < n; from += FILL_BLOCK) {
		const to = Math.min(n, from + FILL_BLOCK);
		for (let j = 0; j < p; j++) {
			const src = sources[j];
			let gaps = 0;
			// One loop per kind, so the per-cell work is a read and a store (this runs on every model fit).
			if (src.kind === 'values') {
				const values = src.values;
				for (let i = from, at = from * p + j; i < to; i++, at += p) {
					const v = values[rows[i]];
					if (v !== v) gaps++;
					data[at] = v;
				}
			} else {
				const { codes, remap } = src;
				for (let i = from, at = from * p + j; i < to; i++, at += p) {
					const c = codes[rows[i]];
					if (c < 0) gaps++;
					data[at] = c < 0 ? NaN : remap ? remap[c] : c;
				}
			}
			missing[j] += gaps;
		}
	}
	if (!encoding.allowMissing)
		for (let j = 0; j < p; j++) {
			// Category codes read through levels are NaN where unseen: allowed only with allowMissing, as before.
			const m = missing[j];
			if (m && !encoding.levels?.[sources[j].name])
				throw new Error(
					`feature "${sources[j].name}" has ${m} missing value${m > 1 ? 's' : ''}: add a Missing values node before the model`
				);
		}
	return { rows: n, cols: p, data };
}

/**
 * Each feature's values over the whole frame, NaN where missing: a number column's own array
 * (no copy), a boolean column's codes as numbers. For fits that read a feature at a time
 * through a row list, where building a row-major matrix would cost more than the fit.
 */
export function featureValues(frame: Frame, features: readonly string[]): Float64Array[] {
	return features.map((name) => {
		const col = requireColumn(frame, name);
		if (col.kind === 'number') return col.values;
		if (col.kind === 'boolean') return Float64Array.from(col.codes, (c) => (c < 0 ? NaN : c));
		throw new Error(`feature "${name}" is ${col.kind}: encode it first (add a One-hot encode node before the model)`);
	});
}

/** The matrix a trained model reads for these rows (its category levels, its missing-value rule). */
export function modelMatrix(model: ModelValue, frame: Frame, rows: Uint32Array): Matrix {
	return featureMatrix(frame, model.features, rows, { levels: model.levels, allowMissing: model.nativeMissing });
}

/**
 * The target a supervised model learns and the task it learns it as: the Task param
 * ('auto' asks inferTask: a 0/1 number target is classification), checked against what the column can be.
 */
export function supervisedTask(data: DatasetValue, taskParam: unknown): { target: string; task: Task } {
	if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
	const col = requireColumn(data.frame, data.target);
	const task: Task =
		taskParam === 'classification' || taskParam === 'regression'
			? taskParam
			: col.kind === 'date'
				? 'classification' // refused just below, with the message that says why
				: inferTask(col).task;
	if (task === 'regression' && col.kind !== 'number')
		throw new Error(`target "${data.target}" is ${col.kind}; regression needs a number target (or set Task to classification)`);
	if (task === 'classification' && (col.kind === 'date' || col.kind === 'text'))
		throw new Error(`target "${data.target}" is ${col.kind}; classification needs a category, boolean or whole-number target`);
	return { target: data.target, task };
}

/** Most classes a number column may hold when it is used as a classification target. */
export const MAX_NUMERIC_CLASSES = 100;

/** A row's class label: categories and booleans by name, numbers (e.g. a 0/1 churn flag) by value. */
function labelOf(col: Column, row: number): string | null {
	if (col.kind === 'category') return col.codes[row] < 0 ? null : col.dictionary[col.codes[row]];
	if (col.kind === 'boolean') return col.codes[row] < 0 ? null : col.codes[row] === 1 ? 'true' : 'false';
	if (col.kind === 'number') return Number.isNaN(col.values[row]) ? null : String(col.values[row]);
	return null;
}

/** Sorted as scikit-learn's LabelEncoder: numerically for number labels, else by string. */
function sortLabels(labels: string[], numeric: boolean): string[] {
	return numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort();
}

/** Rows among `rows` whose target is present. */
export function labelledRows(frame: Frame, target: string, rows: Uint32Array): Uint32Array {
	const col = requireColumn(frame, target);
	// Plain loops, not a filter callback: this runs over every training row of every fit.
	const keep = new Uint32Array(rows.length);
	let k = 0;
	if (col.kind === 'number') {
		const values = col.values;
		for (let i = 0; i < rows.length; i++) {
			const r = rows[i];
			if (values[r] === values[r]) keep[k++] = r;
		}
	} else for (let i = 0; i < rows.length; i++) if (labelOf(col, rows[i]) !== null) keep[k++] = rows[i];
	return k === rows.length ? keep : keep.slice(0, k);
}

/** Class codes against a fixed label list (labels not in the list map to -1). */
export function classCodes(frame: Frame, target: string, rows: Uint32Array, classes: readonly string[]): Int32Array {
	const col = requireColumn(frame, target);
	const index = new Map(classes.map((c, i) => [c, i]));
	if (col.kind === 'category') {
		// Map the column's dictionary once, then each row is an array read.
		const remap = Int32Array.from(col.dictionary, (label) => index.get(label) ?? -1);
		const codes = col.codes;
		const out = new Int32Array(rows.length);
		for (let i = 0; i < rows.length; i++) {
			const c = codes[rows[i]];
			out[i] = c < 0 ? -1 : remap[c];
		}
		return out;
	}
	if (col.kind === 'number') {
		// A number's label is String(value): look the value up directly (only labels that are such strings can match).
		const byValue = new Map<number, number>();
		classes.forEach((c, i) => {
			if (String(Number(c)) === c) byValue.set(Number(c), i);
		});
		const values = col.values;
		const out = new Int32Array(rows.length);
		for (let i = 0; i < rows.length; i++) {
			const v = values[rows[i]];
			out[i] = v === v ? (byValue.get(v) ?? -1) : -1;
		}
		return out;
	}
	return Int32Array.from(rows, (r) => index.get(labelOf(col, r) ?? '') ?? -1);
}

/** The classes present in these rows, in sorted order (as scikit-learn's LabelEncoder). */
export function classesIn(frame: Frame, target: string, rows: Uint32Array): string[] {
	const col = requireColumn(frame, target);
	const seen = new Set<string>();
	if (col.kind === 'number') {
		// Distinct values first, their labels after: one String() per class, not per row.
		const values = new Set<number>();
		for (let i = 0; i < rows.length; i++) {
			const v = col.values[rows[i]];
			if (v === v) values.add(v);
		}
		for (const v of values) seen.add(String(v));
	} else
		for (const r of rows) {
			const l = labelOf(col, r);
			if (l !== null) seen.add(l);
		}
	if (col.kind === 'number' && seen.size > MAX_NUMERIC_CLASSES)
		throw new Error(
			`target "${target}" has ${seen.size} distinct numbers; as classes it may have at most ${MAX_NUMERIC_CLASSES} — choose regression for a continuous target`
		);
	if (col.kind === 'text') throw new Error(`target "${target}" is text; convert it to a category first`);
	return sortLabels([...seen], col.kind === 'number');
}

export function targetValues(frame: Frame, target: string, rows: Uint32Array): Float64Array {
	const col = requireColumn(frame, target);
	if (col.kind !== 'number') throw new Error(`target "${target}" is ${col.kind}; regression needs a number target`);
	const values = col.values;
	const out = new Float64Array(rows.length);
	for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
	return out;
}

/** What a model says about some rows. */
export interface Prediction {
	/** Class codes into model.classes (classification). */
	readonly codes?: Int32Array;
	/** rows × classes, row-major (classification). */
	readonly proba?: Float64Array;
	/** Predicted values (regression). */
	readonly values?: Float64Array;
}

export type Predictor = (model: ModelValue, X: Matrix) => Promise<Prediction>;

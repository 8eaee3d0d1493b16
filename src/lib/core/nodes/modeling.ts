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

/** Rows × features, row-major. A missing value is an error that names its column, unless allowed. */
export function featureMatrix(frame: Frame, features: readonly string[], rows: Uint32Array, encoding: FeatureEncoding = {}): Matrix {
	const p = features.length;
	const data = new Float64Array(rows.length * p);
	features.forEach((name, j) => {
		const col = requireColumn(frame, name);
		const labels = encoding.levels?.[name];
		let missing = 0;
		if (labels) {
			if (col.kind !== 'category') throw new Error(`feature "${name}" was a category when the model was trained; here it is ${col.kind}`);
			// Map this frame's codes to the model's label order once, then per row.
			const index = new Map(labels.map((l, i) => [l, i]));
			const remap = Float64Array.from(col.dictionary, (l) => index.get(l) ?? NaN);
			for (let i = 0; i < rows.length; i++) {
				const c = col.codes[rows[i]];
				data[i * p + j] = c < 0 ? NaN : remap[c];
			}
			return;
		}
		// One loop per kind, so the per-cell work is a read and a store (this runs on every model fit).
		if (col.kind === 'number') {
			const values = col.values;
			for (let i = 0, at = j; i < rows.length; i++, at += p) {
				const v = values[rows[i]];
				if (v !== v) missing++;
				data[at] = v;
			}
		} else if (col.kind === 'boolean') {
			const codes = col.codes;
			for (let i = 0, at = j; i < rows.length; i++, at += p) {
				const c = codes[rows[i]];
				if (c < 0) missing++;
				data[at] = c < 0 ? NaN : c;
			}
		} else throw new Error(`feature "${name}" is ${col.kind}: encode it first (add a One-hot encode node before the model)`);
		if (missing && !encoding.allowMissing)
			throw new Error(
				`feature "${name}" has ${missing} missing value${missing > 1 ? 's' : ''}: add a Missing values node before the model`
			);
	});
	return { rows: rows.length, cols: p, data };
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
	if (col.kind === 'number') {
		// A loop, not a filter callback: this runs on every fit, over every training row.
		const values = col.values;
		const out = new Uint32Array(rows.length);
		let kept = 0;
		for (let i = 0; i < rows.length; i++) {
			const r = rows[i];
			if (values[r] === values[r]) out[kept++] = r;
		}
		return kept === rows.length ? out : out.slice(0, kept);
	}
	return rows.filter((r) => labelOf(col, r) !== null);
}

/** Class codes against a fixed label list (labels not in the list map to -1). */
export function classCodes(frame: Frame, target: string, rows: Uint32Array, classes: readonly string[]): Int32Array {
	const col = requireColumn(frame, target);
	const index = new Map(classes.map((c, i) => [c, i]));
	if (col.kind === 'category') {
		// Map the column's dictionary once, then each row is an array read.
		const remap = Int32Array.from(col.dictionary, (label) => index.get(label) ?? -1);
		const codes = col.codes;
		return Int32Array.from(rows, (r) => (codes[r] < 0 ? -1 : remap[codes[r]]));
	}
	if (col.kind === 'number') {
		// By value, not by String(value) per row; only labels that are a number's own spelling match.
		const byValue = new Map<number, number>();
		classes.forEach((label, i) => {
			const v = Number(label);
			if (label !== '' && String(v) === label && !byValue.has(v)) byValue.set(v, i);
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
		// Distinct values first, spelled once each (labelOf's String(value) per row is most of the cost).
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
	return Float64Array.from(rows, (r) => col.values[r]);
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

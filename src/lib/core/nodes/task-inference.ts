/**
 * Which task a target column asks for, and why, in words an analyst can check.
 *
 * The rule (the one place it lives: Split's stratification, model nodes' Task 'auto',
 * Quick model and the CLI's train/cv/tune all ask here):
 * - a category, boolean or text column → classification;
 * - a number column whose present values are all whole numbers and that holds either exactly
 *   2 distinct values (a 0/1 flag), or at most 20 distinct values that are also at most a fifth
 *   of its present values (each class has 5 rows on average) → classification;
 * - any other number column → regression.
 *
 * Anchors: AutoGluon (`infer_problem_type`) calls integer targets with 2 values binary, and
 * integer targets multiclass while their distinct values stay under 5–10% of the rows;
 * PyCaret and this app's Split used a plain "≤ 20 distinct" bound. A flat ratio alone would
 * make a 1–5 rating on 40 rows regression and a 300-value count on 100 000 rows
 * classification; the cap of 20 keeps counts and years regression, and the 1-in-5 share keeps
 * a tiny table of codes (20 rows, 15 values) regression as AutoGluon would.
 */
import type { Column } from '../frame/types';
import type { Task } from './ports';

export interface TaskInference {
	readonly task: Task;
	/** Why, e.g. "2 distinct whole numbers → classification". */
	readonly reason: string;
}

/** At most this many distinct whole numbers make a number column's classes. */
export const MAX_INFERRED_CLASSES = 20;
/** …and at least this many present values per distinct value, on average. */
export const MIN_ROWS_PER_CLASS = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The task a target column implies, with the reason. `rows` limits the look to those rows
 * (e.g. the training rows); without it every row counts. A date column is no target: it throws.
 */
export function inferTask(column: Column, rows?: ArrayLike<number>): TaskInference {
	if (column.kind === 'category' || column.kind === 'boolean' || column.kind === 'text')
		return { task: 'classification', reason: `a ${column.kind} column → classification` };
	if (column.kind !== 'number')
		throw new Error(`target "${column.name}" is a ${column.kind} column; choose a number, category, boolean or text column`);
	const values = column.values;
	const n = rows ? rows.length : values.length;
	const distinct = new Set<number>();
	let present = 0,
		fractional = 0;
	for (let i = 0; i < n; i++) {
		const v = values[rows ? rows[i] : i];
		if (Number.isNaN(v)) continue;
		present++;
		if (!Number.isInteger(v)) fractional++;
		distinct.add(v);
	}
	const d = distinct.size;
	if (present === 0) return { task: 'regression', reason: 'no values present → regression' };
	if (fractional > 0)
		return { task: 'regression', reason: `${plural(d, 'distinct number')}, ${fractional.toLocaleString('en-US')} not whole → regression` };
	const few = d === 2 || (d <= MAX_INFERRED_CLASSES && d * MIN_ROWS_PER_CLASS <= present);
	if (few) return { task: 'classification', reason: `${plural(d, 'distinct whole number')} → classification` };
	const why = d > MAX_INFERRED_CLASSES ? `more than ${MAX_INFERRED_CLASSES}` : `fewer than ${MIN_ROWS_PER_CLASS} rows each`;
	return { task: 'regression', reason: `${plural(d, 'distinct whole number')} (${why}) → regression` };
}

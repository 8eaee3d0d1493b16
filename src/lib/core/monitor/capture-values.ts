/**
 * A capture's dictionary-coded cell columns read as the drift tests and the prediction mix
 * want them: numbers (dates as epoch ms), category labels (booleans as the reference writes
 * them), for any subset of rows.
 */
import type { ColumnKind } from '../frame/types';
import type { CellColumn } from './capture';
import type { DriftValues } from './drift';

/** Numbers of a cell column's dictionary (NaN where a text is not a number); dates as epoch ms. */
function dictionaryNumbers(col: CellColumn, kind: 'number' | 'date'): Float64Array {
	const out = new Float64Array(col.dictionary.length);
	col.dictionary.forEach((s, i) => {
		const t = s.trim();
		const n = t === '' ? NaN : Number(t);
		out[i] = kind === 'date' && !Number.isFinite(n) ? Date.parse(t) : n;
	});
	return out;
}

const TRUE = new Set(['true', '1', 'yes', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'f', 'n']);

/** Category labels of a dictionary (booleans as the reference writes them: 'false' / 'true'). */
function dictionaryLabels(col: CellColumn, kind: ColumnKind): (string | null)[] {
	if (kind !== 'boolean') return col.dictionary.map((s) => s);
	return col.dictionary.map((s) => {
		const t = s.trim().toLowerCase();
		return TRUE.has(t) ? 'true' : FALSE.has(t) ? 'false' : s;
	});
}

/** A column's values in some rows, as drift values of the reference's kind. */
export type ValuesOf = (rows: Int32Array) => DriftValues;

export function valuesOf(col: CellColumn, kind: ColumnKind, reference: DriftValues): ValuesOf {
	const codes = col.codes;
	if (reference.kind === 'number') {
		const nums = dictionaryNumbers(col, kind === 'date' ? 'date' : 'number');
		return (rows) => {
			const out = new Float64Array(rows.length);
			for (let i = 0; i < rows.length; i++) {
				const c = codes[rows[i]];
				out[i] = c < 0 ? NaN : nums[c];
			}
			return { kind: 'number', values: out };
		};
	}
	const labels = dictionaryLabels(col, kind);
	return (rows) => ({ kind: 'category', values: Array.from(rows, (r) => (codes[r] < 0 ? null : labels[codes[r]])) });
}

export function nonMissing(v: DriftValues): number {
	let n = 0;
	if (v.kind === 'number') {
		for (const x of v.values) if (!Number.isNaN(x)) n++;
	} else for (const x of v.values) if (x !== null) n++;
	return n;
}

/** Whether predictions are numbers (a regression) when no model says. */
export function looksNumeric(col: CellColumn): boolean {
	if (col.dictionary.length <= 20) return false;
	return col.dictionary.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
}

/**
 * A Frame column from JavaScript values, for the typed formats (Parquet, Arrow) whose
 * readers hand out numbers, bigints, booleans, Dates and strings rather than cell text.
 * The file's types are kept: strings stay categories or text, never re-read as numbers.
 */
import { categoryOrText } from './infer';
import { cellsOfStrings } from './raw-cells';
import type { Column } from './types';

/** 'category' forces a category (an Arrow dictionary); 'date' reads numbers as epoch ms. */
export type ValueHint = 'category' | 'date' | null;

/** JSON text of a nested value; bigints (64-bit integers) as their digits. */
export function nestedText(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
}

function sortedCategory(name: string, values: readonly unknown[]): Column {
	const labels = [...new Set(values.filter((v): v is string => typeof v === 'string'))];
	labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const code = new Map(labels.map((label, i) => [label, i]));
	const codes = Int32Array.from(values, (v) => (typeof v === 'string' ? (code.get(v) as number) : -1));
	return { kind: 'category', name, codes, dictionary: labels };
}

export function columnFromValues(name: string, values: readonly unknown[], hint: ValueHint = null): Column {
	let numbers = 0;
	let dates = 0;
	let booleans = 0;
	let strings = 0;
	let present = 0;
	for (const v of values) {
		if (v === null || v === undefined) continue;
		present++;
		if (typeof v === 'number' || typeof v === 'bigint') numbers++;
		else if (v instanceof Date) dates++;
		else if (typeof v === 'boolean') booleans++;
		else if (typeof v === 'string') strings++;
	}
	const n = values.length;
	if (present > 0 && (dates === present || (hint === 'date' && numbers + dates === present))) {
		const out = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			const v = values[i];
			out[i] = v instanceof Date ? v.getTime() : typeof v === 'number' || typeof v === 'bigint' ? Number(v) : NaN;
		}
		return { kind: 'date', name, values: out };
	}
	if (numbers === present && present > 0) {
		const out = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			const v = values[i];
			out[i] = typeof v === 'number' || typeof v === 'bigint' ? Number(v) : NaN;
		}
		return { kind: 'number', name, values: out };
	}
	if (booleans === present && present > 0) {
		return { kind: 'boolean', name, codes: Int32Array.from(values, (v) => (v === true ? 1 : v === false ? 0 : -1)) };
	}
	if (strings === present && hint === 'category') return sortedCategory(name, values);
	if (strings === present) {
		// null cells read as '' so that inference treats them as missing
		return categoryOrText(name, cellsOfStrings(values.map((v) => (typeof v === 'string' ? v : ''))));
	}
	const text = values.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : nestedText(v)));
	return { kind: 'text', name, values: text };
}

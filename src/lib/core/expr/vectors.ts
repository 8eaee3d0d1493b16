/**
 * Column-wise values while an expression runs. Numbers and dates are Float64Array with
 * NaN as missing; booleans Int8Array with -1 as missing; text (and categories) codes
 * into a dictionary with -1 as missing, so string functions run once per distinct
 * value rather than once per row. The dictionary may repeat a string.
 */
import type { Column } from '../frame/types';
import type { ValueType } from './types';

export type Vec =
	| { readonly t: 'number' | 'date'; readonly v: Float64Array }
	| { readonly t: 'boolean'; readonly v: Int8Array }
	| { readonly t: 'string'; readonly codes: Int32Array; readonly dict: readonly string[] }
	| { readonly t: 'null' };
export type StrVec = Extract<Vec, { t: 'string' }>;

export function asNumbers(vec: Vec, n: number): Float64Array {
	if (vec.t === 'number' || vec.t === 'date') return vec.v;
	if (vec.t === 'null') return new Float64Array(n).fill(NaN);
	throw new Error(`internal: expected numbers, got ${vec.t}`);
}

export function asBooleans(vec: Vec, n: number): Int8Array {
	if (vec.t === 'boolean') return vec.v;
	if (vec.t === 'null') return new Int8Array(n).fill(-1);
	throw new Error(`internal: expected booleans, got ${vec.t}`);
}

export function asStrings(vec: Vec, n: number): StrVec {
	if (vec.t === 'string') return vec;
	if (vec.t === 'null') return { t: 'string', codes: new Int32Array(n).fill(-1), dict: [] };
	throw new Error(`internal: expected text, got ${vec.t}`);
}

export function constant(value: number | string | boolean | null, t: ValueType, n: number): Vec {
	if (value === null) return { t: 'null' };
	if (typeof value === 'string') return { t: 'string', codes: new Int32Array(n), dict: [value] };
	if (typeof value === 'boolean') return { t: 'boolean', v: new Int8Array(n).fill(value ? 1 : 0) };
	return { t: t === 'date' ? 'date' : 'number', v: new Float64Array(n).fill(value) };
}

/** Encode strings (null = missing) as codes into a dictionary of their distinct values. */
export function encodeStrings(values: readonly (string | null)[]): StrVec {
	const index = new Map<string, number>();
	const dict: string[] = [];
	const codes = new Int32Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const s = values[i];
		if (s === null) {
			codes[i] = -1;
			continue;
		}
		let c = index.get(s);
		if (c === undefined) {
			c = dict.length;
			index.set(s, c);
			dict.push(s);
		}
		codes[i] = c;
	}
	return { t: 'string', codes, dict };
}

export function fromColumn(col: Column): Vec {
	switch (col.kind) {
		case 'number':
		case 'date':
			return { t: col.kind, v: col.values };
		case 'boolean':
			return { t: 'boolean', v: Int8Array.from(col.codes) };
		case 'category':
			return { t: 'string', codes: col.codes, dict: col.dictionary };
		case 'text':
			return encodeStrings(col.values);
	}
}

/** A frame column of the result's kind. Categories get a sorted, duplicate-free dictionary, as the CSV reader makes. */
export function toColumn(name: string, vec: Vec, t: ValueType, n: number): Column {
	switch (t) {
		case 'number':
		case 'date':
		case 'null':
			return { kind: t === 'date' ? 'date' : 'number', name, values: Float64Array.from(asNumbers(vec, n)) };
		case 'boolean':
			return { kind: 'boolean', name, codes: Int32Array.from(asBooleans(vec, n)) };
		case 'text': {
			const s = asStrings(vec, n);
			return { kind: 'text', name, values: Array.from(s.codes, (c) => (c < 0 ? null : s.dict[c])) };
		}
		case 'category': {
			const s = asStrings(vec, n);
			const used = new Uint8Array(s.dict.length);
			for (const c of s.codes) if (c >= 0) used[c] = 1;
			const dictionary = [...new Set(s.dict.filter((_, i) => used[i]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
			const at = new Map(dictionary.map((d, i) => [d, i]));
			const remap = s.dict.map((d) => at.get(d) ?? -1);
			return { kind: 'category', name, codes: s.codes.map((c) => (c < 0 ? -1 : remap[c])), dictionary };
		}
	}
}

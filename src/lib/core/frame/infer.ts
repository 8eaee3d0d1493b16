/**
 * Type inference over a whole column of raw cell text. A kind is chosen only when every
 * non-missing cell fits it, tried in the order number → date → boolean; otherwise the
 * column is a category when few distinct values repeat, else text. Looking at every
 * cell (not a sample) means a stray 'abc' on row 900 000 cannot crash a later step.
 */
import { isMissingToken, parseBooleanToken, parseDateToken, parseNumberToken, trimCell } from './tokens';
import { cellsOfStrings, type RawCells } from './raw-cells';
import { parseDecimalCommaToken } from './decimal';
import type { Column } from './types';

/** A column with more distinct values than this is text, whatever the row count. */
export const MAX_CATEGORIES = 1000;
/** ... and so is one whose distinct values exceed this share of its non-missing cells. */
export const MAX_CATEGORY_SHARE = 0.5;
/** Below this many rows, any column with few enough distinct values is a category. */
export const SMALL_COLUMN_ROWS = 20;

type Parse = (s: string) => number;

/** Numbers, read from spans first so that a plain number never becomes a string. */
function parseNumbers(raw: RawCells): Float64Array | null {
	const out = new Float64Array(raw.length);
	for (let i = 0; i < raw.length; i++) {
		const v = raw.number(i);
		if (v === v) {
			out[i] = v;
			continue;
		}
		const s = trimCell(raw.get(i));
		if (isMissingToken(s)) {
			out[i] = NaN;
			continue;
		}
		const t = parseNumberToken(s);
		if (t !== t) return null;
		out[i] = t;
	}
	return out;
}

/**
 * Parses every cell with `parse` (NaN = does not fit). Returns null as soon as a
 * non-missing cell does not fit, so a failed guess costs little.
 */
function parseAll(raw: RawCells, parse: Parse): Float64Array | null {
	const out = new Float64Array(raw.length);
	for (let i = 0; i < raw.length; i++) {
		const s = trimCell(raw.get(i));
		if (isMissingToken(s)) {
			out[i] = NaN;
			continue;
		}
		const v = parse(s);
		if (v !== v) return null;
		out[i] = v;
	}
	return out;
}

function booleanCodes(raw: RawCells): Int32Array | null {
	const codes = new Int32Array(raw.length);
	for (let i = 0; i < raw.length; i++) {
		const s = trimCell(raw.get(i));
		if (isMissingToken(s)) {
			codes[i] = -1;
			continue;
		}
		const b = parseBooleanToken(s);
		if (b < 0) return null;
		codes[i] = b;
	}
	return codes;
}

/**
 * Codes in sorted dictionary order (plain `<`, not locale-aware), so the same values
 * get the same codes whatever the row order or the machine's locale.
 */
export function categoryOrText(name: string, raw: RawCells): Column {
	const n = raw.length;
	const provisional = new Int32Array(n);
	const seen = new Map<string, number>();
	const firstSeen: string[] = [];
	let nonMissing = 0;
	let tooMany = false;
	for (let i = 0; i < n; i++) {
		const s = raw.get(i);
		if (isMissingToken(trimCell(s))) {
			provisional[i] = -1;
			continue;
		}
		nonMissing++;
		let code = seen.get(s);
		if (code === undefined) {
			if (firstSeen.length >= MAX_CATEGORIES) {
				tooMany = true;
				break;
			}
			code = firstSeen.length;
			seen.set(s, code);
			firstSeen.push(s);
		}
		provisional[i] = code;
	}
	const distinct = firstSeen.length;
	const few = n < SMALL_COLUMN_ROWS || distinct <= MAX_CATEGORY_SHARE * nonMissing;
	if (tooMany || !few) {
		const values = new Array<string | null>(n);
		for (let i = 0; i < n; i++) {
			const s = raw.get(i);
			values[i] = isMissingToken(trimCell(s)) ? null : s;
		}
		return { kind: 'text', name, values };
	}
	const dictionary = firstSeen.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const remap = new Int32Array(distinct);
	for (let k = 0; k < distinct; k++) remap[seen.get(dictionary[k]) as number] = k;
	const codes = provisional;
	for (let i = 0; i < n; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
	return { kind: 'category', name, codes, dictionary };
}

export interface InferOptions {
	/** Also read '1,5' as 1.5 when the column is not numbers with a decimal point. */
	readonly decimalComma?: boolean;
}

/** `raw` is the column's cell text: an array, or the spans a CSV parse produced. */
export function inferColumn(name: string, cells: readonly string[] | RawCells, options: InferOptions = {}): Column {
	const raw = isCells(cells) ? cells : cellsOfStrings(cells);
	const numbers = parseNumbers(raw) ?? (options.decimalComma ? parseAll(raw, parseDecimalCommaToken) : null);
	if (numbers) return { kind: 'number', name, values: numbers };
	const dates = parseAll(raw, parseDateToken);
	if (dates) return { kind: 'date', name, values: dates };
	const booleans = booleanCodes(raw);
	if (booleans) return { kind: 'boolean', name, codes: booleans };
	return categoryOrText(name, raw);
}

function isCells(cells: readonly string[] | RawCells): cells is RawCells {
	return !Array.isArray(cells);
}

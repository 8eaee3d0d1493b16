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

/**
 * `inferColumn` for a column given as codes into its distinct cell texts, in order of first
 * appearance (the parallel CSV reader codes text columns on its threads). Every test inference
 * makes is a function of a cell's text, so it runs once per distinct text and gives what
 * `inferColumn` gives over the cells; only the category-or-text choice counts rows.
 */
export function inferCodedColumn(name: string, codes: Int32Array, distinct: readonly string[], options: InferOptions = {}): Column {
	const n = codes.length;
	const once = inferColumn(name, distinct, options);
	if (once.kind === 'number' || once.kind === 'date') {
		const values = new Float64Array(n);
		for (let i = 0; i < n; i++) values[i] = once.values[codes[i]];
		return { kind: once.kind, name, values };
	}
	if (once.kind === 'boolean') {
		const out = new Int32Array(n);
		for (let i = 0; i < n; i++) out[i] = once.codes[codes[i]];
		return { kind: 'boolean', name, codes: out };
	}
	// As categoryOrText: codes by first appearance of the non-missing texts, then sorted.
	const firstSeen: string[] = [];
	const provisional = new Int32Array(distinct.length);
	for (let d = 0; d < distinct.length; d++) {
		if (isMissingToken(trimCell(distinct[d]))) provisional[d] = -1;
		else provisional[d] = firstSeen.push(distinct[d]) - 1;
	}
	// Rows are counted only when some distinct text is a missing token: otherwise every row counts.
	let nonMissing = n;
	if (firstSeen.length < distinct.length) {
		nonMissing = 0;
		for (let i = 0; i < n; i++) if (provisional[codes[i]] >= 0) nonMissing++;
	}
	const count = firstSeen.length;
	const few = count <= MAX_CATEGORIES && (n < SMALL_COLUMN_ROWS || count <= MAX_CATEGORY_SHARE * nonMissing);
	if (!few) {
		const values = new Array<string | null>(n);
		for (let i = 0; i < n; i++) values[i] = provisional[codes[i]] < 0 ? null : distinct[codes[i]];
		return { kind: 'text', name, values };
	}
	const dictionary = firstSeen.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const rank = new Map(dictionary.map((s, k) => [s, k]));
	const remap = new Int32Array(distinct.length);
	for (let d = 0; d < distinct.length; d++) remap[d] = provisional[d] < 0 ? -1 : (rank.get(distinct[d]) as number);
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) out[i] = remap[codes[i]];
	return { kind: 'category', name, codes: out, dictionary };
}

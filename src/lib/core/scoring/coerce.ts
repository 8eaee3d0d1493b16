/**
 * Raw rows → the frame a model's recipe starts from, for batch scoring. Each column is built
 * with the kind the MODEL recorded for it (its `input` schema), never with a kind inferred from
 * the rows at hand: a chunk of new rows that happens to hold only numbers in a category column,
 * or a stray word in a number column, must not change how the other rows are read. A cell
 * that does not fit its column's kind is not guessed at: its row is marked with an error that
 * names the column and the value, and it is scored by nobody (the column is left missing
 * there so the rest of the frame stays well formed).
 *
 * Cells are read exactly as the importer reads them (frame/tokens.ts, frame/infer.ts): the
 * same missing tokens, number scanner, ISO dates and booleans, category labels untrimmed.
 */
import { parseDecimalCommaToken } from '../frame/decimal';
import { createFrame } from '../frame/frame';
import type { RawCells } from '../frame/raw-cells';
import { isMissingToken, parseBooleanToken, parseDateToken, parseNumberToken, trimCell } from '../frame/tokens';
import type { Column, ColumnKind, Frame } from '../frame/types';
import type { InputColumn, ModelInput } from '../model-file/input';
import { valueText } from './values';

/**
 * One column of a chunk as a reader hands it over: cell text (CSV, JSON: read as the importer
 * reads text) or typed values (Parquet, Arrow: numbers, bigints, booleans, Dates, strings).
 */
export type CellColumn =
	{ readonly kind: 'text'; readonly cells: RawCells } | { readonly kind: 'values'; readonly values: ArrayLike<unknown> };

/** A batch of raw rows: the file's column names and cells, in file order. */
export interface RawChunk {
	readonly names: readonly string[];
	readonly columns: readonly CellColumn[];
	readonly rowCount: number;
}

/** Why one row cannot be scored. `problem` is a short class of it, for summaries. */
export interface RowProblem {
	/** The input column at fault; null when the recipe or the model refused the row as a whole. */
	readonly column: string | null;
	readonly problem: string;
	/** The whole sentence, for the `error` column and messages. */
	readonly message: string;
}

export interface CoercedChunk {
	/** The model's input columns present in the file, with the model's kinds. */
	readonly frame: Frame;
	/** Per row: null, or the first problem found in it (columns in the model's order). */
	readonly problems: (RowProblem | null)[];
	/** Per input column with categories: rows whose label training never saw (scored as the encoder says, not errors). */
	readonly unseen: ReadonlyMap<string, number>;
}

export interface CoerceOptions {
	/** Read '1,5' as 1.5 in number columns (the importer's decimal-comma rule; see frame/decimal.ts). */
	readonly decimalComma?: boolean;
}

/** The problem of a required input column that the file does not have. */
export function missingColumnProblem(name: string): RowProblem {
	return { column: name, problem: 'column missing', message: `${name}: the column is missing from the file` };
}

/** Input columns the model needs that `names` lacks. */
export function missingRequiredColumns(input: ModelInput, names: readonly string[]): string[] {
	const have = new Set(names);
	return input.columns.filter((c) => c.required && !have.has(c.name)).map((c) => c.name);
}

/** Per kind a cell can fail: the short problem (summaries count by it) and what the message says a cell must be. */
const KIND_WORDS: Record<Exclude<ColumnKind, 'category' | 'text'>, { readonly problem: string; readonly expected: string }> = {
	number: { problem: 'not a number', expected: 'a number' },
	date: { problem: 'not a date', expected: 'a date (YYYY-MM-DD, optionally with a time)' },
	boolean: { problem: 'not a boolean', expected: 'a boolean (true/false or yes/no)' }
};

/** A value as the message quotes it: JSON-quoted, cut to a readable length. */
function quote(value: string): string {
	const cut = value.length > 60 ? `${value.slice(0, 57)}…` : value;
	return JSON.stringify(cut);
}

function misfit(column: string, kind: Exclude<ColumnKind, 'category' | 'text'>, shown: string): RowProblem {
	const { problem, expected } = KIND_WORDS[kind];
	return { column, problem, message: `${column}: ${shown} is not ${expected}` };
}

/** Cells of one column as text, whatever the reader gave (null/undefined = missing). */
interface TextView {
	readonly length: number;
	/** The cell's text; null when the value is missing by type (a null in Parquet, Arrow, JSON). */
	text(row: number): string | null;
	/** A plain number read without building a string (CSV spans), else NaN. */
	number(row: number): number;
}

function textView(col: CellColumn): TextView {
	if (col.kind === 'text') return { length: col.cells.length, text: (r) => col.cells.get(r), number: (r) => col.cells.number(r) };
	const values = col.values;
	return {
		length: values.length,
		text: (r) => (values[r] === null || values[r] === undefined ? null : valueText(values[r])),
		number: () => NaN
	};
}

type Report = (row: number, problem: RowProblem) => void;

function numberColumn(def: InputColumn, col: CellColumn, n: number, options: CoerceOptions, report: Report): Column {
	const out = new Float64Array(n);
	const view = textView(col);
	const typed = col.kind === 'values' ? col.values : null;
	for (let r = 0; r < n; r++) {
		const v = typed ? typed[r] : undefined;
		if (typeof v === 'number') {
			out[r] = v;
			continue;
		}
		if (typeof v === 'bigint') {
			out[r] = Number(v);
			continue;
		}
		// Strings (and CSV spans) as the importer reads a number column: span first, then trimmed text.
		const fast = view.number(r);
		if (fast === fast) {
			out[r] = fast;
			continue;
		}
		const raw = view.text(r);
		const s = raw === null ? '' : trimCell(raw);
		if (isMissingToken(s)) {
			out[r] = NaN;
			continue;
		}
		let x = typeof v === 'boolean' || v instanceof Date ? NaN : parseNumberToken(s);
		if (x !== x && options.decimalComma && typeof v !== 'boolean') x = parseDecimalCommaToken(s);
		if (x !== x) report(r, misfit(def.name, 'number', quote(raw ?? '')));
		out[r] = x;
	}
	return { kind: def.kind === 'date' ? 'date' : 'number', name: def.name, values: out };
}

function dateColumn(def: InputColumn, col: CellColumn, n: number, report: Report): Column {
	const out = new Float64Array(n);
	const view = textView(col);
	const typed = col.kind === 'values' ? col.values : null;
	for (let r = 0; r < n; r++) {
		const v = typed ? typed[r] : undefined;
		// Typed files hold dates as Dates or epoch numbers (the importer's 'date' hint).
		if (v instanceof Date) {
			out[r] = v.getTime();
			continue;
		}
		if (typeof v === 'number' || typeof v === 'bigint') {
			out[r] = Number(v);
			continue;
		}
		const raw = view.text(r);
		const s = raw === null ? '' : trimCell(raw);
		if (isMissingToken(s)) {
			out[r] = NaN;
			continue;
		}
		const t = typeof v === 'boolean' ? NaN : parseDateToken(s);
		if (t !== t) report(r, misfit(def.name, 'date', quote(raw ?? '')));
		out[r] = t;
	}
	return { kind: 'date', name: def.name, values: out };
}

function booleanColumn(def: InputColumn, col: CellColumn, n: number, report: Report): Column {
	const codes = new Int32Array(n);
	const view = textView(col);
	const typed = col.kind === 'values' ? col.values : null;
	for (let r = 0; r < n; r++) {
		const v = typed ? typed[r] : undefined;
		if (typeof v === 'boolean') {
			codes[r] = v ? 1 : 0;
			continue;
		}
		const raw = view.text(r);
		const s = raw === null ? '' : trimCell(raw);
		if (isMissingToken(s)) {
			codes[r] = -1;
			continue;
		}
		const b = typeof v === 'string' || typed === null ? parseBooleanToken(s) : -1;
		if (b < 0) report(r, misfit(def.name, 'boolean', quote(raw ?? '')));
		codes[r] = b;
	}
	return { kind: 'boolean', name: def.name, codes };
}

/**
 * Labels kept as written (the importer trims only to recognise a missing token), coded in
 * sorted order as the importer codes them. Encoders map labels, not codes, to what they
 * fitted, so a chunk's own dictionary is fine.
 */
function categoryColumn(def: InputColumn, col: CellColumn, n: number, unseen: Map<string, number>): Column {
	const view = textView(col);
	const provisional = new Int32Array(n);
	const seen = new Map<string, number>();
	const labels: string[] = [];
	for (let r = 0; r < n; r++) {
		const s = view.text(r);
		if (s === null || isMissingToken(trimCell(s))) {
			provisional[r] = -1;
			continue;
		}
		let code = seen.get(s);
		if (code === undefined) {
			code = labels.length;
			seen.set(s, code);
			labels.push(s);
		}
		provisional[r] = code;
	}
	const dictionary = labels.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const remap = new Int32Array(labels.length);
	dictionary.forEach((label, k) => (remap[seen.get(label)!] = k));
	for (let r = 0; r < n; r++) if (provisional[r] >= 0) provisional[r] = remap[provisional[r]];
	// Count labels training never saw (only when the model lists all of its levels).
	if (def.levels && !def.levelsTruncated) {
		const known = new Set(def.levels);
		const fresh = new Uint8Array(dictionary.length);
		dictionary.forEach((label, k) => (fresh[k] = known.has(label) ? 0 : 1));
		let count = 0;
		for (let r = 0; r < n; r++) if (provisional[r] >= 0 && fresh[provisional[r]]) count++;
		if (count) unseen.set(def.name, count);
	}
	return { kind: 'category', name: def.name, codes: provisional, dictionary };
}

function textColumn(def: InputColumn, col: CellColumn, n: number): Column {
	const view = textView(col);
	const values = new Array<string | null>(n);
	for (let r = 0; r < n; r++) {
		const s = view.text(r);
		values[r] = s === null || isMissingToken(trimCell(s)) ? null : s;
	}
	return { kind: 'text', name: def.name, values };
}

/** A column of the model's kind with every value missing. */
function missingColumn(def: InputColumn, n: number): Column {
	if (def.kind === 'number' || def.kind === 'date') return { kind: def.kind, name: def.name, values: new Float64Array(n).fill(NaN) };
	if (def.kind === 'boolean') return { kind: 'boolean', name: def.name, codes: new Int32Array(n).fill(-1) };
	if (def.kind === 'category') return { kind: 'category', name: def.name, codes: new Int32Array(n).fill(-1), dictionary: [] };
	return { kind: 'text', name: def.name, values: new Array<string | null>(n).fill(null) };
}

/**
 * Build the model's input frame from a chunk of raw rows. Columns the model does not know are
 * left out; a required input column absent from the file marks every row; an optional one (the
 * features the model reads do not depend on it, engine/model-input.ts) is filled with missing
 * values, so a recipe step that names it still finds it.
 */
export function coerceChunk(input: ModelInput, chunk: RawChunk, options: CoerceOptions = {}): CoercedChunk {
	const n = chunk.rowCount;
	const problems = new Array<RowProblem | null>(n).fill(null);
	const report: Report = (row, problem) => {
		if (problems[row] === null) problems[row] = problem;
	};
	const at = new Map(chunk.names.map((name, k) => [name, k]));
	const unseen = new Map<string, number>();
	const columns: Column[] = [];
	for (const def of input.columns) {
		const k = at.get(def.name);
		if (k === undefined) {
			if (def.required) {
				const problem = missingColumnProblem(def.name);
				for (let r = 0; r < n; r++) report(r, problem);
			} else columns.push(missingColumn(def, n));
			continue;
		}
		const col = chunk.columns[k];
		if (def.kind === 'number') columns.push(numberColumn(def, col, n, options, report));
		else if (def.kind === 'date') columns.push(dateColumn(def, col, n, report));
		else if (def.kind === 'boolean') columns.push(booleanColumn(def, col, n, report));
		else if (def.kind === 'category') columns.push(categoryColumn(def, col, n, unseen));
		else columns.push(textColumn(def, col, n));
	}
	return { frame: createFrame(columns, n), problems, unseen };
}

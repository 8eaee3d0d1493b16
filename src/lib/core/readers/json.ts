/**
 * JSON tables: an array of records (`[{"a": 1}, ...]`) or newline-delimited JSON (one
 * object per line). Columns are the union of the records' keys in first-seen order; a
 * record without a key is missing there. Values become cell text and go through the
 * same inference as CSV, so a JSON file and its CSV export give the same frame.
 * Keys live in Maps, never as properties of plain objects, so `__proto__` or
 * `constructor` are ordinary column names.
 */
import { createFrame } from '../frame/frame';
import { inferColumn } from '../frame/infer';
import type { Column, Frame } from '../frame/types';

/** A JSON input that is not a table; `line` is 1-based. */
export class JsonTableError extends Error {
	readonly line: number;

	constructor(line: number, message: string) {
		super(`line ${line}: ${message}`);
		this.name = 'JsonTableError';
		this.line = line;
	}
}

/** Cells per column, padded with '' (missing) for records that lack the key. */
class ColumnCollector {
	private readonly cells = new Map<string, string[]>();
	/** Columns that hold an object or array somewhere: those stay text. */
	readonly nested = new Set<string>();
	rows = 0;

	add(record: unknown, line: number, what: string): void {
		if (record === null || typeof record !== 'object' || Array.isArray(record)) {
			throw new JsonTableError(line, `${what} is ${describe(record)}; every record must be an object like {"column": value}`);
		}
		for (const key of Object.keys(record)) {
			let column = this.cells.get(key);
			if (!column) {
				column = new Array<string>(this.rows).fill('');
				this.cells.set(key, column);
			}
			const value: unknown = Reflect.get(record, key);
			if (value !== null && typeof value === 'object') this.nested.add(key);
			column.push(cellText(value));
		}
		this.rows++;
		for (const column of this.cells.values()) if (column.length < this.rows) column.push('');
	}

	frame(): Frame {
		const columns: Column[] = [];
		for (const [name, cells] of this.cells) {
			if (this.nested.has(name)) {
				columns.push({ kind: 'text', name, values: cells.map((c) => (c === '' ? null : c)) });
			} else {
				columns.push(inferColumn(name, cells));
			}
		}
		return createFrame(columns, this.rows);
	}
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/** Text a cell reads as: null is missing, nested values are JSON text. */
function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Line and column of a character offset, both 1-based. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text.charCodeAt(i) === 10) {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse's message, with the place of the mistake when the engine names one
 * (V8 says "at position N"; other engines word it differently, so this is a best effort).
 */
function parseError(e: unknown, text: string, baseLine: number): JsonTableError {
	const message = e instanceof Error ? e.message : String(e);
	const lc = /line (\d+) column (\d+)/.exec(message);
	if (lc) return new JsonTableError(baseLine + Number(lc[1]) - 1, `not valid JSON at column ${lc[2]} (${message})`);
	const at = /position (\d+)/.exec(message);
	if (!at) return new JsonTableError(baseLine, `not valid JSON (${message})`);
	const { line, column } = lineAndColumn(text, Number(at[1]));
	return new JsonTableError(baseLine + line - 1, `not valid JSON at column ${column} (${message})`);
}

function firstNonSpace(text: string): number {
	let i = 0;
	while (i < text.length && /\s|\ufeff/.test(text[i])) i++;
	return i;
}

/** Whether text looks like a JSON table rather than CSV: it starts with `[` or `{`. */
export function looksLikeJson(text: string): boolean {
	const c = text[firstNonSpace(text)];
	return c === '[' || c === '{';
}

function readArray(text: string): Frame {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (e) {
		throw parseError(e, text, 1);
	}
	if (!Array.isArray(parsed)) throw new JsonTableError(1, 'expected an array of records');
	const collector = new ColumnCollector();
	parsed.forEach((record, i) => collector.add(record, 1, `record ${i + 1}`));
	return collector.frame();
}

function readLines(text: string): Frame {
	const collector = new ColumnCollector();
	let line = 0;
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end < 0) end = text.length;
		line++;
		const source = text.slice(start, end).trim();
		start = end + 1;
		if (source === '') continue;
		let record: unknown;
		try {
			record = JSON.parse(source);
		} catch (e) {
			throw parseError(e, source, line);
		}
		collector.add(record, line, 'the line');
	}
	return collector.frame();
}

/**
 * Reads a JSON table. Text starting with `[` is one array of records; anything else is
 * read as one JSON object per line (blank lines skipped). A leading BOM is ignored.
 */
export function readJson(text: string): Frame {
	const from = firstNonSpace(text);
	const body = from > 0 ? text.slice(from) : text;
	if (body === '') throw new JsonTableError(1, 'the file is empty: expected records');
	const baseLine = from > 0 ? lineAndColumn(text, from).line : 1;
	try {
		return body[0] === '[' ? readArray(body) : readLines(body);
	} catch (e) {
		if (e instanceof JsonTableError && baseLine > 1) throw new JsonTableError(e.line + baseLine - 1, e.message.replace(/^line \d+: /, ''));
		throw e;
	}
}

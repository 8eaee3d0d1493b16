/**
 * The incremental CSV scanner behind `createCsvReader`. Text arrives in chunks that may
 * split anywhere; the scanner parses every complete record and keeps the unfinished tail
 * as a carry. While a record stays unfinished, new chunks are only scanned for its end
 * (`scanForRecordEnd`), so a huge quoted field costs linear, not quadratic, time.
 *
 * Cells are stored as spans (start, end) into the retained chunk text, not as strings
 * (see raw-cells.ts), and typed later by inference, which must see the whole column.
 */
import { CsvError } from './csv-error';
import { detectDelimiter, type CsvDelimiter } from './csv-detect';
import { uniqueHeaderNames } from './csv-header';
import { ESCAPED, SpanCells, type RawCells } from '../frame/raw-cells';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

/** Text held back for delimiter detection before any record is parsed. */
export const DETECT_SAMPLE_CHARS = 64 * 1024;

/** Scanner states for `scanForRecordEnd`. */
const FIELD_START = 0;
const IN_QUOTES = 1;
const QUOTE_IN_QUOTES = 2; // a quote inside quotes: closes the field or starts a "" escape
const UNQUOTED = 3;

export interface ParsedTable {
	/** Column names, made unique and non-empty. */
	readonly header: readonly string[];
	/** Raw cell text per column, in row order. */
	readonly columns: readonly RawCells[];
	readonly rowCount: number;
	readonly delimiter: CsvDelimiter;
}

function countLineBreaks(text: string, from: number, to: number): number {
	let lines = 0;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c === LF) lines++;
		else if (c === CR && text.charCodeAt(i + 1) !== LF) lines++;
	}
	return lines;
}

/**
 * Scans `text` from `state` for the end of the current record.
 * Returns the index of the terminating line break, or -(state + 1) when none is found.
 */
function scanForRecordEnd(text: string, delim: number, state: number): number {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		switch (state) {
			case IN_QUOTES:
				if (c === QUOTE) state = QUOTE_IN_QUOTES;
				break;
			case QUOTE_IN_QUOTES:
				if (c === QUOTE) state = IN_QUOTES;
				else if (c === delim) state = FIELD_START;
				else if (c === LF || c === CR) return i;
				else state = UNQUOTED;
				break;
			case FIELD_START:
				if (c === QUOTE) state = IN_QUOTES;
				else if (c === LF || c === CR) return i;
				else if (c !== delim) state = UNQUOTED;
				break;
			default:
				if (c === delim) state = FIELD_START;
				else if (c === LF || c === CR) return i;
		}
	}
	return -(state + 1);
}

export class CsvParser {
	private delim = -1;
	private delimiter: CsvDelimiter = ',';
	private started = false;
	private sample = '';
	private carry = '';
	private carryState = FIELD_START;
	private skipLF = false;
	/** 1-based physical line of the next character not yet consumed. */
	private line = 1;
	private header: string[] | null = null;
	private ncols = 0;
	/** Header fields while the first record is parsed. */
	private row: string[] = [];
	/** Spans of the record being parsed: start, end per field; reused across records. */
	private rowSpans: number[] = [];
	/** Texts that hold committed records, and per row the index of its text. */
	private texts: string[] = [];
	private textIndex = -1;
	private rowText = new Uint32Array(1024);
	/** 1-based line on which each row's record starts (batch scoring reports it). */
	private rowLine = new Uint32Array(1024);
	/** start, end per cell, row-major. */
	private spans = new Uint32Array(4096);
	/** Cells with "" escapes, whose text differs from their span. */
	private escaped: string[] = [];
	private rowCount = 0;
	private escapedAtRecordStart = 0;
	private ended = false;

	constructor(delimiter?: CsvDelimiter) {
		if (delimiter !== undefined) this.setDelimiter(delimiter);
	}

	push(text: string): void {
		if (this.ended) throw new Error('CSV reader: push() after end()');
		if (text.length === 0) return;
		if (!this.started) {
			this.started = true;
			if (text.charCodeAt(0) === BOM) text = text.slice(1);
		}
		if (this.delim < 0) {
			this.sample += text;
			if (this.sample.length < DETECT_SAMPLE_CHARS) return;
			this.setDelimiter(detectDelimiter(this.sample, false));
			text = this.sample;
			this.sample = '';
		}
		this.feed(text, false);
	}

	end(): ParsedTable {
		if (this.ended) throw new Error('CSV reader: end() called twice');
		this.ended = true;
		if (this.delim < 0) {
			this.setDelimiter(detectDelimiter(this.sample, true));
			const sample = this.sample;
			this.sample = '';
			this.feed(sample, true);
		} else {
			this.feed('', true);
		}
		if (this.header === null) throw new CsvError(1, 'the file is empty: a header row is required');
		return this.table();
	}

	/**
	 * The records completed since the last call (with the line each starts on), and a fresh,
	 * empty store for the next ones: a caller that takes between pushes holds one batch of
	 * rows at a time, not the file. Null until the header has been read. After `end()`, it
	 * returns what `end()` returned (and its lines).
	 */
	take(): { table: ParsedTable; lines: Uint32Array } | null {
		if (this.header === null) return null;
		const taken = { table: this.table(), lines: this.rowLine.slice(0, this.rowCount) };
		// New arrays rather than cleared ones: the cells just handed out still read the old ones.
		// Of the same size, since the next batch is likely as large as this one.
		this.texts = [];
		this.textIndex = -1;
		this.rowText = new Uint32Array(this.rowText.length);
		this.rowLine = new Uint32Array(this.rowLine.length);
		this.spans = new Uint32Array(this.spans.length);
		this.escaped = [];
		this.escapedAtRecordStart = 0;
		this.rowCount = 0;
		return taken;
	}

	/** Rows completed so far and not yet taken. */
	get pendingRows(): number {
		return this.rowCount;
	}

	private table(): ParsedTable {
		const { texts, rowText, spans, escaped, ncols, rowCount } = this;
		const columns = this.header!.map((_, k) => new SpanCells(texts, rowText, spans, escaped, ncols, k, rowCount));
		return { header: this.header!, columns, rowCount, delimiter: this.delimiter };
	}

	private setDelimiter(d: CsvDelimiter): void {
		this.delimiter = d;
		this.delim = d.charCodeAt(0);
	}

	private feed(chunk: string, final: boolean): void {
		let text = chunk;
		if (this.carry.length > 0) {
			if (!final) {
				const end = scanForRecordEnd(chunk, this.delim, this.carryState);
				if (end < 0) {
					this.carry += chunk;
					this.carryState = -end - 1;
					return;
				}
			}
			text = this.carry + chunk;
			this.carry = '';
		}
		this.parse(text, final);
	}

	private parse(text: string, final: boolean): void {
		const n = text.length;
		const delim = this.delim;
		const row = this.row;
		const rowSpans = this.rowSpans;
		this.textIndex = -1;
		let i = 0;
		if (this.skipLF && n > 0) {
			if (text.charCodeAt(0) === LF) i = 1;
			this.skipLF = false;
		}
		while (i < n) {
			const start = i;
			const startLine = this.line;
			this.escapedAtRecordStart = this.escaped.length;
			let line = startLine;
			let nf = 0;
			let firstQuoted = false;
			let complete = false;
			for (;;) {
				let c = i < n ? text.charCodeAt(i) : -1;
				let from: number;
				let to: number;
				if (c === QUOTE) {
					const openLine = line;
					let j = i + 1;
					let escaped = false;
					let q: number;
					for (;;) {
						q = text.indexOf('"', j);
						if (q === -1 || (q + 1 === n && !final)) break;
						if (text.charCodeAt(q + 1) === QUOTE) {
							j = q + 2;
							escaped = true;
							continue;
						}
						break;
					}
					if (q === -1 && final) {
						throw new CsvError(openLine, 'a quoted field opened here is never closed', this.columnName(nf));
					}
					if (q === -1 || (q + 1 === n && !final)) break; // unfinished: wait for more text
					from = i + 1;
					to = q;
					if (escaped) {
						from = this.escaped.length;
						to = ESCAPED;
						this.escaped.push(text.slice(i + 1, q).replaceAll('""', '"'));
					}
					line += countLineBreaks(text, i + 1, q);
					if (nf === 0) firstQuoted = true;
					i = q + 1;
					c = i < n ? text.charCodeAt(i) : -1;
					if (c !== -1 && c !== delim && c !== LF && c !== CR) {
						throw new CsvError(line, `unexpected character ${JSON.stringify(text[i])} after a closing quote`, this.columnName(nf));
					}
				} else {
					let j = i;
					while (j < n) {
						c = text.charCodeAt(j);
						if (c === delim || c === LF || c === CR) break;
						j++;
					}
					if (j === n) c = -1;
					from = i;
					to = j;
					i = j;
				}
				if (nf < this.ncols) {
					rowSpans[2 * nf] = from;
					rowSpans[2 * nf + 1] = to;
				} else if (this.header === null) {
					row[nf] = to === ESCAPED ? (this.escaped.pop() ?? '') : text.slice(from, to);
				}
				nf++;
				if (c === -1) {
					complete = final;
					break;
				}
				i++;
				if (c === delim) continue;
				if (c === CR) {
					if (i < n) {
						if (text.charCodeAt(i) === LF) i++;
					} else if (!final) {
						this.skipLF = true; // the LF of a CRLF may start the next chunk
					}
				}
				line++;
				complete = true;
				break;
			}
			if (!complete) {
				this.escaped.length = this.escapedAtRecordStart;
				this.carry = text.slice(start);
				this.carryState = -scanForRecordEnd(this.carry, delim, FIELD_START) - 1;
				return;
			}
			this.line = line;
			const blank = nf === 1 && !firstQuoted && (this.header === null ? row[0] === '' : rowSpans[0] === rowSpans[1]);
			if (blank) continue;
			this.commit(text, nf, startLine);
		}
	}

	private columnName(index: number): string | undefined {
		return this.header !== null && index < this.ncols ? this.header[index] : undefined;
	}

	private commit(text: string, nf: number, line: number): void {
		if (this.header === null) {
			this.header = uniqueHeaderNames(this.row.slice(0, nf));
			this.ncols = nf;
			this.rowSpans.length = 2 * nf;
			return;
		}
		const ncols = this.ncols;
		if (nf !== ncols) {
			this.escaped.length = this.escapedAtRecordStart;
			throw new CsvError(line, `expected ${ncols} fields but found ${nf}`, nf < ncols ? this.header[nf] : undefined);
		}
		if (this.textIndex < 0) {
			this.textIndex = this.texts.length;
			this.texts.push(text);
		}
		const r = this.rowCount;
		if (r === this.rowText.length) {
			this.rowText = grow(this.rowText, 2 * r);
			this.rowLine = grow(this.rowLine, 2 * r);
		}
		this.rowText[r] = this.textIndex;
		this.rowLine[r] = line;
		const at = r * ncols * 2;
		if (at + 2 * ncols > this.spans.length) this.spans = grow(this.spans, 2 * (at + 2 * ncols));
		const spans = this.spans;
		const rowSpans = this.rowSpans;
		for (let k = 0; k < 2 * ncols; k++) spans[at + k] = rowSpans[k];
		this.rowCount = r + 1;
	}
}

function grow(a: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
	const b = new Uint32Array(length);
	b.set(a);
	return b;
}

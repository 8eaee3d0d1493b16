/**
 * The one tokenizer of the parallel CSV reader, with the grammar of CsvParser: both passes use
 * it, so the records the count pass finds are exactly those the fill pass writes.
 */
import { DICT_CAP, SPAN_ESCAPED, type CsvFillBuffers } from './csv-chunk-buffers';
import { codeOf, TABLE } from './csv-chunk-dictionary';
import { EXACT_POW10, isMissingBytes, parseNumberBytes } from './csv-number-bytes';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** One call of the tokenizer. */
export interface TokenizeTask {
	readonly start: number;
	/** Records start before this (the next chunk's start) unless `last`. */
	readonly end: number;
	/** The file's last chunk: records run to the end of the bytes. */
	readonly last: boolean;
	readonly delim: number;
	/** Fields per record; -1 accepts any width (the header). */
	readonly ncols: number;
	/** Stop after this many records. */
	readonly maxRecords?: number;
	/** Where cells go; null to count only. */
	readonly fill: CsvFillBuffers | null;
	/** With `fill` and `writeValues`: each column's numbers (`columnValues`). */
	readonly columns?: readonly Float64Array[];
	/** Chunk index: its row in `fill.other` and its dictionaries. */
	readonly chunk: number;
	/** Chunks of the file (the stride of the dictionaries). */
	readonly chunks?: number;
	/** Scratch hash tables, TABLE per span slot (a thread's own). */
	readonly tables?: Int32Array;
	readonly row0: number;
	/** With `fill`: rows are written below this only (more records than counted make the chunk malformed). */
	readonly rowEnd?: number;
	readonly rows: number;
	readonly writeValues: boolean;
	/** UTF-16 offset minus byte offset at `start`, relative to `textStart`. */
	readonly adjust0: number;
	readonly textStart: number;
}

/**
 * What `tokenize` found: records (non-blank), where it stopped, and the UTF-16 adjustment there.
 * A chunk that does not stop exactly at the next chunk's start did not end at a record boundary.
 */
export interface Tokenized {
	readonly records: number;
	readonly end: number;
	readonly adjust: number;
	/** Whether a byte ≥ 0x80 was seen. */
	readonly high: boolean;
}

/**
 * Tokenizes bytes from a record boundary with CsvParser's grammar: a quote opens a field only
 * at its start, "" is an escaped quote, CR, LF and CRLF end a record, an empty unquoted line
 * is skipped. Writes cells when `task.fill` is given. Null when the bytes are malformed there
 * (the sequential reader then reports why, with the line).
 */
export function tokenize(b: Uint8Array, task: TokenizeTask): Tokenized | null {
	const { ncols, fill, rows, writeValues, textStart } = task;
	const n = b.length;
	const limit = task.last || task.maxRecords !== undefined ? n : task.end;
	const maxRecords = task.maxRecords ?? Infinity;
	const otherAt = task.chunk * ncols;
	// Small integers throughout (positions stay below 2^31): a double index would slow every byte.
	const delim = task.delim | 0;
	let pos = task.start | 0;
	let row = task.row0 | 0;
	let adj = (task.adjust0 - textStart) | 0;
	let count = 0;
	const rowEnd = fill !== null ? (task.rowEnd ?? Infinity) : Infinity;
	const values = task.columns;
	const other = fill?.other;
	const spanSlot = fill?.spanSlot;
	const spanStart = fill?.spanStart;
	const spanEnd = fill?.spanEnd;
	const codes = fill?.codes;
	const dictStart = fill?.dictStart;
	const dictEnd = fill?.dictEnd;
	const dictCount = fill?.dictCount;
	const tables = task.tables;
	const dictBase = task.chunk;
	const chunks = task.chunks ?? 1;
	if (tables) tables.fill(-1);
	let high = false;
	// Cells are parsed as numbers while scanned (below) only where no delimiter can be part of a number.
	const numbers = fill !== null && writeValues && !(delim === 43 || delim === 45 || delim === 46 || (delim >= 48 && delim <= 57));
	while (pos < limit && count < maxRecords) {
		let f = 0;
		let blank = false;
		for (;;) {
			let from: number;
			let to: number;
			let escaped = false;
			let quoted = false;
			let c: number;
			let u16From: number;
			let parsed = false;
			let number = 0;
			if (pos < n && b[pos] === QUOTE) {
				quoted = true;
				let p = pos + 1;
				u16From = p + adj;
				for (;;) {
					if (p >= n) return null; // never closed
					c = b[p];
					if (c === QUOTE) {
						if (p + 1 < n && b[p + 1] === QUOTE) {
							escaped = true;
							p += 2;
							continue;
						}
						break;
					}
					if (c >= 0x80) {
						high = true;
						if ((c & 0xc0) === 0x80) adj--;
						else if (c >= 0xf0) adj++;
					}
					p++;
				}
				from = pos + 1;
				to = p;
				pos = p + 1;
				c = pos < n ? b[pos] : -1;
				if (c !== -1 && c !== delim && c !== LF && c !== CR) return null; // text after a closing quote
			} else {
				let p = pos;
				u16From = p + adj;
				c = -1;
				if (numbers && f < ncols && spanSlot![f] < 0) {
					// The common number cell read while it is scanned: sign, up to 9 digits with a point among
					// them, then the cell's end. The digits fit an int32, whose arithmetic is quicker than a
					// double's; anything else (an exponent, text, more digits) goes on below and is parsed whole.
					let q = p;
					let d = q < n ? b[q] : -1;
					const negative = d === 45;
					if (d === 45 || d === 43) q++;
					const digitsFrom = q;
					let mantissa = 0;
					while (q < n && (d = b[q]) >= 48 && d <= 57) {
						mantissa = (mantissa * 10 + (d - 48)) | 0;
						q++;
					}
					let fraction = 0;
					let point = 0;
					if (q < n && d === 46) {
						point = 1;
						const fractionFrom = ++q;
						while (q < n && (d = b[q]) >= 48 && d <= 57) {
							mantissa = (mantissa * 10 + (d - 48)) | 0;
							q++;
						}
						fraction = q - fractionFrom;
					}
					const digits = q - digitsFrom - point;
					if ((q === n || d === delim || d === LF || d === CR) && digits > 0 && digits <= 9) {
						// parseNumberBytes's arithmetic exactly: one correctly rounded division of exact doubles.
						const magnitude = mantissa / EXACT_POW10[fraction];
						number = negative ? -magnitude : magnitude;
						parsed = true;
					}
					p = q; // bytes [pos, q) are ASCII and none ends the cell
				}
				while (p < n) {
					c = b[p];
					if (c === delim || c === LF || c === CR) break;
					if (c >= 0x80) {
						high = true;
						if ((c & 0xc0) === 0x80) adj--;
						else if (c >= 0xf0) adj++;
					}
					p++;
				}
				if (p === n) c = -1;
				from = pos;
				to = p;
				pos = p;
			}
			if (f === 0 && !quoted && from === to && c !== delim) {
				blank = true; // an empty line: skipped, as CsvParser does
			} else if (fill !== null && f < ncols && row < rowEnd) {
				const slot = spanSlot![f];
				if (slot >= 0) {
					// A column already known to hold text: its cells are read from the text, not parsed here.
					const s = slot * rows + row;
					spanStart![s] = u16From;
					spanEnd![s] = (to + adj) | (escaped ? SPAN_ESCAPED : 0);
					const d = slot * chunks + dictBase;
					const count = dictCount![d];
					if (count >= 0) {
						codes![s] = codeOf(b, from, to, escaped, tables!, slot * TABLE, dictStart!, dictEnd!, d * DICT_CAP, count);
						if (codes![s] === count) dictCount![d] = count === DICT_CAP ? -1 : count + 1;
					}
				} else if (writeValues) {
					if (escaped) {
						values![f][row] = NaN;
						other![otherAt + f] = 1;
					} else if (parsed) {
						values![f][row] = number;
					} else {
						const v = parseNumberBytes(b, from, to);
						values![f][row] = v;
						if (v !== v && !isMissingBytes(b, from, to)) other![otherAt + f] = 1;
					}
				}
			}
			f++;
			if (c === -1) break;
			pos++;
			if (c === delim) continue;
			if (c === CR && pos < n && b[pos] === LF) pos++;
			break;
		}
		if (blank) continue;
		if (ncols >= 0 && f !== ncols) return null;
		if (row >= rowEnd) return null;
		row++;
		count++;
	}
	return { records: count, end: pos, adjust: adj + textStart, high };
}

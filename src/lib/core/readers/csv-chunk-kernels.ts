/**
 * The compute-pool kernels of the parallel CSV reader (csv-parallel.ts): each item is one
 * chunk of the file's UTF-8 bytes that starts at a record boundary. One tokenizer, with the
 * grammar of CsvParser, serves both passes, so the records the count pass finds are exactly
 * those the fill pass writes:
 * - `csvCount`: records per chunk, and whether the chunk is clean (every record complete, of
 *   the header's width, ending exactly where the next chunk starts). Anything else makes the
 *   caller fall back to the sequential reader, which reports the error with its line.
 * - `csvFill`: numbers of every cell into column-major `values` (row offsets from the counts),
 *   a flag per chunk and column for a cell that is neither a plain number nor a missing token,
 *   and for the columns given a span slot, each cell's UTF-16 span in the decoded text.
 */
import type { Kernel, KernelJob } from '../compute/kernel';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Bit set on a span's end when the quoted cell had "" escapes (its text needs unescaping). */
export const SPAN_ESCAPED = 0x80000000;

/** Chunk status after the count pass. */
export const CHUNK_OK = 0;
/** Malformed from its start: the file is, if the start was a record boundary. */
export const CHUNK_MALFORMED = 1;

export interface CsvCountBuffers {
	readonly bytes: Uint8Array;
	/** Chunk k is bytes [bounds[k], bounds[k + 1]). */
	readonly bounds: Float64Array;
	/** Out: non-blank records per chunk. */
	readonly rows: Float64Array;
	/** Out: CHUNK_OK or CHUNK_MALFORMED per chunk. */
	readonly status: Int32Array;
	/** Out: where the chunk's last record ends (the next chunk must start there). */
	readonly ends: Float64Array;
}

export interface CsvFillBuffers {
	readonly bytes: Uint8Array;
	readonly bounds: Float64Array;
	/** First row of each chunk. */
	readonly rowStart: Float64Array;
	/** Out: CHUNK_OK, or CHUNK_MALFORMED for a record of the wrong width (or not the rows counted). */
	readonly status: Int32Array;
	/** Out: UTF-16 units minus bytes over the chunk (0 for ASCII). */
	readonly adjust: Float64Array;
	/** Out: 1 when the chunk has a byte ≥ 0x80 (the file must then be checked to be UTF-8). */
	readonly high: Uint8Array;
	/** Column-major numbers, rows × columns (NaN: not a plain number). */
	readonly values: Float64Array;
	/** Out: 1 at [chunk × columns + column] when a cell there is neither a number nor a missing token. */
	readonly other: Uint8Array;
	/** Per column, its slot in `spanStart`/`spanEnd`, or -1 for none. */
	readonly spanSlot: Int32Array;
	readonly spanStart: Uint32Array;
	readonly spanEnd: Uint32Array;
	/** Per slot and row, the cell's code in its chunk's dictionary (first seen, first coded). */
	readonly codes: Int32Array;
	/** Per slot and chunk, DICT_CAP byte spans of the chunk's distinct cells (end | SPAN_ESCAPED as for spans). */
	readonly dictStart: Uint32Array;
	readonly dictEnd: Uint32Array;
	/** Per slot and chunk, how many distinct cells; -1 when more than DICT_CAP (the column is then read from its spans). */
	readonly dictCount: Int32Array;
}

/**
 * Distinct cells a chunk's dictionary holds per column: one more than a category column may
 * have (infer.ts MAX_CATEGORIES), so a column that overflows is text whatever the other chunks hold.
 */
export const DICT_CAP = 1001;
/** Open-addressing table of a chunk's dictionary: a power of two, over twice DICT_CAP. */
const TABLE = 4096;

/** Where each argument of both kernels sits in their `args`. */
export const CsvArg = {
	Delim: 0,
	Columns: 1,
	/** Rows of the whole table (the stride of `values` and the span slots). */
	Rows: 2,
	/** 1: parse numbers into `values`; 0: write spans only (a second fill for columns found to hold text). */
	WriteValues: 3,
	/** Byte where the decoded text starts (after a BOM): spans are UTF-16 offsets into that text. */
	TextStart: 4,
	/** Chunk of item 0 (a call covers a run of chunks, so Cancel is heard between calls). */
	FirstChunk: 5
} as const;

const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** `parseNumberSpan` (frame/tokens.ts) over bytes: the same digits give the same double. */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
	let i = start;
	let c = i < end ? b[i] : -1;
	const negative = c === 45;
	if (c === 43 || c === 45) i++;
	let digits = 0;
	let significant = 0;
	let mantissa = 0;
	let scale = 0;
	while (i < end && (c = b[i]) >= 48 && c <= 57) {
		if (mantissa > 0 || c !== 48) significant++;
		mantissa = mantissa * 10 + (c - 48);
		i++;
		digits++;
	}
	if (i < end && b[i] === 46) {
		i++;
		while (i < end && (c = b[i]) >= 48 && c <= 57) {
			if (mantissa > 0 || c !== 48) significant++;
			mantissa = mantissa * 10 + (c - 48);
			scale--;
			i++;
			digits++;
		}
	}
	if (digits === 0) return NaN;
	if (i < end) {
		c = b[i];
		if (c !== 101 && c !== 69) return NaN;
		i++;
		c = i < end ? b[i] : -1;
		let expNegative = false;
		if (c === 43 || c === 45) {
			expNegative = c === 45;
			i++;
		}
		let exp = 0;
		let expDigits = 0;
		while (i < end && (c = b[i]) >= 48 && c <= 57) {
			exp = exp * 10 + (c - 48);
			i++;
			expDigits++;
		}
		if (expDigits === 0 || i !== end) return NaN;
		scale += expNegative ? -exp : exp;
	}
	if (significant > 15 || scale > 22 || scale < -22) {
		// Only ASCII digits, signs, '.', 'e' got here: one char per byte.
		let s = '';
		for (let k = start; k < end; k++) s += String.fromCharCode(b[k]);
		return Number(s);
	}
	const magnitude = scale >= 0 ? mantissa * EXACT_POW10[scale] : mantissa / EXACT_POW10[-scale];
	return negative ? -magnitude : magnitude;
}

/** Whether bytes [from, to) are exactly one of MISSING_TOKENS (frame/tokens.ts), untrimmed. */
export function isMissingBytes(b: Uint8Array, from: number, to: number): boolean {
	const n = to - from;
	if (n === 0) return true;
	const c0 = b[from];
	if (n === 1) return c0 === 63; // ?
	if (n === 2) return c0 === 78 && b[from + 1] === 65; // NA
	if (n === 3) {
		const c1 = b[from + 1];
		const c2 = b[from + 2];
		return (c0 === 78 && c1 === 47 && c2 === 65) || (c0 === 78 && c1 === 97 && c2 === 78) || (c0 === 110 && c1 === 97 && c2 === 110); // N/A NaN nan
	}
	if (n === 4) {
		const c1 = b[from + 1];
		const c2 = b[from + 2];
		const c3 = b[from + 3];
		if (c0 === 110) return c1 === 117 && c2 === 108 && c3 === 108; // null
		if (c0 === 78) return (c1 === 85 && c2 === 76 && c3 === 76) || (c1 === 111 && c2 === 110 && c3 === 101); // NULL None
	}
	return false;
}

/**
 * The code of cell bytes [from, to) in a chunk's dictionary (at `dict`, `count` entries so far,
 * found through the hash table at `table`): an existing entry's, or `count` for a new one,
 * which is added unless the dictionary is full.
 */
function codeOf(
	b: Uint8Array,
	from: number,
	to: number,
	escaped: boolean,
	tables: Int32Array,
	table: number,
	dictStart: Uint32Array,
	dictEnd: Uint32Array,
	dict: number,
	count: number
): number {
	let h = escaped ? 0x9e3779b1 : 0x811c9dc5;
	for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
	const flag = escaped ? SPAN_ESCAPED : 0;
	let at = (h ^ (h >>> 15)) & (TABLE - 1);
	for (;;) {
		const id = tables[table + at];
		if (id < 0) break;
		const start = dictStart[dict + id];
		const end = dictEnd[dict + id];
		if ((end & SPAN_ESCAPED) >>> 0 === flag >>> 0 && (end & ~SPAN_ESCAPED) - start === to - from) {
			let same = true;
			for (let i = 0; i < to - from; i++) {
				if (b[start + i] !== b[from + i]) {
					same = false;
					break;
				}
			}
			if (same) return id;
		}
		at = (at + 1) & (TABLE - 1);
	}
	if (count < DICT_CAP) {
		tables[table + at] = count;
		dictStart[dict + count] = from;
		dictEnd[dict + count] = (to | flag) >>> 0;
	}
	return count;
}

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
	const values = fill?.values;
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
						values![f * rows + row] = NaN;
						other![otherAt + f] = 1;
					} else {
						const v = parseNumberBytes(b, from, to);
						values![f * rows + row] = v;
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

/**
 * Records of a chunk without quotes or CRs: its non-empty lines, found with the engine's
 * byte search (several times faster than the tokenizer). Their width is checked by the fill.
 */
function countLines(b: Uint8Array, start: number, end: number): number {
	const bytes = b.subarray(start, end);
	let records = 0;
	let lineStart = 0;
	for (let q = bytes.indexOf(LF); q !== -1; q = bytes.indexOf(LF, q + 1)) {
		if (q > lineStart) records++;
		lineStart = q + 1;
	}
	return lineStart < bytes.length ? records + 1 : records;
}

const countKernel: Kernel<CsvCountBuffers> = (job: KernelJob<CsvCountBuffers>, from, to, args) => {
	const { bytes, bounds, rows, status, ends } = job.buffers;
	const chunks = bounds.length - 1;
	for (let i = from; i < to; i++) {
		const k = args[CsvArg.FirstChunk] + i;
		const last = k === chunks - 1;
		const start = bounds[k];
		const end = last ? bytes.length : bounds[k + 1];
		const part = bytes.subarray(start, end);
		if (part.indexOf(QUOTE) === -1 && part.indexOf(CR) === -1) {
			// Every line break is a record's end, and the chunk ends with one (or the file does).
			rows[k] = countLines(bytes, start, end);
			ends[k] = end;
			status[k] = CHUNK_OK;
			continue;
		}
		const found = tokenize(bytes, {
			start,
			end: bounds[k + 1],
			last,
			delim: args[CsvArg.Delim],
			ncols: args[CsvArg.Columns],
			fill: null,
			chunk: k,
			row0: 0,
			rows: 0,
			writeValues: false,
			adjust0: 0,
			textStart: 0
		});
		rows[k] = found?.records ?? 0;
		ends[k] = found?.end ?? -1;
		status[k] = found ? CHUNK_OK : CHUNK_MALFORMED;
	}
};

const fillKernel: Kernel<CsvFillBuffers> = (job: KernelJob<CsvFillBuffers>, from, to, args) => {
	const fill = job.buffers;
	const chunks = fill.bounds.length - 1;
	const rows = args[CsvArg.Rows];
	let slots = 0;
	for (let c = 0; c < fill.spanSlot.length; c++) slots = Math.max(slots, fill.spanSlot[c] + 1);
	let tables = job.local.csvTables as Int32Array | undefined;
	if (!tables) job.local.csvTables = tables = new Int32Array(slots * TABLE);
	for (let i = from; i < to; i++) {
		const k = args[CsvArg.FirstChunk] + i;
		const rowEnd = k + 1 < chunks ? fill.rowStart[k + 1] : rows;
		const found = tokenize(fill.bytes, {
			start: fill.bounds[k],
			end: fill.bounds[k + 1],
			last: k === chunks - 1,
			delim: args[CsvArg.Delim],
			ncols: args[CsvArg.Columns],
			fill,
			chunk: k,
			chunks,
			tables,
			row0: fill.rowStart[k],
			rowEnd,
			rows,
			writeValues: args[CsvArg.WriteValues] === 1,
			// Spans relative to the chunk: the caller adds each chunk's UTF-16 offset where it needs them.
			adjust0: 0,
			textStart: 0
		});
		fill.status[k] = found && found.records === rowEnd - fill.rowStart[k] ? CHUNK_OK : CHUNK_MALFORMED;
		fill.adjust[k] = found?.adjust ?? 0;
		fill.high[k] = found?.high ? 1 : 0;
	}
};

export const csvKernels = { csvCount: countKernel, csvFill: fillKernel };

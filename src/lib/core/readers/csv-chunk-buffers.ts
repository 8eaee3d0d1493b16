/**
 * The shared arrays and constants of the parallel CSV reader's two passes (csv-count-pass.ts,
 * csv-fill-pass.ts), which csv-parallel.ts allocates and reads back.
 */

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
	/** Chunks of the current call handed out so far (see `claimChunk`). */
	readonly claim: Int32Array;
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
	/**
	 * Each column's numbers, `rows` long (NaN: not a plain number), under `valueKey(column)`: one
	 * array per column, so that without threads the arrays become the frame's columns uncopied.
	 */
	readonly [value: `value${number}`]: Float64Array;
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
	/** Chunks of the current call handed out so far (see `claimChunk`). */
	readonly claim: Int32Array;
}

/**
 * Distinct cells a chunk's dictionary holds per column: one more than a category column may
 * have (infer.ts MAX_CATEGORIES), so a column that overflows is text whatever the other chunks hold.
 */
export const DICT_CAP = 1001;

/** Where each argument of both kernels sits in their `args`. */
export const CsvArg = {
	Delim: 0,
	Columns: 1,
	/** Rows of the whole table (the stride of the span slots). */
	Rows: 2,
	/** 1: parse numbers into the value arrays; 0: write spans only (a second fill for columns found to hold text). */
	WriteValues: 3,
	/** Byte where the decoded text starts (after a BOM): spans are UTF-16 offsets into that text. */
	TextStart: 4,
	/** A call covers chunks [FirstChunk, EndChunk), so Cancel is heard between calls. */
	FirstChunk: 5,
	EndChunk: 6
} as const;

/**
 * The next chunk of the call for the thread asking, or -1 when none is left. Chunks are handed
 * out in order, one at a time, by an atomic counter (the caller zeroes it before each call), so
 * a thread that finishes early takes more instead of waiting for a slower one: a static split
 * waits for its slowest part. Each chunk's cells go to the same places whichever thread reads
 * it, so the result does not depend on who took what. Each item of a call is one thread's loop.
 */
export function claimChunk(claim: Int32Array, args: ArrayLike<number>): number {
	const k = args[CsvArg.FirstChunk] + Atomics.add(claim, 0, 1);
	return k < args[CsvArg.EndChunk] ? k : -1;
}

/** Where a column's numbers are in `CsvFillBuffers`. */
export const valueKey = (column: number): `value${number}` => `value${column}`;

/** The value arrays of `columns` columns, in column order. */
export function columnValues(fill: CsvFillBuffers, columns: number): Float64Array[] {
	return Array.from({ length: columns }, (_, c) => fill[valueKey(c)]);
}

/**
 * CSV import on the compute pool. The file's bytes (all in memory: the studio reads the Blob,
 * the CLI the file) are cut into chunks at record boundaries found by quote parity, and the
 * pool's threads tokenize the chunks in two passes (csv-chunk-kernels.ts): count the records
 * of each chunk, then write every cell's number into column-major shared arrays at its row.
 * A column whose cells are all plain numbers or missing tokens is a number column straight
 * from those arrays; any other column is inferred as before (inferColumn), over spans into the
 * decoded text, so every column gets exactly the type and values the sequential reader gives.
 *
 * Anything unusual returns null and the caller reads the file sequentially (readCsvStream):
 * a malformed record (whose error message needs its line), a split that turned out not to be
 * a record boundary (a quote in the middle of an unquoted field breaks quote parity), bytes
 * that are not UTF-8, a UTF-16 file. The fast path never guesses; it gives up.
 */
import { CsvParser, DETECT_SAMPLE_CHARS } from './csv-parser';
import { detectDelimiter, fieldCounts, SAMPLE_RECORDS, type CsvDelimiter } from './csv-detect';
import { bomEncoding, type EncodingChoice } from './encoding';
import { CHUNK_OK, DICT_CAP, valueKey, type CsvCountBuffers, type CsvFillBuffers } from './csv-chunk-buffers';
import { tokenize } from './csv-tokenize';
import { chunkBounds, confirmChunks } from './csv-boundaries';
import { codedColumn, rebaseSpans, TextSpanCells } from './csv-column-merge';
import { usesDecimalComma, type DecimalChoice } from '../frame/decimal';
import { createFrame } from '../frame/frame';
import { inferCodedColumn, inferColumn } from '../frame/infer';
import type { Column, Frame } from '../frame/types';
import type { ComputePool } from '../compute/pool';
import { abortError } from '../util/abort';
import { yielder } from '../util/yield';

/** Bytes per chunk: small, so that threads handed chunks one at a time finish a call together. */
export const CHUNK_BYTES = 1 << 20;
/** Most chunks a file is cut into (larger files get larger chunks): each text column keeps a dictionary per chunk. */
const MAX_CHUNKS = 256;
/**
 * Chunks a call covers per thread. A call ends with a thread idle for about half a chunk, so more
 * chunks per call waste less; a call of a few MB per thread still lets Cancel in within tens of ms.
 */
const CALL_CHUNKS = 6;
/** Longest text a V8 string holds, with room to spare: longer files are read sequentially. */
const MAX_TEXT = (1 << 29) - 64;

export interface ParallelCsvOptions {
	readonly delimiter?: CsvDelimiter;
	readonly decimal?: DecimalChoice;
	readonly encoding?: EncodingChoice;
	readonly signal?: AbortSignal;
	/** Bytes parsed so far, of `bytes.length`. */
	readonly onProgress?: (bytes: number) => void;
	/** Where to try to split (byte offsets), instead of every CHUNK_BYTES; each moves to the next record boundary. For tests. */
	readonly splits?: readonly number[];
}

/**
 * Reads a CSV file's bytes on `pool`; null when the file must be read sequentially (see the
 * module comment). The Frame equals readCsvStream's for the same bytes and options.
 */
export async function readCsvParallel(bytes: Uint8Array, pool: ComputePool, options: ParallelCsvOptions = {}): Promise<Frame | null> {
	const { signal, onProgress } = options;
	// A turn of the event loop between calls now and then, without the 4 ms clamp of nested timeouts: a Cancel gets in.
	const pause = yielder();
	const checkAbort = () => {
		if (signal?.aborted) throw abortError();
	};
	checkAbort();
	const choice = options.encoding ?? 'auto';
	if (choice !== 'auto' && choice !== 'utf-8') return null;
	const bom = bomEncoding(bytes);
	if (bom && bom.encoding !== 'utf-8') return null;
	const textStart = bom ? bom.length : 0;
	const n = bytes.length;
	if (n - textStart > MAX_TEXT) return null;
	// A second BOM would be dropped by the sequential reader's parser: too odd to mirror.
	if (bomEncoding(bytes.subarray(textStart))?.encoding === 'utf-8') return null;
	// The whole text is decoded only when needed: to check non-ASCII bytes are UTF-8, or to read a column of many distinct texts.
	const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	let decoded: string | null = null;
	const wholeText = (): string => (decoded ??= decoder.decode(bytes.subarray(textStart)));

	let delimiter = options.delimiter;
	if (delimiter === undefined) {
		// 4 bytes at most per char: this prefix holds the first DETECT_SAMPLE_CHARS chars, or is the whole file.
		const prefixEnd = Math.min(n, textStart + 4 * DETECT_SAMPLE_CHARS);
		const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(textStart, prefixEnd), { stream: true });
		if (prefixEnd === n && prefix.length < DETECT_SAMPLE_CHARS) delimiter = detectDelimiter(prefix, true);
		else {
			// The sequential reader detects on the first ≥ 64K chars; the first records decide, so they must all lie within.
			const sample = prefix.slice(0, DETECT_SAMPLE_CHARS);
			if (fieldCounts(sample, 44, false).length < SAMPLE_RECORDS) return null;
			delimiter = detectDelimiter(sample, false);
		}
	}
	const delim = delimiter.charCodeAt(0);

	const head = tokenize(bytes, {
		start: textStart,
		end: n,
		last: true,
		delim,
		ncols: -1,
		maxRecords: 1,
		fill: null,
		chunk: 0,
		row0: 0,
		rows: 0,
		writeValues: false,
		adjust0: 0,
		textStart
	});
	if (!head || head.records === 0) return null;
	const headerParser = new CsvParser(delimiter);
	let headerText: string;
	try {
		headerText = decoder.decode(bytes.subarray(textStart, head.end));
	} catch {
		return null; // not UTF-8: the sequential reader decides between Windows-1252 and an error
	}
	headerParser.push(headerText);
	const header = headerParser.end().header;
	const ncols = header.length;
	const dataStart = head.end;

	const threads = pool.threads;
	const shared = threads > 1 ? pool.alloc(Uint8Array, n) : bytes;
	if (shared !== bytes) shared.set(bytes);
	const body = n - dataStart;
	const pieces = Math.max(threads, Math.min(MAX_CHUNKS, Math.ceil(body / CHUNK_BYTES)));
	const splits = options.splits ?? Array.from({ length: pieces - 1 }, (_, k) => dataStart + ((k + 1) * body) / pieces);
	const guess = chunkBounds(bytes, dataStart, splits);
	const guessed = guess.length - 1;
	const group = Math.max(1, threads) * CALL_CHUNKS;
	const progress = (share: number, at: number) => onProgress?.(Math.round(share * at));
	const task = (start: number, end: number, last: boolean) => ({
		start,
		end,
		last,
		delim,
		ncols,
		fill: null,
		chunk: 0,
		row0: 0,
		rows: 0,
		writeValues: false,
		adjust0: 0,
		textStart: 0
	});

	// Pass 1: records per chunk, and where each chunk's last record ends.
	const count: CsvCountBuffers = {
		bytes: shared,
		bounds: pool.alloc(Float64Array, guessed + 1),
		rows: pool.alloc(Float64Array, guessed),
		status: pool.alloc(Int32Array, guessed),
		ends: pool.alloc(Float64Array, guessed),
		claim: pool.alloc(Int32Array, 1)
	};
	count.bounds.set(guess);
	const counting = await pool.open(count as never);
	try {
		for (let first = 0; first < guessed; first += group) {
			checkAbort();
			const end = Math.min(guessed, first + group);
			count.claim[0] = 0;
			await counting.run('csvCount', Math.min(counting.parts, end - first), [delim, ncols, 0, 0, textStart, first, end]);
			progress(1 / 3, guess[Math.min(guessed, first + group)]);
			await pause();
		}
	} finally {
		counting.close();
	}
	const counted = guess.slice(1).map((_, k) => (count.status[k] === CHUNK_OK ? { records: count.rows[k], end: count.ends[k] } : null));
	const confirmed = confirmChunks(guess, counted, (start, end, last) => tokenize(bytes, task(start, end, last)));
	if (!confirmed) return null;
	const chunks = confirmed.bounds.length - 1;
	const bounds = pool.alloc(Float64Array, chunks + 1);
	bounds.set(confirmed.bounds);
	const rowStart = pool.alloc(Float64Array, chunks);
	let rows = 0;
	for (let k = 0; k < chunks; k++) {
		rowStart[k] = rows;
		rows += confirmed.rows[k];
	}

	// Columns the first record shows to hold text get spans in the first fill, not numbers.
	const firstOther = new Uint8Array(ncols);
	if (rows > 0) {
		tokenize(bytes, {
			start: dataStart,
			end: n,
			last: true,
			delim,
			ncols,
			maxRecords: 1,
			fill: {
				bytes,
				bounds,
				rowStart,
				status: new Int32Array(1),
				adjust: new Float64Array(1),
				high: new Uint8Array(1),
				other: firstOther,
				spanSlot: new Int32Array(ncols).fill(-1),
				spanStart: new Uint32Array(0),
				spanEnd: new Uint32Array(0),
				codes: new Int32Array(0),
				dictStart: new Uint32Array(0),
				dictEnd: new Uint32Array(0),
				dictCount: new Int32Array(0),
				claim: new Int32Array(1)
			},
			columns: Array.from({ length: ncols }, () => new Float64Array(1)),
			chunk: 0,
			row0: 0,
			rows: 1,
			writeValues: true,
			adjust0: 0,
			textStart
		});
	}

	const fillPass = async (spanColumns: readonly number[], writeValues: boolean, values: readonly Float64Array[], other: Uint8Array) => {
		const spanSlot = pool.alloc(Int32Array, ncols).fill(-1);
		spanColumns.forEach((c, slot) => (spanSlot[c] = slot));
		const fill: CsvFillBuffers = {
			bytes: shared,
			bounds,
			rowStart,
			status: pool.alloc(Int32Array, chunks),
			adjust: pool.alloc(Float64Array, chunks),
			high: pool.alloc(Uint8Array, chunks),
			...Object.fromEntries(values.map((v, c) => [valueKey(c), v])),
			other,
			spanSlot,
			spanStart: pool.alloc(Uint32Array, spanColumns.length * rows),
			spanEnd: pool.alloc(Uint32Array, spanColumns.length * rows),
			codes: pool.alloc(Int32Array, spanColumns.length * rows),
			dictStart: pool.alloc(Uint32Array, spanColumns.length * chunks * DICT_CAP),
			dictEnd: pool.alloc(Uint32Array, spanColumns.length * chunks * DICT_CAP),
			dictCount: pool.alloc(Int32Array, spanColumns.length * chunks),
			claim: pool.alloc(Int32Array, 1)
		};
		const job = await pool.open(fill as never);
		try {
			for (let first = 0; first < chunks; first += group) {
				checkAbort();
				const end = Math.min(chunks, first + group);
				fill.claim[0] = 0;
				await job.run('csvFill', Math.min(job.parts, end - first), [delim, ncols, rows, writeValues ? 1 : 0, textStart, first, end]);
				if (writeValues) progress(2 / 3, bounds[Math.min(chunks, first + group)] + n / 2);
				await pause();
			}
		} finally {
			job.close();
		}
		for (let k = 0; k < chunks; k++) if (fill.status[k] !== CHUNK_OK) return null;
		return fill;
	};

	// Pass 2: numbers, and spans of the columns known to hold text.
	const values = Array.from({ length: ncols }, () => pool.alloc(Float64Array, rows));
	const other = pool.alloc(Uint8Array, chunks * ncols);
	const textColumns = [...firstOther.keys()].filter((c) => firstOther[c] === 1);
	const filled = await fillPass(textColumns, true, values, other);
	if (!filled) return null;
	if (head.high || filled.high.includes(1)) {
		try {
			wholeText();
		} catch {
			return null; // not UTF-8: the sequential reader decides between Windows-1252 and an error
		}
	}
	// Each chunk's UTF-16 offset minus its byte offset (spans are written relative to their chunk).
	const base = new Float64Array(chunks);
	for (let k = 0, adjust = head.adjust - textStart; k < chunks; k++) {
		base[k] = adjust;
		adjust += filled.adjust[k];
	}
	const spansOf = new Map<number, { fill: CsvFillBuffers; slot: number }>();
	textColumns.forEach((c, slot) => spansOf.set(c, { fill: filled, slot }));

	// Pass 3, rarely: spans of the columns whose first non-number came after the first record.
	const late: number[] = [];
	for (let c = 0; c < ncols; c++) {
		if (spansOf.has(c)) continue;
		for (let k = 0; k < chunks; k++) {
			if (other[k * ncols + c] === 1) {
				late.push(c);
				break;
			}
		}
	}
	if (late.length > 0) {
		const lateFill = await fillPass(late, false, values, other);
		if (!lateFill) return null;
		late.forEach((c, slot) => spansOf.set(c, { fill: lateFill, slot }));
	}

	const decimalComma = usesDecimalComma(options.decimal ?? 'auto', delimiter);
	const columns: Column[] = [];
	for (let c = 0; c < ncols; c++) {
		checkAbort();
		const spans = spansOf.get(c);
		if (spans) {
			const { fill, slot } = spans;
			const coded = codedColumn(bytes, fill, slot, chunks, rows);
			if (coded) columns.push(inferCodedColumn(header[c], coded.codes, coded.distinct, { decimalComma }));
			else {
				rebaseSpans(fill, slot, rows, rowStart, base);
				const cells = new TextSpanCells(wholeText(), fill.spanStart, fill.spanEnd, slot * rows, rows);
				columns.push(inferColumn(header[c], cells, { decimalComma }));
			}
		} else {
			// In shared memory, a copy in an ordinary buffer: a frame is stored and posted, shared memory is neither.
			const own = pool.threads > 1 ? values[c].slice() : values[c];
			columns.push({ kind: 'number', name: header[c], values: own });
		}
	}
	onProgress?.(n);
	return createFrame(columns, rows);
}

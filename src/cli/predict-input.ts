/**
 * Input files for `tessera predict`, read in batches of rows so that a file of any length
 * needs one batch in memory at a time: CSV/TSV through the importer's own incremental
 * parser (the same tokenizer and line counting), NDJSON line by line, a JSON array element
 * by element, Parquet one row range at a time, Arrow IPC one record batch at a time.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CellColumn, RawChunk } from '../lib/core/scoring/coerce';
import { SpanCells } from '../lib/core/frame/raw-cells';
import { CsvParser, type ParsedTable } from '../lib/core/readers/csv-parser';
import type { CsvDelimiter } from '../lib/core/readers/csv-detect';
import { createStreamDecoder, type EncodingChoice } from '../lib/core/readers/encoding';
import { usesDecimalComma, type DecimalChoice } from '../lib/core/frame/decimal';
import { JsonTableError } from '../lib/core/readers/json';
import { UsageError } from './args';

export type InputFormat = 'csv' | 'ndjson' | 'json' | 'parquet' | 'arrow';

/** Extensions `tessera predict` reads, by format. */
export const INPUT_EXTENSIONS: Readonly<Record<string, InputFormat>> = {
	'.csv': 'csv',
	'.tsv': 'csv',
	'.txt': 'csv',
	'.ndjson': 'ndjson',
	'.jsonl': 'ndjson',
	'.json': 'json',
	'.parquet': 'parquet',
	'.arrow': 'arrow',
	'.feather': 'arrow',
	'.ipc': 'arrow'
};

export function inputFormat(path: string): InputFormat {
	const dot = path.lastIndexOf('.');
	const format = INPUT_EXTENSIONS[dot < 0 ? '' : path.slice(dot).toLowerCase()];
	if (!format) throw new UsageError(`${path}: cannot score this kind of file; use one of ${Object.keys(INPUT_EXTENSIONS).join(' ')}`);
	return format;
}

/** One batch of input rows. */
export interface InputBatch {
	readonly chunk: RawChunk;
	/** 0-based index of the batch's first row among the file's data rows. */
	readonly firstRow: number;
	/** Per row, the 1-based line it starts on (CSV, NDJSON); null where rows are numbered (1-based data row). */
	readonly lines: Uint32Array | null;
	/** Whether the file's reader says the decimal comma applies (CSV with ';', or --decimal ,). */
	readonly decimalComma: boolean;
}

export interface InputOptions {
	readonly rows: number;
	readonly encoding?: EncodingChoice;
	readonly delimiter?: CsvDelimiter;
	readonly decimal?: DecimalChoice;
}

/** Rows from..to of a parse's columns, with one exact copy of its index arrays (what a thread is sent). */
function* csvBatches(
	taken: { table: ParsedTable; lines: Uint32Array },
	size: number,
	first: number,
	decimalComma: boolean
): Generator<InputBatch> {
	const { table, lines } = taken;
	const cells = table.columns as SpanCells[];
	for (let from = 0; from < table.rowCount; from += size) {
		const to = Math.min(table.rowCount, from + size);
		const columns: CellColumn[] = SpanCells.sliceRows(cells, from, to).map((c) => ({ kind: 'text', cells: c }));
		yield {
			chunk: { names: table.header, columns, rowCount: to - from },
			firstRow: first + from,
			lines: lines.subarray(from, to),
			decimalComma
		};
	}
}

async function* readCsv(path: string, options: InputOptions): AsyncGenerator<InputBatch> {
	const parser = new CsvParser(options.delimiter);
	const decoder = createStreamDecoder(options.encoding ?? 'auto');
	let first = 0;
	const flush = function* (taken: { table: ParsedTable; lines: Uint32Array } | null) {
		if (!taken) return;
		const decimalComma = usesDecimalComma(options.decimal ?? 'auto', taken.table.delimiter);
		yield* csvBatches(taken, options.rows, first, decimalComma);
		first += taken.table.rowCount;
	};
	// Pieces of about 1 MB: with a batch of rows taken as soon as there is one, at most a
	// batch plus one piece of text is held at a time.
	for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) {
		parser.push(decoder.decode(piece as Uint8Array));
		if (parser.pendingRows >= options.rows) yield* flush(parser.take());
	}
	parser.push(decoder.end());
	parser.end();
	yield* flush(parser.take());
}

/** Text a JSON value reads as, exactly as the importer's JSON reader (json.ts) turns it into a cell. */
function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Records as a chunk: columns are the keys of this batch's records and earlier ones, first seen first; a record without a key is missing there. */
function recordsChunk(records: readonly Record<string, unknown>[], seen: Set<string>): RawChunk {
	const cells = new Map<string, string[]>();
	// A key an earlier batch had is a column of the file: records here without it are missing
	// there, as the importer reads them, not a column missing from the file.
	for (const key of seen) cells.set(key, new Array<string>(records.length).fill(''));
	records.forEach((record, r) => {
		for (const key of Object.keys(record)) {
			let column = cells.get(key);
			if (!column) cells.set(key, (column = new Array<string>(records.length).fill('')));
			column[r] = cellText(Reflect.get(record, key));
		}
	});
	for (const key of cells.keys()) seen.add(key);
	return {
		names: [...cells.keys()],
		// Strings as typed values: coerce.ts reads a string cell exactly as CSV text (and an array of them crosses to a thread).
		columns: [...cells.values()].map((values) => ({ kind: 'values', values })),
		rowCount: records.length
	};
}

function asRecord(value: unknown, line: number, what: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new JsonTableError(line, `${what} is not an object; every record must be an object like {"column": value}`);
	return value as Record<string, unknown>;
}

async function* readNdjson(path: string, options: InputOptions): AsyncGenerator<InputBatch> {
	const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
	let records: Record<string, unknown>[] = [];
	let at: number[] = [];
	const seen = new Set<string>();
	let line = 0;
	let first = 0;
	const batch = (): InputBatch => {
		const b = { chunk: recordsChunk(records, seen), firstRow: first, lines: Uint32Array.from(at), decimalComma: false };
		first += records.length;
		records = [];
		at = [];
		return b;
	};
	for await (const text of lines) {
		line++;
		const trimmed = line === 1 ? text.replace(/^\ufeff/, '').trim() : text.trim();
		if (trimmed === '') continue;
		let value: unknown;
		try {
			value = JSON.parse(trimmed);
		} catch (e) {
			throw new JsonTableError(line, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
		}
		records.push(asRecord(value, line, 'the record'));
		at.push(line);
		if (records.length >= options.rows) yield batch();
	}
	if (records.length) yield batch();
}

/**
 * The elements of a top-level JSON array, one at a time: a scanner finds where each element
 * ends (tracking strings and nesting) and JSON.parse reads it, so the file is never one string.
 */
async function* jsonArrayElements(path: string): AsyncGenerator<unknown> {
	let buffer = '';
	let start = -1;
	let depth = 0;
	let inString = false;
	let escaped = false;
	let opened = false;
	let closed = false;
	for await (const piece of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
		const text = buffer + (piece as string);
		let i = buffer.length;
		for (; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (inString) {
				if (escaped) escaped = false;
				else if (c === 92) escaped = true;
				else if (c === 34) inString = false;
				continue;
			}
			if (!opened) {
				if (c === 91) opened = true;
				else if (c !== 0xfeff && c > 32)
					throw new JsonTableError(1, 'a JSON file to score must be an array of records ([{"column": value}, …])');
				continue;
			}
			if (closed) continue;
			if (c === 34) {
				inString = true;
				if (start < 0) start = i;
			} else if (c === 123 || c === 91) {
				if (start < 0) start = i;
				depth++;
			} else if (c === 125 || c === 93) {
				if (depth === 0) {
					if (start >= 0) yield JSON.parse(text.slice(start, i));
					start = -1;
					closed = true;
				} else depth--;
			} else if (c === 44 && depth === 0) {
				if (start >= 0) yield JSON.parse(text.slice(start, i));
				start = -1;
			} else if (c > 32 && start < 0) start = i;
		}
		// Keep only the unfinished element.
		buffer = start >= 0 ? text.slice(start) : '';
		if (start >= 0) start = 0;
	}
	if (!closed) throw new JsonTableError(1, 'the JSON array is never closed (the file is truncated?)');
}

async function* readJsonArray(path: string, options: InputOptions): AsyncGenerator<InputBatch> {
	let records: Record<string, unknown>[] = [];
	let first = 0;
	let index = 0;
	const seen = new Set<string>();
	for await (const element of jsonArrayElements(path)) {
		index++;
		records.push(asRecord(element, index, `element ${index} of the array`));
		if (records.length >= options.rows) {
			yield { chunk: recordsChunk(records, seen), firstRow: first, lines: null, decimalComma: false };
			first += records.length;
			records = [];
		}
	}
	if (records.length) yield { chunk: recordsChunk(records, seen), firstRow: first, lines: null, decimalComma: false };
}

/** Parquet rows read in one go: a whole row group when it is no larger, else ranges of it. */
const PARQUET_READ_ROWS = 1 << 18;

async function* readParquet(path: string, options: InputOptions): AsyncGenerator<InputBatch> {
	const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
	const file = await asyncBufferFromFile(path);
	const metadata = await parquetMetadataAsync(file);
	const names = parquetSchema(metadata).children.map((f) => f.element.name);
	// Read row group by row group (the unit Parquet compresses), so memory holds one group, or
	// one range of a very large group, at a time; then hand it out in batches.
	const ranges: [number, number][] = [];
	let groupStart = 0;
	for (const group of metadata.row_groups) {
		const groupEnd = groupStart + Number(group.num_rows);
		for (let from = groupStart; from < groupEnd; from += PARQUET_READ_ROWS)
			ranges.push([from, Math.min(groupEnd, from + PARQUET_READ_ROWS)]);
		groupStart = groupEnd;
	}
	for (const [rowStart, rowEnd] of ranges) {
		const n = rowEnd - rowStart;
		const cells = new Map<string, unknown[]>(names.map((name) => [name, new Array<unknown>(n).fill(null)]));
		await parquetRead({
			file,
			metadata,
			rowStart,
			rowEnd,
			onChunk: ({ columnName, columnData, rowStart: from }) => {
				const column = cells.get(columnName);
				if (!column) return;
				// A chunk may reach beyond the range asked for: keep only its rows.
				for (let i = 0; i < columnData.length; i++) {
					const r = from + i - rowStart;
					if (r >= 0 && r < n) column[r] = columnData[i];
				}
			}
		});
		for (let from = 0; from < n; from += options.rows) {
			const to = Math.min(n, from + options.rows);
			const columns: CellColumn[] = names.map((name) => ({ kind: 'values', values: cells.get(name)!.slice(from, to) }));
			yield { chunk: { names, columns, rowCount: to - from }, firstRow: rowStart + from, lines: null, decimalComma: false };
		}
	}
}

async function* readArrow(path: string, options: InputOptions): AsyncGenerator<InputBatch> {
	const { RecordBatchReader } = await import('apache-arrow');
	const handle = await open(path);
	try {
		const reader = await RecordBatchReader.from(handle.createReadStream());
		let first = 0;
		for await (const batch of reader) {
			const names = batch.schema.fields.map((f) => f.name);
			for (let from = 0; from < batch.numRows; from += options.rows) {
				const to = Math.min(batch.numRows, from + options.rows);
				const columns: CellColumn[] = names.map((_, k) => {
					const vector = batch.getChildAt(k);
					const values = new Array<unknown>(to - from);
					for (let i = from; i < to; i++) values[i - from] = vector ? vector.get(i) : null;
					return { kind: 'values', values };
				});
				yield { chunk: { names, columns, rowCount: to - from }, firstRow: first + from, lines: null, decimalComma: false };
			}
			first += batch.numRows;
		}
	} finally {
		await handle.close();
	}
}

function batchesOf(path: string, format: InputFormat, options: InputOptions): AsyncGenerator<InputBatch> {
	if (format === 'csv') return readCsv(path, options);
	if (format === 'ndjson') return readNdjson(path, options);
	if (format === 'json') return readJsonArray(path, options);
	if (format === 'parquet') return readParquet(path, options);
	return readArrow(path, options);
}

/**
 * The file's rows in batches of at most `options.rows`. A file that cannot be read on (a CSV
 * record with the wrong number of fields, broken JSON, a damaged Parquet or Arrow file) stops
 * the run as bad input (exit 2), with the reader's message and, where it has one, the line.
 */
export async function* readBatches(path: string, format: InputFormat, options: InputOptions): AsyncGenerator<InputBatch> {
	try {
		yield* batchesOf(path, format, options);
	} catch (e) {
		if (e instanceof UsageError) throw e;
		throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
	}
}

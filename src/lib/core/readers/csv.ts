/**
 * Public CSV entry points: a push-based reader for chunks of text, a one-shot
 * `readCsv`, and `readCsvStream` for bytes (a File's stream in a worker, a Node stream).
 */
import { CsvParser, type ParsedTable } from './csv-parser';
import type { CsvDelimiter } from './csv-detect';
import { usesDecimalComma, type DecimalChoice } from '../frame/decimal';
import { createStreamDecoder, type EncodingChoice } from './encoding';
import { tableToFrame } from '../frame/table';
import type { Frame } from '../frame/types';
import { abortError } from '../util/abort';

export interface CsvOptions {
	/** Omit to detect among `,` `;` tab `|` from the first records. */
	readonly delimiter?: CsvDelimiter;
	/** Decimal separator of number columns; omit for 'auto' (',' in ';'-separated files). */
	readonly decimal?: DecimalChoice;
}

export interface CsvReader {
	/** Feeds the next piece of text; pieces may split anywhere, even inside a quoted field. */
	push(text: string): void;
	/** Finishes the input and returns the raw table; throws CsvError on malformed input. */
	end(): ParsedTable;
}

export interface CsvStreamOptions extends CsvOptions {
	/** Omit for 'auto': a BOM, else UTF-8, else Windows-1252 (see encoding.ts). */
	readonly encoding?: EncodingChoice;
	readonly signal?: AbortSignal;
	readonly onProgress?: (bytesRead: number) => void;
}

export function createCsvReader(options: CsvOptions = {}): CsvReader {
	const parser = new CsvParser(options.delimiter);
	return {
		push: (text) => parser.push(text),
		end: () => parser.end()
	};
}

/** Parses a whole CSV text and infers column types. */
export function readCsv(text: string, options: CsvOptions = {}): Frame {
	const parser = new CsvParser(options.delimiter);
	parser.push(text);
	const table = parser.end();
	return tableToFrame(table, undefined, { decimalComma: usesDecimalComma(options.decimal ?? 'auto', table.delimiter) });
}

async function* chunksOf(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
	if (!('getReader' in source)) {
		yield* source;
		return;
	}
	// Safari's ReadableStream is not async-iterable, so read it by hand
	const reader = source.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			yield value;
		}
	} finally {
		reader.releaseLock();
	}
}

/**
 * Decodes bytes in stream mode (a character split across chunks stays whole),
 * parses, and infers a Frame. Cancellation is checked between chunks and columns.
 */
export async function readCsvStream(
	source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
	options: CsvStreamOptions = {}
): Promise<Frame> {
	const { signal, onProgress } = options;
	if (signal?.aborted) throw abortError();
	const parser = new CsvParser(options.delimiter);
	const decoder = createStreamDecoder(options.encoding);
	let bytesRead = 0;
	for await (const chunk of chunksOf(source)) {
		if (signal?.aborted) throw abortError();
		parser.push(decoder.decode(chunk));
		bytesRead += chunk.byteLength;
		onProgress?.(bytesRead);
	}
	parser.push(decoder.end());
	if (signal?.aborted) throw abortError();
	const table = parser.end();
	const decimalComma = usesDecimalComma(options.decimal ?? 'auto', table.delimiter);
	return tableToFrame(
		table,
		() => {
			if (signal?.aborted) throw abortError();
		},
		{ decimalComma }
	);
}

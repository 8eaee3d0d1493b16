/**
 * One entry point for every file format the studio and the CLI import. The file name's
 * extension decides; an unknown extension is sniffed from the first bytes (Parquet and
 * Arrow files start with magic numbers, JSON with `[` or `{`), else the file is CSV.
 */
import { readCsvStream, type CsvStreamOptions } from './csv';
import { readCsvParallel } from './csv-parallel';
import type { ComputePool } from '../compute/pool';
import { createStreamDecoder } from './encoding';
import { formatOfName, type TableFormat } from './formats';
import { readJson } from './json';
import type { ImageDecoder, ImageFrameOptions } from '../frame/images';
import type { Frame } from '../frame/types';
import { abortError } from '../util/abort';

export { formatOfName, TABLE_EXTENSIONS, type TableFormat } from './formats';

export interface ReadTableOptions extends CsvStreamOptions {
	/** The file's name, for its extension. */
	readonly fileName?: string;
	/** Omit to decide from the name, then from the content. */
	readonly format?: TableFormat;
	/** Decodes the images of a zip; omitted, PNG only (decoded in TypeScript, as in the CLI). */
	readonly decodeImage?: ImageDecoder;
	/** Size and channels images are converted to; omitted, chosen from the images (images.ts). */
	readonly images?: ImageFrameOptions;
	/** Threads a large CSV is parsed on (csv-parallel.ts); omitted, CSV is read sequentially. */
	readonly compute?: ComputePool;
}

/** Below this, a CSV is read sequentially even with a pool: starting the threads' jobs would cost more than it saves. */
export const PARALLEL_CSV_BYTES = 1 << 20;

function startsWith(bytes: Uint8Array, magic: string): boolean {
	if (bytes.length < magic.length) return false;
	for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
	return true;
}

/** Format from the first bytes: magic numbers, else JSON's opening bracket, else CSV. */
export function sniffFormat(head: Uint8Array): TableFormat {
	if (startsWith(head, 'PAR1')) return 'parquet';
	if (startsWith(head, 'ARROW1')) return 'arrow';
	if (startsWith(head, 'PK\x03\x04')) return 'zip';
	// The Arrow stream format starts with a continuation marker 0xFFFFFFFF
	if (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
	let i = 0;
	if (startsWith(head, '\xef\xbb\xbf')) i = 3;
	while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
	return head[i] === 0x5b || head[i] === 0x7b ? 'json' : 'csv';
}

export function detectFormat(bytes: Uint8Array, fileName = ''): TableFormat {
	return formatOfName(fileName) ?? sniffFormat(bytes.subarray(0, 64));
}

/**
 * Parses a whole file's bytes. CSV is fed in 1 MB chunks with a yield between them, so a
 * Cancel message reaches the worker and progress is reported — or, given a pool, parsed in
 * chunks on its threads (yielding between calls), falling back to the sequential read for a
 * file the parallel reader declines; the other formats need the whole buffer at once and
 * report progress when done.
 */
export async function readTableBytes(bytes: Uint8Array, options: ReadTableOptions = {}): Promise<Frame> {
	const format = options.format ?? detectFormat(bytes, options.fileName);
	const { signal, onProgress } = options;
	if (signal?.aborted) throw abortError();
	if (format === 'csv') {
		if (options.compute && bytes.length >= PARALLEL_CSV_BYTES) {
			const frame = await readCsvParallel(bytes, options.compute, options);
			if (frame) return frame;
		}
		const CHUNK = 1 << 20;
		async function* chunks() {
			for (let at = 0; at < bytes.length; at += CHUNK) {
				yield bytes.subarray(at, Math.min(bytes.length, at + CHUNK));
				await new Promise((r) => setTimeout(r, 0));
			}
		}
		return readCsvStream(chunks(), options);
	}
	let frame: Frame;
	if (format === 'json') {
		const decoder = createStreamDecoder(options.encoding);
		frame = readJson(decoder.decode(bytes) + decoder.end());
	} else if (format === 'zip') {
		frame = await (await import('./zip')).readImageZip(bytes, { ...options.images, decodeImage: options.decodeImage, signal, onProgress });
	} else if (format === 'parquet') {
		frame = await (await import('./parquet')).readParquet(bytes);
	} else {
		frame = await (await import('./arrow')).readArrow(bytes);
	}
	if (signal?.aborted) throw abortError();
	onProgress?.(bytes.length);
	return frame;
}
